/** D1: create/list/get/delete databases and run SQL through the query and raw endpoints. */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { type Ctx, type Fake, type FakeEnv, jsonBody, need } from './context';
import { ok } from './envelope';
import { d1NameTaken, d1NotFound } from './errors';
import { runBatch, runQuery } from './d1';
import { parse } from './routes-script-parts';
import type { D1Database as FakeD1 } from './state';

const CreateBody = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i), primary_location_hint: z.string().optional() });
const SingleQuery = z.object({ sql: z.string().min(1), params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional() });
/** D1's query body: one query, or `{batch: [...]}` run as one transaction (one result per query). */
const QueryBody = z.union([SingleQuery, z.object({ batch: z.array(SingleQuery).min(1) })]);

export function d1Routes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  let counter = 0;
  const view = (db: FakeD1) => ({ uuid: db.uuid, name: db.name, created_at: db.createdAt, version: 'production', num_tables: 0, file_size: 0 });
  const dbOf = (c: Ctx) => {
    const key = c.req.param('db') ?? '';
    const db = fake.account.d1.get(key) ?? [...fake.account.d1.values()].find((d) => d.name === key);
    if (db === undefined) throw d1NotFound();
    return db;
  };

  app.get('/', (c) => {
    need(c, 'D1 Read');
    const name = c.req.query('name');
    const page = Math.max(1, Number(c.req.query('page') ?? '1') || 1);
    const perPage = Math.min(10_000, Math.max(1, Number(c.req.query('per_page') ?? '100') || 100));
    const all = [...fake.account.d1.values()].filter((db) => name === undefined || db.name === name);
    const items = all.slice((page - 1) * perPage, page * perPage);
    return ok(items.map(view), 200, { page, per_page: perPage, count: items.length, total_count: all.length });
  });

  app.post('/', async (c) => {
    need(c, 'D1 Write');
    const body = parse(CreateBody, await jsonBody(c));
    if ([...fake.account.d1.values()].some((d) => d.name === body.name)) throw d1NameTaken(body.name);
    counter += 1;
    const db: FakeD1 = { uuid: randomUUID(), name: body.name, createdAt: new Date().toISOString(), hostBinding: `D1_${counter}` };
    fake.account.d1.set(db.uuid, db);
    await fake.runtime.reload(fake.account);
    return ok(view(db));
  });

  app.get('/:db', (c) => {
    need(c, 'D1 Read');
    return ok(view(dbOf(c)));
  });

  app.delete('/:db', async (c) => {
    need(c, 'D1 Write');
    const db = dbOf(c);
    fake.account.d1.delete(db.uuid);
    await fake.runtime.reload(fake.account);
    return ok(null);
  });

  for (const action of ['query', 'raw'] as const) {
    app.post(`/:db/${action}`, async (c) => {
      need(c, 'D1 Write');
      const db = dbOf(c);
      const body = parse(QueryBody, await jsonBody(c));
      const d1 = await fake.runtime.d1(db.hostBinding);
      return ok('batch' in body ? await runBatch(d1, body.batch, action === 'raw') : await runQuery(d1, body, action === 'raw'));
    });
  }

  return app;
}
