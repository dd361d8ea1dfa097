/**
 * Stateful CRUD records through the admin API: which collections the plan has, what is stored,
 * seeding and clearing. Scope: the mock's global records, or one session's (`session_id`; seeding
 * a session makes it isolated, so its requests see only its own records).
 */
import { records as routes } from '../../../src/admin-api';
import { MAX_RECORD_BYTES, type ResourceOperation, type Runtime } from '../../../src/runtime';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { adopt, served } from '../plan-cache';
import { ADMIN_BAD_REQUEST, ADMIN_INVALID, ADMIN_NOT_FOUND, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';
import { type AdminApp, answer, mount } from './mount';
import { readJson } from './read-json';
import { ADMIN_NO_PLAN } from './steering';

const MAX_SEED_BYTES = 8 * 1024 * 1024;

export function registerRecordRoutes(app: AdminApp): void {
  mount(app, routes.listRecordCollections, async (c) => {
    const query = routes.listRecordCollections.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const { runtime, settings, steering } = await served(c.env);
    if (!runtime) return noPlan(c.env);
    const scope = query.data.session_id ?? '';
    const rules = steering?.rulesFor(query.data.session_id ?? null) ?? null;
    return answer(routes.listRecordCollections, {
      session_id: query.data.session_id ?? null,
      stateful: rules?.stateful ?? settings.stateful,
      collections: await mockStateStub(c.env).recordCounts(scope),
      resources: [...runtime.resources].map(([op, res]) => ({ operation: op.id, method: op.method.toUpperCase(), path: op.path, action: res.action, collection: res.collection, id_property: res.idProperty })),
    });
  });

  mount(app, routes.listRecords, async (c) => {
    const query = routes.listRecords.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const { runtime } = await served(c.env);
    if (!runtime) return noPlan(c.env);
    const found = collectionOf(runtime, query.data.collection);
    if (found instanceof Response) return found;
    const items = await mockStateStub(c.env).recordList(query.data.session_id ?? '', found.key);
    return answer(routes.listRecords, { collection: found.key, session_id: query.data.session_id ?? null, items: items.map((text) => JSON.parse(text) as unknown) });
  });

  mount(app, routes.seedRecords, async (c) => {
    const body = await readJson(c.req.raw, MAX_SEED_BYTES);
    if (!body.ok) return body.response;
    const parsed = routes.seedRecords.body.schema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a seed: {collection, items[]}.', zodItems(parsed.error, 'body'));
    const { runtime } = await served(c.env);
    if (!runtime) return noPlan(c.env);
    const found = collectionOf(runtime, parsed.data.collection);
    if (found instanceof Response) return found;
    const { idProperty } = found.resource;
    const records: Array<{ id: string; json: string }> = [];
    for (const [index, item] of parsed.data.items.entries()) {
      const json = JSON.stringify(item);
      const size = json.length;
      if (size > MAX_RECORD_BYTES) return problemResponse(ADMIN_TOO_LARGE, `Item ${index} is ${size} bytes as JSON; at most ${MAX_RECORD_BYTES} are kept per record.`, [{ location: `body/items/${index}`, message: 'too large' }]);
      const id = idProperty === null ? crypto.randomUUID() : item[idProperty];
      if (typeof id !== 'string' && typeof id !== 'number') {
        return problemResponse(ADMIN_INVALID, `Records of ${found.key} are identified by "${idProperty}"; item ${index} has none.`, [{ location: `body/items/${index}/${idProperty}`, message: 'required (a string or number)' }]);
      }
      records.push({ id: String(id), json });
    }
    const stub = mockStateStub(c.env);
    const session = parsed.data.session_id;
    if (session !== undefined) {
      const made = await stub.ensureSession(session);
      if (!made.ok) return problemResponse(ADMIN_INVALID, made.detail);
      await adopt(c.env, made.snapshot);
    }
    const seeded = await stub.seedRecords(session ?? '', found.key, records, parsed.data.replace === true);
    return answer(routes.seedRecords, { collection: found.key, session_id: session ?? null, seeded, id_property: idProperty });
  });

  mount(app, routes.clearRecords, async (c) => {
    const query = routes.clearRecords.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    let key: string | null = null;
    if (query.data.collection !== undefined) {
      const { runtime } = await served(c.env);
      if (!runtime) return noPlan(c.env);
      const found = collectionOf(runtime, query.data.collection);
      if (found instanceof Response) return found;
      key = found.key;
    }
    const deleted = await mockStateStub(c.env).recordClear(query.data.session_id ?? '', key);
    return answer(routes.clearRecords, { collection: key, session_id: query.data.session_id ?? null, deleted });
  });
}

/** The collection a concrete path names (base path optional), with the resource that describes it. */
function collectionOf(runtime: Runtime, given: string): { key: string; resource: ResourceOperation } | Response {
  const base = runtime.plan.basePath;
  const trimmed = given.length > 1 && given.endsWith('/') ? given.slice(0, -1) : given;
  const candidates = base !== '' && trimmed.startsWith(`${base}/`) ? [trimmed, trimmed.slice(base.length)] : [trimmed];
  const resources = [...runtime.resources.values()];
  for (const path of candidates) {
    for (const resource of resources) {
      if (templateMatches(resource.collection, path)) return { key: path, resource };
    }
  }
  const available = [...new Set(resources.map((r) => r.collection))];
  return problemResponse(ADMIN_NOT_FOUND, `${given} is not a collection of this API; collections: ${available.join(', ') || 'none'}.`, [{ location: 'collection', message: 'unknown collection' }]);
}

function templateMatches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => (/^\{[^{}]+\}$/.test(seg) ? b[i] !== '' : seg === b[i]));
}

function noPlan(env: Env): Response {
  return problemResponse(ADMIN_NO_PLAN, `Mock "${env.MOCK_ID}" has no plan yet.`);
}
