/** Workers KV namespaces (create, list, rename, delete) and their values, stored in Miniflare's KV. */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Ctx, type Fake, type FakeEnv, jsonBody, need } from './context';
import { CfApiError, ok } from './envelope';
import { parse } from './routes-script-parts';
import { hexId, type KvNamespace } from './state';

const TitleBody = z.object({ title: z.string().min(1).max(512) });
const kvNotFound = () => new CfApiError(404, 10006, 'namespace not found');
const keyNotFound = () => new CfApiError(404, 10009, 'get: key not found');

export function kvRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  let counter = 0;
  const view = (ns: KvNamespace) => ({ id: ns.id, title: ns.title, supports_url_encoding: true });
  const nsOf = (c: Ctx) => {
    const ns = fake.account.kv.get(c.req.param('id') ?? '');
    if (ns === undefined) throw kvNotFound();
    return ns;
  };

  app.get('/', (c) => {
    need(c, 'Workers KV Storage Read');
    const page = Math.max(1, Number(c.req.query('page') ?? '1') || 1);
    const perPage = Math.min(1000, Math.max(1, Number(c.req.query('per_page') ?? '20') || 20));
    const all = [...fake.account.kv.values()].sort((a, b) => a.title.localeCompare(b.title));
    const items = all.slice((page - 1) * perPage, page * perPage);
    return ok(items.map(view), 200, { page, per_page: perPage, count: items.length, total_count: all.length });
  });

  app.post('/', async (c) => {
    need(c, 'Workers KV Storage Write');
    const { title } = parse(TitleBody, await jsonBody(c));
    if ([...fake.account.kv.values()].some((ns) => ns.title === title)) throw new CfApiError(400, 10014, 'create namespace: a namespace with this account ID and title already exists');
    counter += 1;
    const ns = { id: hexId(), title, hostBinding: `KV_${counter}` };
    fake.account.kv.set(ns.id, ns);
    await fake.runtime.reload(fake.account);
    return ok(view(ns));
  });

  app.get('/:id', (c) => {
    need(c, 'Workers KV Storage Read');
    return ok(view(nsOf(c)));
  });

  app.put('/:id', async (c) => {
    need(c, 'Workers KV Storage Write');
    const ns = nsOf(c);
    ns.title = parse(TitleBody, await jsonBody(c)).title;
    return ok(null);
  });

  app.delete('/:id', async (c) => {
    need(c, 'Workers KV Storage Write');
    fake.account.kv.delete(nsOf(c).id);
    await fake.runtime.reload(fake.account);
    return ok(null);
  });

  app.get('/:id/values/:key', async (c) => {
    need(c, 'Workers KV Storage Read');
    const kv = await fake.runtime.kv(nsOf(c).hostBinding);
    const value = await kv.get(c.req.param('key'), 'arrayBuffer');
    if (value === null) throw keyNotFound();
    return new Response(value, { headers: { 'content-type': 'application/octet-stream' } });
  });

  app.put('/:id/values/:key', async (c) => {
    need(c, 'Workers KV Storage Write');
    const kv = await fake.runtime.kv(nsOf(c).hostBinding);
    await kv.put(c.req.param('key'), await c.req.arrayBuffer());
    return ok(null);
  });

  app.delete('/:id/values/:key', async (c) => {
    need(c, 'Workers KV Storage Write');
    const kv = await fake.runtime.kv(nsOf(c).hostBinding);
    await kv.delete(c.req.param('key'));
    return ok(null);
  });

  return app;
}
