/** The admin origin: its own port, bearer-token guard, problem+json errors, plan re-import that keeps the log. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, generateAdminOpenApi } from '../src/admin-api';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'adminshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.adminshop;
});
afterAll(() => stack?.dispose());

describe('admin origin', () => {
  it('is a different origin from the mock', () => {
    expect(new URL(mock.adminUrl).port).not.toBe(new URL(mock.url).port);
  });

  it('answers /health without a token', async () => {
    const res = await fetch(`${mock.adminUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mock: 'adminshop', planVersion: mock.plan.version });
  });

  it('refuses a missing or wrong token with 401 problem+json', async () => {
    const missing = await fetch(`${mock.adminUrl}/api/requests`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${mock.adminUrl}/api/requests`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { title: string }).title).toMatch(/token/i);
  });

  it('describes itself with an OpenAPI 3.1 document generated from the contract', async () => {
    const doc = (await (await mock.admin('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/requests', '/api/plan', '/api/spec', '/api/settings']));
    expect(doc).toEqual(generateAdminOpenApi(ADMIN_ROUTES));
  });

  it('names the field of a bad query or body', async () => {
    const res = await mock.admin('/api/requests?limit=0');
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Array<{ location: string }> };
    expect(problem.errors[0].location).toBe('query/limit');
    const settings = await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ validateRequests: 'yes' }), headers: { 'content-type': 'application/json' } });
    expect(settings.status).toBe(422);
    expect(((await settings.json()) as { errors: Array<{ location: string }> }).errors[0].location).toBe('body/validateRequests');
  });

  it('rejects a broken plan or spec and keeps serving the stored one', async () => {
    const garbage = await mock.admin('/api/plan', { method: 'PUT', body: JSON.stringify({ format: 1, operations: 'no' }) });
    expect(garbage.status).toBe(422);
    const badSpec = await mock.admin('/api/spec', { method: 'PUT', body: 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Nope"}\n' });
    expect(badSpec.status).toBe(422);
    const problem = (await badSpec.json()) as { type: string; errors: Array<{ location: string }> };
    expect(problem.type).toMatch(/dangling-ref/);
    expect(problem.errors[0].location).toBe('/paths/~1a/get/responses/200/$ref');
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('re-imports a changed spec as a new plan version and keeps the log', async () => {
    await fetch(`${mock.url}/books`);
    const before = await waitForLogCount(mock, 1);
    const changed = (await readFile(BOOKSHOP, 'utf8')).replace('title: Bookshop API', 'title: Bookshop API v2');
    const res = await mock.admin('/api/spec', { method: 'PUT', body: changed });
    expect(res.status).toBe(200);
    const installed = (await res.json()) as { version: string; title: string };
    expect(installed.version).not.toBe(mock.plan.version);
    expect((await (await fetch(`${mock.adminUrl}/health`)).json()) as { planVersion: string }).toMatchObject({ planVersion: installed.version });
    const logs = (await (await mock.admin('/api/requests?limit=1')).json()) as { total: number };
    expect(logs.total).toBeGreaterThanOrEqual(before);
    await fetch(`${mock.url}/books`);
    await new Promise((r) => setTimeout(r, 150));
    const newest = (await (await mock.admin('/api/requests?limit=1')).json()) as { items: Array<{ planVersion: string }> };
    expect(newest.items[0].planVersion).toBe(installed.version);
  });
});
