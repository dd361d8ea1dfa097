/** Steering a running mock through its admin API: overrides, scenarios, faults, pause/resume, control. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'steershop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.steershop;
});
afterAll(() => stack?.dispose());

interface ProblemBody {
  type: string;
  status: number;
  detail?: string;
  errors?: Array<{ location: string; message: string }>;
}

const json = (body: unknown, method = 'POST'): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function call(path: string, body: unknown, method = 'POST'): Promise<{ status: number; body: ProblemBody & Record<string, unknown> }> {
  const res = await mock.admin(path, json(body, method));
  return { status: res.status, body: (await res.json()) as ProblemBody & Record<string, unknown> };
}

async function reset(): Promise<void> {
  for (const action of ['resume', 'reset-state']) expect((await call('/api/server/control', { action })).status).toBe(200);
  const list = (await (await mock.admin('/api/mock-data/scenarios')).json()) as { items: Array<{ name: string }> };
  for (const item of list.items) await mock.admin(`/api/mock-data/scenarios/${item.name}?force=true`, { method: 'DELETE' });
}

beforeEach(reset);

/** The log's row count once every earlier request's row has landed (writes happen after the responses, in batches). */
async function settledLogCount(): Promise<number> {
  let last = -1;
  for (;;) {
    const total = ((await (await mock.admin('/api/requests?limit=1')).json()) as { total: number }).total;
    if (total === last) return total;
    last = total;
    await new Promise((r) => setTimeout(r, 400));
  }
}

