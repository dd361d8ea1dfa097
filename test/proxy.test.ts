/**
 * Proxy and hybrid modes against a real local upstream (test/helpers/upstream.ts): proxy, spy,
 * per-route and per-scenario modes, credentials injected and never logged, validation of upstream
 * answers, remock, timeouts and an unreachable upstream.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileOrThrow, freePort, startTestStack, type TestStack, type TestMock, waitForLogCount } from './helpers/stack';
import { startTestUpstream, type TestUpstream } from './helpers/upstream';

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers loosely and assert their shape.
type Json = any;
const json = async (res: Response): Promise<Json> => res.json();

const SPEC = join(import.meta.dirname, 'fixtures', 'proxy-api.yaml');
const TOKEN = 'sekrit-token-4711';
const API_KEY = 'key-abcdef-0815';

let stack: TestStack;
let mock: TestMock;
let upstream: TestUpstream;

const settings = (patch: unknown) => mock.admin('/api/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });

beforeAll(async () => {
  upstream = await startTestUpstream();
  stack = await startTestStack([{ name: 'proxied', plan: await compileOrThrow(SPEC) }]);
  mock = stack.mocks.proxied;
}, 60_000);

afterAll(async () => {
  await stack?.dispose();
  await upstream?.close();
});

describe('proxy mode', () => {
  it('forwards with the credentials injected, shows them redacted, and validates answers', async () => {
    const set = await settings({ upstream: { url: upstream.url, auth: { type: 'bearer', token: TOKEN }, headers: { 'x-api-key': API_KEY }, timeout_ms: 400 } });
    expect(set.status).toBe(200);
    const view = await json(set);
    expect(view.upstream).toMatchObject({ url: upstream.url, mode: 'proxy', auth: { type: 'bearer', token: '[redacted]' }, headers: { 'x-api-key': '[redacted]' } });
    expect(JSON.stringify(await json(await mock.admin('/api/settings')))).not.toContain(TOKEN);

    const res = await fetch(`${mock.url}/items`, { headers: { 'x-test-session': 's1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mockloop-source')).toBe('upstream');
    expect(res.headers.get('x-mockloop-violations')).toBeNull();
    expect((await json(res))[0].name).toBe('lamp');
    const got = upstream.seen.at(-1)!;
    expect(got.path).toBe('/v1/items');
    expect(got.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(got.headers['x-api-key']).toBe(API_KEY);
    // The mock's own headers stay home.
    expect(got.headers['x-test-session']).toBeUndefined();

    // An answer that breaks the spec: served, with its violations in an ASCII header.
    const broken = await fetch(`${mock.url}/broken`);
    expect(broken.status).toBe(200);
    const header = broken.headers.get('x-mockloop-violations')!;
    expect(header).toMatch(/^1; response\/body\/count: /);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect((await json(broken)).extra).toBe('ü');

    // Prism's --errors: the same answer fails the request.
    await settings({ upstream: { errors: true } });
    const failed = await fetch(`${mock.url}/broken`);
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json(failed);
    expect(problem.errors[0].location).toBe('response/body/count');
    expect(problem.upstream).toBe(new URL(upstream.url).host);
    await settings({ upstream: { errors: false } });
  });

  it('never puts the credentials in the log, even when the upstream echoes them', async () => {
    const echo = await fetch(`${mock.url}/echo`);
    const body = await json(echo);
    expect(body.authorization).toBe(`Bearer ${TOKEN}`);
    await waitForLogCount(mock, 4);
    const log = await (await mock.admin('/api/requests?limit=100')).text();
    expect(log).toContain('/echo');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(API_KEY);
    const debug = await (await mock.admin('/api/debug')).text();
    expect(debug).not.toContain(TOKEN);
  });

  it('answers a timeout and an unreachable upstream with problem+json naming the host, in bounded time', async () => {
    const started = Date.now();
    const slow = await fetch(`${mock.url}/slow`);
    expect(slow.status).toBe(504);
    const p = await json(slow);
    expect(p.detail).toContain(new URL(upstream.url).host);
    expect(p.detail).not.toContain(TOKEN);
    expect(Date.now() - started).toBeLessThan(2900);

    const closed = `http://127.0.0.1:${await freePort()}`;
    await settings({ upstream: { url: closed } });
    const down = await fetch(`${mock.url}/items`);
    expect(down.status).toBe(502);
    const q = await json(down);
    expect(q.type).toContain('upstream-unreachable');
    expect(q.detail).toContain(new URL(closed).host);
    await settings({ upstream: { url: upstream.url } });
  });

  it('remocks the configured statuses only', async () => {
    const plain = await fetch(`${mock.url}/missing`);
    expect(plain.status).toBe(501);
    expect(plain.headers.get('x-mockloop-violations')).toContain('response/status');
    await settings({ upstream: { remock: [501, '4XX'] } });
    const remocked = await fetch(`${mock.url}/missing`);
    expect(remocked.status).toBe(200);
    expect(remocked.headers.get('x-mockloop-remocked')).toBe('501');
    expect(typeof (await json(remocked)).ok).toBe('boolean');
    await settings({ upstream: { remock: [] } });
  });
});

describe('modes per route and per scenario', () => {
  it('mocks the routes a glob names and proxies the rest', async () => {
    await settings({ upstream: { routes: [{ match: '/v1/payments*', mode: 'mock' }] } });
    const before = upstream.seen.length;
    const paid = await fetch(`${mock.url}/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(paid.status).toBe(201);
    expect(paid.headers.get('x-mockloop-source')).toBeNull();
    expect(upstream.seen.length).toBe(before);
    expect((await fetch(`${mock.url}/items`)).headers.get('x-mockloop-source')).toBe('upstream');
    await settings({ upstream: { routes: [] } });
  });

  it('"proxy everything but make /payments fail" is one scenario', async () => {
    await settings({ upstream: { mode: 'mock' } });
    const scenario = {
      name: 'live-but-payments-fail',
      default: { mode: 'proxy' },
      rules: [{ endpoint: '/payments', method: 'POST', fault: { error_rate: 1, error_status: 503 } }],
    };
    const created = await mock.admin('/api/mock-data/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) });
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await mock.admin('/api/mock-data/scenarios/active', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"live-but-payments-fail"}' })).status).toBe(200);
    const items = await fetch(`${mock.url}/items`);
    expect(items.headers.get('x-mockloop-source')).toBe('upstream');
    const before = upstream.seen.length;
    const paid = await fetch(`${mock.url}/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(paid.status).toBe(503);
    expect(upstream.seen.length).toBe(before);
    await mock.admin('/api/mock-data/scenarios/active', { method: 'DELETE' });
  });

  it('spy answers from the mock where an override matches, else from the upstream', async () => {
    await settings({ upstream: { mode: 'spy' } });
    const override = { endpoint: '/items/{id}', method: 'GET', status: 404 };
    expect((await mock.admin('/api/mock-data/update', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(override) })).status).toBe(200);
    const mocked = await fetch(`${mock.url}/items/3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b`);
    expect(mocked.status).toBe(404);
    expect(mocked.headers.get('x-mockloop-source')).toBeNull();
    const live = await fetch(`${mock.url}/items`);
    expect(live.headers.get('x-mockloop-source')).toBe('upstream');
    await mock.admin('/api/mock-data/overrides', { method: 'DELETE' });
    await settings({ upstream: { mode: 'proxy' } });
  });
});

let counts: string[] = [];

describe('record → replay → promote, HAR', () => {
  it('records a sequence and replays it exactly, with fresh volatile values', async () => {
    await settings({ upstream: { mode: 'record' } });
    counts = [];
    for (let i = 0; i < 3; i++) counts.push(await (await fetch(`${mock.url}/counter`)).text());
    const item = '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';
    const firstItem = await json(await fetch(`${mock.url}/items/${item}`));
    await fetch(`${mock.url}/items/${item}`);
    expect((await fetch(`${mock.url}/broken`)).headers.get('x-mockloop-mode')).toBe('record');
    const total = (await json(await mock.admin('/api/requests?limit=1'))).total;
    await waitForLogCount(mock, total);

    const made = await mock.admin('/api/recordings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'rec', activate: true }) });
    expect(made.status).toBe(200);
    const recording = await json(made);
    expect(recording.exchanges).toBe(6);
    const byOp = Object.fromEntries(recording.operations.map((o: Json) => [o.operation, o]));
    expect(byOp.getCounter).toMatchObject({ requests: 3, entries: 1, sequences: 1 });
    // The two item answers differ only in volatile values (a fresh id and date): one answer, not a sequence.
    expect(byOp.getItem).toMatchObject({ requests: 2, entries: 1, sequences: 0 });

    await settings({ upstream: { mode: 'mock' } });
    const before = upstream.seen.length;
    const replayed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${mock.url}/counter`);
      expect(res.headers.get('x-mockloop-scenario')).toBe('rec');
      replayed.push(await res.text());
    }
    expect(replayed).toEqual([...counts, counts[2]]);
    const again = await json(await fetch(`${mock.url}/items/${item}`));
    expect(again.name).toBe(firstItem.name);
    expect(again.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.id).not.toBe(firstItem.id);
    expect(Date.parse(again.createdAt)).toBeGreaterThanOrEqual(Date.parse(firstItem.createdAt));
    expect(upstream.seen.length).toBe(before);

    // keep_latency: the upstream's own time (the counter answers after 60 ms) becomes the replay delay.
    const slow = await mock.admin('/api/recordings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'rec-slow', from: 'upstream', keep_latency: true }) });
    expect(slow.status).toBe(200);
    const stored = await json(await mock.admin('/api/mock-data/scenarios/rec-slow'));
    const counterRule = (stored.scenario ?? stored).rules.find((r: Json) => r.endpoint === 'getCounter');
    expect(counterRule.recorded[0].responses[0].delay_ms).toBeGreaterThan(0);
  });

  it('promotes valid recorded bodies as named examples and refuses invalid ones with their violations', async () => {
    const dry = await json(await mock.admin('/api/recordings/rec/promote', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dry_run":true}' }));
    expect(dry.planVersion).toBeNull();
    const res = await mock.admin('/api/recordings/rec/promote', { method: 'POST' });
    expect(res.status).toBe(200);
    const promotion = await json(res);
    expect(promotion.planVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(promotion.promoted.filter((p: Json) => p.operation === 'getCounter')).toHaveLength(3);
    expect(promotion.promoted.some((p: Json) => p.operation === 'getBroken')).toBe(false);
    expect(promotion.refused).toEqual([{ operation: 'getBroken', status: 200, path: '/v1/broken', violations: [expect.objectContaining({ location: 'response/body/count' })] }]);
    const plan = await json(await mock.admin('/api/plan?full=true'));
    expect(plan.version).toBe(promotion.planVersion);
    const media = plan.operations.find((op: Json) => op.id === 'getCounter').responses[0].contents[0];
    expect(media.examples.map((e: Json) => e.name)).toEqual(['rec-1', 'rec-2', 'rec-3']);
    // A promoted example is served by name, like any example of the spec.
    await mock.admin('/api/mock-data/scenarios/active', { method: 'DELETE' });
    expect(await json(await fetch(`${mock.url}/counter`, { headers: { prefer: 'example=rec-2' } }))).toEqual(media.examples[1].value);
    expect(media.examples[1].value).toEqual(JSON.parse(counts[1]));
  });

  it('exports the log as HAR 1.2 without credentials and imports it back as a recording', async () => {
    const res = await mock.admin('/api/export?format=har&path_glob=/v1/counter');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const har = JSON.parse(text);
    expect(har.log.version).toBe('1.2');
    const counter = har.log.entries.filter((e: Json) => e.request.url.endsWith('/v1/counter'));
    expect(counter.length).toBeGreaterThanOrEqual(3);
    expect(counter[0].response.content.mimeType).toContain('application/json');
    const imported = await mock.admin('/api/har?name=from-har', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(imported.status).toBe(200);
    const recording = await json(imported);
    expect(recording.operations.find((o: Json) => o.operation === 'getCounter')).toMatchObject({ sequences: 1 });
  });
});

describe('drift', () => {
  it('diff mode serves the live answer and reports violations apart from drift, per operation', async () => {
    await mock.admin('/api/drift', { method: 'DELETE' });
    await settings({ upstream: { mode: 'diff', diff: { ignore: ['/0/price', '/1/price'] } } });
    const items = await fetch(`${mock.url}/items`);
    expect(items.headers.get('x-mockloop-source')).toBe('upstream');
    expect(Number(items.headers.get('x-mockloop-drift'))).toBeGreaterThanOrEqual(0);
    await fetch(`${mock.url}/broken`);
    let report: Json = { requests: 0 };
    for (let i = 0; i < 100 && report.requests < 2; i++) {
      report = await json(await mock.admin('/api/drift'));
      if (report.requests < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(report.requests).toBe(2);
    const byOp = Object.fromEntries(report.operations.map((o: Json) => [o.operation, o]));
    expect(byOp.getBroken.violating).toBe(1);
    expect(byOp.getBroken.violations[0].location).toBe('response/body/count');
    const kinds = Object.fromEntries(byOp.getBroken.differences.map((d: Json) => [d.pointer, d.kind]));
    expect(kinds['/body/count']).toBe('type');
    expect(kinds['/body/extra']).toBe('extra');
    expect(byOp.listItems.violating).toBe(0);
    const pointers = byOp.listItems.differences.map((d: Json) => d.pointer);
    // Volatile fields (ids, dates) and the ignored pointers are left out.
    expect(pointers.some((p: string) => /\/(id|createdAt|price)$/.test(p))).toBe(false);
    const html = await (await mock.admin('/api/drift?format=html')).text();
    expect(html).toContain('getBroken');
    expect(html).toContain('response/body/count');
  });

  it('compares the mock with the live API on demand', async () => {
    await settings({ upstream: { mode: 'proxy' } });
    const res = await mock.admin('/api/drift/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests: [{ path: '/v1/broken' }, { path: '/v1/missing' }] }) });
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report.requests).toBe(2);
    const missing = report.operations.find((o: Json) => o.operation === 'getMissing');
    expect(missing.statuses).toEqual([{ mock: 200, live: 501, count: 1 }]);
    expect(missing.differences[0]).toMatchObject({ pointer: '/status', kind: 'status' });
  });
});
