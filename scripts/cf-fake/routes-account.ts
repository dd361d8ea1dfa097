/** Who the token is and which account it reaches: token verify, user, memberships, accounts, workers.dev subdomain. */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Fake, type FakeEnv, jsonBody, need } from './context';
import { ok, okList } from './envelope';
import { parse } from './routes-script-parts';

const SubdomainBody = z.object({ subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });

export function accountRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  const account = () => ({ id: fake.account.id, name: fake.account.name, type: 'standard', settings: { enforce_twofactor: false }, created_on: '2026-01-01T00:00:00Z' });

  app.get('/user/tokens/verify', (c) =>
    ok({ id: tokenId(c.get('token').value), status: 'active' }, 200, undefined, [{ code: 10000, message: 'This API Token is valid and active', type: null }]),
  );

  app.get('/user', (c) => {
    need(c, 'User Details Read');
    return ok({ id: 'fake-user', email: 'fake@example.com', first_name: null, last_name: null, suspended: false });
  });

  app.get('/memberships', (c) => {
    need(c, 'Memberships Read');
    return okList([{ id: `membership-${fake.account.id}`, status: 'accepted', account: { id: fake.account.id, name: fake.account.name }, roles: ['Administrator'] }]);
  });

  app.get('/accounts', (c) => {
    need(c, 'Account Settings Read');
    return okList([account()]);
  });

  app.get('/accounts/:account_id', (c) => {
    need(c, 'Account Settings Read');
    return ok(account());
  });

  app.get('/accounts/:account_id/workers/subdomain', (c) => {
    need(c, 'Workers Scripts Read');
    return ok({ subdomain: fake.account.subdomain });
  });

  app.put('/accounts/:account_id/workers/subdomain', async (c) => {
    need(c, 'Workers Scripts Write');
    fake.account.subdomain = parse(SubdomainBody, await jsonBody(c)).subdomain;
    return ok({ subdomain: fake.account.subdomain });
  });

  return app;
}

/** A stable, non-secret id for a token (never the token itself). */
function tokenId(token: string): string {
  let hash = 0;
  for (const ch of token) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `token-${hash.toString(16)}`;
}
