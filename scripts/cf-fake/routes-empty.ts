/**
 * Listings of a product the fake does not implement, which wrangler reads on its way (`wrangler
 * delete` looks for tail producers). The fake's account has no tail Workers and none can be
 * configured, so the true answer is an empty list.
 */
import { Hono } from 'hono';
import { type Fake, type FakeEnv, need, scriptOf } from './context';
import { okList } from './envelope';

export function emptyListingRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  app.get('/workers/tails/by-consumer/:name', (c) => {
    need(c, 'Workers Scripts Read');
    scriptOf(fake, c);
    return okList([]);
  });
  return app;
}
