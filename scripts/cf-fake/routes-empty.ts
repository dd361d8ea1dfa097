/**
 * Listings of products the fake does not implement, which wrangler reads on its way (e.g. `wrangler
 * delete` looks for a Workers Sites KV namespace, and for tail producers). The fake's account has
 * none of them and none can be created, so the true answer is an empty list.
 */
import { Hono } from 'hono';
import { type Fake, type FakeEnv, need, scriptOf } from './context';
import { okList } from './envelope';

export function emptyListingRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  app.get('/storage/kv/namespaces', (c) => {
    need(c, 'Workers Scripts Read');
    return okList([]);
  });
  app.get('/workers/tails/by-consumer/:name', (c) => {
    need(c, 'Workers Scripts Read');
    scriptOf(fake, c);
    return okList([]);
  });
  return app;
}
