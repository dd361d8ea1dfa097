/**
 * The fake's API: Cloudflare's v4 paths under /client/v4 (bearer token required), plus the fake's own
 * control paths under /__fake (faults, call log) that only a test uses.
 */
import { Hono } from 'hono';
import type { Fake, FakeEnv } from './context';
import { runScheduled } from './edge';
import { CfApiError, fail } from './envelope';
import { authError, internalError, invalidAccessToken, invalidToken, malformedAuthorization, missingAuth, noRoute } from './errors';
import { accountRoutes } from './routes-account';
import { d1Routes } from './routes-d1';
import { durableObjectRoutes } from './routes-durable-objects';
import { emptyListingRoutes } from './routes-empty';
import { kvRoutes } from './routes-kv';
import { scriptDomainRoutes } from './routes-script-domains';
import { triggerRoutes } from './routes-triggers';
import { dispatchRoutes } from './routes-dispatch';
import { domainRoutes, zoneRoutes } from './routes-domains';
import { scriptPartRoutes } from './routes-script-parts';
import { scriptRoutes, serviceRoutes } from './routes-scripts';

export const API_PREFIX = '/client/v4';

export function createApi(fake: Fake): (request: Request) => Promise<Response> {
  const api = new Hono<FakeEnv>();

  api.use('*', async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) throw missingAuth();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw malformedAuthorization();
    const token = fake.tokens.find((t) => t.value === match[1]);
    if (token === undefined) throw c.req.path.endsWith('/user/tokens/verify') ? invalidToken() : invalidAccessToken();
    c.set('token', token);
    await next();
  });

  api.use('/accounts/:account_id/*', async (c, next) => {
    if (c.req.param('account_id') !== fake.account.id) throw authError();
    await next();
  });

  const a = '/accounts/:account_id';
  api.route('/', accountRoutes(fake));
  api.route(`${a}/workers/scripts`, scriptRoutes(fake));
  api.route(`${a}/workers/scripts`, scriptPartRoutes(fake));
  api.route(`${a}/workers/scripts`, triggerRoutes(fake));
  api.route(`${a}/workers/scripts`, scriptDomainRoutes(fake));
  api.route(`${a}/workers/services`, serviceRoutes(fake));
  api.route(`${a}/workers/dispatch/namespaces`, dispatchRoutes(fake));
  api.route(`${a}/workers/dispatch/namespaces/:ns/scripts`, scriptRoutes(fake));
  api.route(`${a}/workers/dispatch/namespaces/:ns/scripts`, scriptPartRoutes(fake));
  api.route(`${a}/workers/domains`, domainRoutes(fake));
  api.route(`${a}/d1/database`, d1Routes(fake));
  api.route(`${a}/storage/kv/namespaces`, kvRoutes(fake));
  api.route(`${a}/workers/durable_objects/namespaces`, durableObjectRoutes(fake));
  api.route('/zones', zoneRoutes(fake));
  api.route(a, emptyListingRoutes(fake));

  api.notFound(() => fail(noRoute()));
  api.onError((error) => {
    if (error instanceof CfApiError) return fail(error);
    console.error('[cf-fake] unexpected error:', error);
    return fail(internalError());
  });

  // Changes run one at a time: an upload changes state, reloads workerd and may roll back, and a
  // second change interleaved with it would be rolled back too (Cloudflare serialises per script).
  let changes: Promise<unknown> = Promise.resolve();
  const serialised = (request: Request, run: () => Promise<Response>): Promise<Response> => {
    if (request.method === 'GET' || request.method === 'HEAD') return run();
    const next = changes.then(run);
    changes = next.catch(() => {});
    return next;
  };

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/__fake/')) return control(fake, request, url);
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) return fail(noRoute());
    const path = url.pathname.slice(API_PREFIX.length);
    const started = Date.now();
    const injected = fake.control.takeFault(request.method, path);
    // Read the body a fault refuses, as Cloudflare does: an unread upload left on a kept-alive
    // connection stalls the client's next request on it (the undo after a refused upload hung 30 s).
    if (injected) await request.arrayBuffer().catch(() => undefined);
    const response = injected ?? (await serialised(request, async () => api.fetch(new Request(new URL(path + url.search, url.origin), request))));
    fake.control.calls.push({ method: request.method, path, query: url.search, status: response.status, at: started });
    return response;
  };
}

async function control(fake: Fake, request: Request, url: URL): Promise<Response> {
  if (url.pathname === '/__fake/faults' && request.method === 'POST') {
    try {
      fake.control.setFault(await request.json());
      return Response.json({ ok: true, pending: fake.control.pendingFaults });
    } catch (error) {
      return Response.json({ ok: false, error: error instanceof Error ? error.message : String(error) }, { status: 400 });
    }
  }
  if (url.pathname === '/__fake/faults' && request.method === 'DELETE') {
    fake.control.clearFaults();
    return Response.json({ ok: true });
  }
  if (url.pathname === '/__fake/calls' && request.method === 'GET') return Response.json(fake.control.calls);
  if (url.pathname === '/__fake/calls' && request.method === 'DELETE') {
    fake.control.calls.length = 0;
    return Response.json({ ok: true });
  }
  const scheduled = /^\/__fake\/scheduled\/([^/]+)$/.exec(url.pathname);
  if (scheduled !== null && request.method === 'POST') {
    const script = fake.account.scripts.get(decodeURIComponent(scheduled[1]));
    if (script === undefined) return Response.json({ ok: false, error: 'no such script' }, { status: 404 });
    try {
      return Response.json({ ok: true, ...(await runScheduled(fake.runtime, script, url.searchParams.get('cron') ?? undefined)) });
    } catch (error) {
      return Response.json({ ok: false, error: error instanceof Error ? error.message : String(error) }, { status: 400 });
    }
  }
  return Response.json({ ok: false, error: 'unknown control path' }, { status: 404 });
}