describe('POST /api/mock-data/update', () => {
  it('overrides a response by path template, with or without the base path, or by operationId', async () => {
    const update = await call('/api/mock-data/update', { endpoint: '/books/{bookId}', method: 'get', new_response: { id: 'x', title: 'Overridden' }, headers: { 'X-Extra': 'yes' } });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ applied: true, target: 'live', operation: 'getBook' });
    const res = await fetch(`${mock.url}/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-extra')).toBe('yes');
    expect(res.headers.get('x-mockloop-scenario')).toBe('override');
    expect(await res.json()).toEqual({ id: 'x', title: 'Overridden' });

    expect((await call('/api/mock-data/update', { endpoint: '/v1/books', method: 'GET', status: 429 })).status).toBe(200);
    const limited = await fetch(`${mock.url}/books`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();

    expect((await call('/api/mock-data/update', { endpoint: 'listBooks', method: 'GET', example: 'empty' })).status).toBe(200);
    const empty = await fetch(`${mock.url}/books`);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ items: [], total: 0 });
  });

  it('stores and serves a new_response that breaks the declared schema, answering with warnings that name each violation', async () => {
    const path = `${mock.url}/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11`;
    await mock.admin('/api/mock-data/overrides', { method: 'DELETE' });
    const valid = await (await fetch(path)).json();
    const fits = await call('/api/mock-data/update', { endpoint: 'getBook', method: 'GET', new_response: valid });
    expect(fits.body).toMatchObject({ applied: true, warnings: [] });

    const broken = await call('/api/mock-data/update', { endpoint: 'getBook', method: 'GET', new_response: { id: 'not-a-uuid', title: '' } });
    expect(broken.status).toBe(200);
    const warnings = broken.body.warnings as Array<{ location: string; message: string }>;
    expect(warnings.map((w) => w.location)).toEqual(expect.arrayContaining(['body/new_response/id', 'body/new_response/title', 'body/new_response/authorId']));
    expect(warnings.find((w) => w.location === 'body/new_response/authorId')?.message).toMatch(/required.*getBook/);
    expect(await (await fetch(path)).json()).toEqual({ id: 'not-a-uuid', title: '' });
    await mock.admin('/api/mock-data/overrides', { method: 'DELETE' });
  });

  it('leaves other operations alone and yields to a request’s own Prefer', async () => {
    await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', status: 400 });
    expect((await fetch(`${mock.url}/authors`)).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(400);
    expect((await fetch(`${mock.url}/books`, { headers: { prefer: 'code=200' } })).status).toBe(200);
  });

  it('takes effect for the very next request, 100 times in a row', async () => {
    for (let i = 0; i < 100; i++) {
      const update = await call('/api/mock-data/update', { endpoint: '/books/{bookId}', method: 'GET', new_response: { n: i } });
      expect(update.status).toBe(200);
      const res = await fetch(`${mock.url}/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11`);
      expect(await res.json()).toEqual({ n: i });
    }
  });

  it('gives the state version, which a request can send back to be served that state or newer', async () => {
    const res = await mock.admin('/api/mock-data/update', json({ endpoint: '/books', method: 'GET', status: 400 }));
    const version = Number(res.headers.get('x-mockloop-state-version'));
    expect(version).toBeGreaterThan(0);
    expect((await fetch(`${mock.url}/books`, { headers: { 'x-mockloop-state-version': String(version) } })).status).toBe(400);
    // A version not reached yet: the request reads the state again and is still answered.
    expect((await fetch(`${mock.url}/books`, { headers: { 'x-mockloop-state-version': String(version + 1000) } })).status).toBe(400);
  });

  it('refuses unknown operations (404, listing them), undeclared statuses and examples (422) and bad input', async () => {
    const unknown = await call('/api/mock-data/update', { endpoint: '/nope', method: 'GET', status: 200 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0].location).toBe('body/endpoint');
    expect(unknown.body.errors?.[0].message).toContain('GET /books');
    expect(unknown.body.available).toEqual(expect.arrayContaining(['GET /books', 'POST /books', 'GET /books/{bookId}']));
    const method = await call('/api/mock-data/update', { endpoint: '/books', method: 'PATCH' });
    expect(method.status).toBe(404);
    expect(method.body.errors?.[0].location).toBe('body/method');
    const status = await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', status: 418 });
    expect(status.status).toBe(422);
    expect(status.body.errors?.[0]).toMatchObject({ location: 'body/status' });
    expect(status.body.errors?.[0].message).toContain('200, 400, 429');
    const example = await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', example: 'nope' });
    expect(example.status).toBe(422);
    expect(example.body.errors?.[0].message).toContain('"firstPage", "empty"');
    const range = await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', status: 700, latency: { type: 'fixed', ms: -1 } });
    expect(range.status).toBe(422);
    expect(range.body.errors?.map((e) => e.location)).toEqual(expect.arrayContaining(['body/status', 'body/latency/ms']));
    const both = await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', example: 'empty', dynamic: true });
    expect(both.status).toBe(422);
    const bad = await mock.admin('/api/mock-data/update', { method: 'POST', body: '{"endpoint":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const big = await mock.admin('/api/mock-data/update', json({ endpoint: '/books', method: 'GET', new_response: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
    // Nothing was stored by the failed calls.
    const state = (await (await mock.admin('/api/mock-data/state')).json()) as { overrides: unknown[] };
    expect(state.overrides).toEqual([]);
  });

  it('refuses overrides beyond what the state can hold, keeping the earlier ones', async () => {
    const big = 'x'.repeat(900_000);
    expect((await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', new_response: big })).status).toBe(200);
    const second = await call('/api/mock-data/update', { endpoint: '/authors', method: 'GET', new_response: big });
    expect(second.status).toBe(413);
    expect((await fetch(`${mock.url}/authors`)).status).toBe(200);
    expect(await (await fetch(`${mock.url}/books`)).json()).toBe(big);
  });

  it('removes overrides one by one or all', async () => {
    await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', status: 400 });
    await call('/api/mock-data/update', { endpoint: '/authors', method: 'GET', status: 400 });
    expect((await mock.admin('/api/mock-data/overrides?endpoint=/books&method=GET', { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
    expect((await fetch(`${mock.url}/authors`)).status).toBe(400);
    expect((await mock.admin('/api/mock-data/overrides', { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${mock.url}/authors`)).status).toBe(200);
  });
});

