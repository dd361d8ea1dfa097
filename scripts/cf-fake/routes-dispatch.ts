/** Workers for Platforms dispatch namespaces: create, list, get, delete (scripts inside use the script routes). */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Fake, type FakeEnv, jsonBody, need } from './context';
import { ok, okList } from './envelope';
import { namespaceExists, namespaceNotFound } from './errors';
import { parse } from './routes-script-parts';
import { type DispatchNamespace, hexId } from './state';

const CreateBody = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/) });

export function dispatchRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  const view = (ns: DispatchNamespace) => ({
    namespace_id: ns.id,
    namespace_name: ns.name,
    created_on: ns.createdOn,
    modified_on: ns.createdOn,
    script_count: fake.account.namespaceScripts.get(ns.name)?.size ?? 0,
  });

  app.get('/', (c) => {
    need(c, 'Workers Scripts Read');
    return okList([...fake.account.namespaces.values()].map(view));
  });

  app.post('/', async (c) => {
    need(c, 'Workers Scripts Write');
    const body = parse(CreateBody, await jsonBody(c));
    if (fake.account.namespaces.has(body.name)) throw namespaceExists();
    const ns = { id: hexId(), name: body.name, createdOn: new Date().toISOString() };
    fake.account.namespaces.set(ns.name, ns);
    fake.account.namespaceScripts.set(ns.name, new Map());
    return ok(view(ns));
  });

  app.get('/:ns', (c) => {
    need(c, 'Workers Scripts Read');
    const ns = fake.account.namespaces.get(c.req.param('ns'));
    if (ns === undefined) throw namespaceNotFound();
    return ok(view(ns));
  });

  app.delete('/:ns', async (c) => {
    need(c, 'Workers Scripts Write');
    const name = c.req.param('ns');
    if (!fake.account.namespaces.delete(name)) throw namespaceNotFound();
    const scripts = [...(fake.account.namespaceScripts.get(name)?.values() ?? [])];
    fake.account.namespaceScripts.delete(name);
    await fake.runtime.reload(fake.account);
    for (const script of scripts) await fake.forgetDurableObjects(script);
    return ok(null);
  });

  return app;
}
