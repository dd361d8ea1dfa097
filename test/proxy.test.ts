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