describe('/api/mock-data/scenarios', () => {
  const outage = {
    name: 'outage',
    description: 'Books are down',
    default: { latency: { type: 'fixed', ms: 5 } },
    rules: [
      { endpoint: '/books', method: 'GET', status: 429 },
      { endpoint: 'getBook', method: 'GET', new_response: { title: 'From the scenario' } },
    ],
  };

  it('creates, lists, activates, updates, deactivates and deletes', async () => {
    const created = await call('/api/mock-data/scenarios', outage);
    expect(created.status).toBe(201);
    expect((await call('/api/mock-data/scenarios', outage)).status).toBe(409);
    let list = (await (await mock.admin('/api/mock-data/scenarios')).json()) as { active: string | null; items: Array<{ name: string; rules: number }> };
    expect(list).toMatchObject({ active: null, items: [{ name: 'outage', rules: 2 }] });

    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
    expect((await call('/api/mock-data/scenarios/active', { name: 'outage' }, 'PUT')).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(429);
    const book = await fetch(`${mock.url}/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11`);
    expect(await book.json()).toEqual({ title: 'From the scenario' });
    expect(book.headers.get('x-mockloop-scenario')).toBe('outage');
    // The default applies to operations no rule names.
    const authors = await fetch(`${mock.url}/authors`);
    expect(authors.status).toBe(200);
    expect(authors.headers.get('x-mockloop-scenario')).toBe('outage');
    list = (await (await mock.admin('/api/mock-data/scenarios')).json()) as typeof list;
    expect(list.active).toBe('outage');

    // An update of the active scenario applies at once.
    const updated = await call('/api/mock-data/scenarios', { ...outage, rules: [{ endpoint: '/books', method: 'GET', status: 400 }] }, 'PUT');
    expect(updated.status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(400);
    // An override into the scenario.
    expect((await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', example: 'empty', scenario_name: 'outage' })).status).toBe(200);
    expect(await (await fetch(`${mock.url}/books`)).json()).toMatchObject({ total: 0 });
    const stored = (await (await mock.admin('/api/mock-data/scenarios/outage')).json()) as { rules: unknown[]; active_in: string[] };
    expect(stored.rules).toHaveLength(1);
    expect(stored.active_in).toEqual(['live']);

    // The active scenario cannot vanish silently.
    const refused = await mock.admin('/api/mock-data/scenarios/outage', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ProblemBody).detail).toMatch(/force=true/);
    expect((await mock.admin('/api/mock-data/scenarios/active', { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
    expect((await mock.admin('/api/mock-data/scenarios/outage', { method: 'DELETE' })).status).toBe(200);
    expect((await mock.admin('/api/mock-data/scenarios/outage')).status).toBe(404);
  });

  it('deletes an active scenario with force=true, deactivating it', async () => {
    await call('/api/mock-data/scenarios', outage);
    await call('/api/mock-data/scenarios/active', { name: 'outage' }, 'PUT');
    expect((await mock.admin('/api/mock-data/scenarios/outage?force=true', { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('rejects a scenario that does not fit the plan, naming the rule and field', async () => {
    const bad = { name: 'bad', rules: [{ endpoint: '/books', method: 'GET', status: 404 }, { endpoint: '/nowhere', method: 'GET' }, { endpoint: 'getBook', method: 'GET', example: 'nope' }, { endpoint: '/v1/books', method: 'get' }] };
    const res = await call('/api/mock-data/scenarios', bad);
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.location)).toEqual(['body/rules/0/status', 'body/rules/1/endpoint', 'body/rules/2/example', 'body/rules/3']);
    const shape = await call('/api/mock-data/scenarios', { name: 'bad name!', rules: 'x' });
    expect(shape.status).toBe(422);
    expect(shape.body.errors?.map((e) => e.location)).toEqual(expect.arrayContaining(['body/name', 'body/rules']));
    expect((await call('/api/mock-data/scenarios/active', { name: 'missing' }, 'PUT')).status).toBe(404);
    expect((await mock.admin('/api/mock-data/scenarios')).status).toBe(200);
    expect(((await (await mock.admin('/api/mock-data/scenarios')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('validates without storing', async () => {
    const good = await call('/api/mock-data/scenarios/validate', outage);
    expect(good).toMatchObject({ status: 200, body: { valid: true, errors: [] } });
    const bad = await call('/api/mock-data/scenarios/validate', { name: 'x', rules: [{ endpoint: '/books', method: 'GET', status: 503 }] });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors?.[0]).toMatchObject({ location: 'body/rules/0/status' });
    const zod = await call('/api/mock-data/scenarios/validate', { name: 'x', rules: [{ endpoint: '/books', method: 'GET', fault: { error_rate: 2 } }] });
    expect(zod.body).toMatchObject({ valid: false, errors: [{ location: 'body/rules/0/fault/error_rate' }] });
    expect(((await (await mock.admin('/api/mock-data/scenarios')).json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('faults', () => {
  const override = (rule: Record<string, unknown>) => call('/api/mock-data/update', { endpoint: '/books', method: 'GET', ...rule });

  it('answers with the operation’s own declared error (429 with Retry-After) at the given rate, repeatably with a seed', async () => {
    await override({ fault: { error_rate: 1 } });
    const res = await fetch(`${mock.url}/books`);
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 429 });

    const outcomes = async () => {
      await override({ fault: { error_rate: 0.5, seed: 7 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await fetch(`${mock.url}/books`)).status);
      return statuses;
    };
    const first = await outcomes();
    expect(first).toContain(200);
    expect(first).toContain(429);
    expect(await outcomes()).toEqual(first);
  });

  it('answers with a given status, and problem+json with Retry-After when the spec declares none', async () => {
    await override({ fault: { error_rate: 1, error_status: 503, retry_after: 9 } });
    const res = await fetch(`${mock.url}/books`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('9');
    expect(((await res.json()) as ProblemBody).type).toMatch(/injected-fault/);
  });

  it('delays by fixed, uniform and log-normal latency', async () => {
    for (const latency of [
      { type: 'fixed', ms: 150 },
      { type: 'uniform', min_ms: 120, max_ms: 160 },
      { type: 'lognormal', median_ms: 150, sigma: 0.01 },
    ]) {
      await override({ latency });
      const started = Date.now();
      expect((await fetch(`${mock.url}/books`)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    }
  });

  it('sends an empty body, or a malformed one with the declared content type', async () => {
    await override({ fault: { empty: true } });
    const empty = await fetch(`${mock.url}/books`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
    await override({ fault: { malformed: true } });
    const broken = await fetch(`${mock.url}/books`);
    expect(broken.headers.get('content-type')).toBe('application/json');
    const text = await broken.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('dribbles the body in chunks with delays', async () => {
    await override({ fault: { dribble: { chunk_bytes: 64, interval_ms: 40 } } });
    const started = Date.now();
    const res = await fetch(`${mock.url}/books`);
    const headersAt = Date.now() - started;
    const reader = res.body!.getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(3);
    expect(Date.now() - started - headersAt).toBeGreaterThanOrEqual(100);
    expect(JSON.parse(text)).toMatchObject({ total: 3 });
  });

  it('logs requests answered by a fault like every other, with what steered them', async () => {
    await settledLogCount();
    await call('/api/server/control', { action: 'reset-logs' });
    await override({ fault: { error_rate: 1, error_status: 500 } });
    await fetch(`${mock.url}/books`);
    expect(await waitForLogCount(mock, 1)).toBe(1);
    const log = (await (await mock.admin('/api/requests?limit=1')).json()) as { items: Array<{ status: number; responseHeaders: Record<string, string> }> };
    expect(log.items[0].status).toBe(500);
    expect(log.items[0].responseHeaders['x-mockloop-scenario']).toBe('override');
  });
});

describe('POST /api/server/control', () => {
  it('pauses (503 problem on the mock origin) and resumes', async () => {
    expect((await call('/api/server/control', { action: 'pause' })).body).toMatchObject({ paused: true });
    const paused = await fetch(`${mock.url}/books`);
    expect(paused.status).toBe(503);
    expect(paused.headers.get('content-type')).toBe('application/problem+json');
    expect(((await paused.json()) as ProblemBody).type).toMatch(/paused/);
    expect((await fetch(`${mock.adminUrl}/health`)).status).toBe(200);
    expect((await call('/api/server/control', { action: 'resume' })).body).toMatchObject({ paused: false });
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('resets state, resets logs, reloads, and refuses bad actions', async () => {
    await call('/api/mock-data/update', { endpoint: '/books', method: 'GET', status: 400 });
    expect((await call('/api/server/control', { action: 'reset-state' })).status).toBe(200);
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
    await settledLogCount();
    const logs = await call('/api/server/control', { action: 'reset-logs' });
    expect(logs.status).toBe(200);
    expect(logs.body.deleted).toBeGreaterThan(0);
    expect(((await (await mock.admin('/api/requests?limit=1')).json()) as { total: number }).total).toBe(0);
    expect((await call('/api/server/control', { action: 'reload-config' })).body).toMatchObject({ planVersion: mock.plan.version });
    const bad = await call('/api/server/control', { action: 'explode' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.[0].location).toBe('body/action');
    const session = await call('/api/server/control', { action: 'pause', session_id: 's' });
    expect(session.body.errors?.[0].location).toBe('body/session_id');
  });
});

describe('bad input anywhere in steering', () => {
  it('answers problem+json naming the field, and stores nothing', async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/api/mock-data/scenarios', { method: 'POST', body: 'not json' }, 400, 'body'],
      ['/api/mock-data/scenarios', json({ name: 'big', rules: [{ endpoint: '/books', method: 'GET', new_response: 'x'.repeat(1_100_000) }] }), 413, 'body'],
      ['/api/mock-data/scenarios', json({ name: 'x', rules: Array.from({ length: 501 }, () => ({ endpoint: '/books', method: 'GET' })) }), 422, 'body/rules'],
      ['/api/mock-data/scenarios', json({ name: 'x', rules: [], extra: 1 }), 422, 'body'],
      ['/api/mock-data/scenarios/active', json({ name: 'x', session_id: '' }, 'PUT'), 422, 'body/session_id'],
      [`/api/mock-data/scenarios?session_id=${'s'.repeat(201)}`, {}, 400, 'query/session_id'],
      ['/api/mock-data/records', json({ collection: '/books', items: 'none' }), 422, 'body/items'],
      ['/api/mock-data/records', json({ collection: '/books', items: [{ id: 'a', blob: 'x'.repeat(140_000) }] }), 413, 'body/items/0'],
      ['/api/mock-data/records/items', {}, 400, 'query/collection'],
      ['/api/mock-data/overrides?endpoint=/books', { method: 'DELETE' }, 400, 'query/method'],
      ['/api/server/control', { method: 'POST', body: '' }, 400, 'body'],
    ];
    for (const [path, init, status, location] of cases) {
      const res = await mock.admin(path, init);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toBe('application/problem+json');
      const body = (await res.json()) as ProblemBody;
      expect(body.errors?.map((e) => e.location), path).toContain(location);
    }
    expect(((await (await mock.admin('/api/mock-data/scenarios')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(((await (await mock.admin('/api/mock-data/records')).json()) as { collections: unknown[] }).collections).toEqual([]);
  });
});

describe('admin OpenAPI', () => {
  it('describes the steering routes', async () => {
    const doc = (await (await mock.admin('/api/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/mock-data/update', '/api/mock-data/scenarios', '/api/mock-data/scenarios/validate', '/api/mock-data/scenarios/active', '/api/mock-data/records', '/api/server/control']),
    );
    expect(doc.components.schemas.Scenario).toMatchObject({ type: 'object', required: ['name'] });
  });
});
