/**
 * The shipped scenario packs on a running mock: each instantiated pack passes the admin API's own
 * scenario validation (what `validate_scenario_config` calls), is stored, and once active changes
 * what a client of the mock sees.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockPlan } from '../src/plan';
import { findPack, instantiatePack, SCENARIO_PACKS } from '../src/scenarios/packs';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
let plan: MockPlan;
const BEARER = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', 'content-type': 'application/json' };
const BOOK_ID = '3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11';
const NEW_BOOK = { title: 'Sea of Tranquility', authorId: '4d5e6f70-8192-4a3b-bc4d-5e6f70819203', isbn: '9780593321447', price: 24, genre: 'fiction' };

beforeAll(async () => {
  plan = await compileOrThrow(BOOKSHOP);
  stack = await startTestStack([{ name: 'packshop', plan }]);
  mock = stack.mocks.packshop;
});
afterAll(() => stack?.dispose());

async function admin(path: string, body?: unknown, method = 'POST'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await mock.admin(path, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Instantiates the pack for the served plan, stores it and makes it the active scenario. */
async function activate(uri: string): Promise<void> {
  const result = instantiatePack(findPack(uri)!, plan);
  if (!result.ok) throw new Error(result.reason);
  expect((await admin('/api/mock-data/scenarios', result.scenario)).status).toBeLessThan(300);
  expect((await admin('/api/mock-data/scenarios/active', { name: result.scenario.name }, 'PUT')).status).toBe(200);
}

beforeEach(async () => {
  await admin('/api/mock-data/scenarios/active', undefined, 'DELETE');
  await admin('/api/server/control', { action: 'reset-state' });
  const list = (await admin('/api/mock-data/scenarios', undefined, 'GET')).body as { items: Array<{ name: string }> };
  for (const item of list.items) await mock.admin(`/api/mock-data/scenarios/${item.name}?force=true`, { method: 'DELETE' });
});

describe('scenario packs on a running bookshop mock', () => {
  it('every pack that applies passes the admin validation and is stored', async () => {
    let stored = 0;
    for (const pack of SCENARIO_PACKS) {
      const result = instantiatePack(pack, plan);
      if (!result.ok) continue;
      const check = await admin('/api/mock-data/scenarios/validate', result.scenario);
      expect(check.body, pack.uri).toEqual({ valid: true, errors: [] });
      expect((await admin('/api/mock-data/scenarios', result.scenario)).status, pack.uri).toBeLessThan(300);
      stored++;
    }
    expect(stored).toBeGreaterThanOrEqual(15);
  });

  it('rate-limiting: some calls get the declared 429 with Retry-After: 30, the others go through', async () => {
    await activate('scenario-pack://error-simulation/rate-limiting');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${mock.url}/books`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('30');
      await res.arrayBuffer();
    }
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
  });

  it('auth-failures: a call with a bearer token is refused with 401 and a challenge', async () => {
    await activate('scenario-pack://security/auth-failures');
    const res = await fetch(`${mock.url}/books/${BOOK_ID}`, { method: 'DELETE', headers: BEARER });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="mock", error="invalid_token"/);
    // Anonymous operations are untouched.
    expect((await fetch(`${mock.url}/books/${BOOK_ID}`)).status).toBe(200);
  });

  it('empty-collections: the book list is an empty page with total 0', async () => {
    await activate('scenario-pack://business-logic/empty-collections');
    const res = await fetch(`${mock.url}/books`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ items: [], total: 0 });
  });

  it('edge-values: a book comes back with a 200-character title', async () => {
    await activate('scenario-pack://business-logic/edge-values');
    const book = (await (await fetch(`${mock.url}/books/${BOOK_ID}`)).json()) as { title: string };
    expect(book.title).toHaveLength(200);
  });

  it('crud-flow: a created book can be read back', async () => {
    await activate('scenario-pack://business-logic/crud-flow');
    const created = await fetch(`${mock.url}/books`, { method: 'POST', headers: BEARER, body: JSON.stringify(NEW_BOOK) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${mock.url}/books/${id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, title: 'Sea of Tranquility' });
  });
});
