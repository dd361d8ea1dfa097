/**
 * The request log as a user of the admin API sees it: every request to the mock origin becomes
 * exactly one row, even under concurrency; credentials are redacted; admin traffic is never logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRequestLog } from '../src/logs/record';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'logshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.logshop;
});
afterAll(() => stack?.dispose());

async function page(query = ''): Promise<{ items: StoredRequestLog[]; total: number }> {
  const res = await mock.admin(`/api/requests${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: StoredRequestLog[]; total: number };
}

describe('request log', () => {
  it('records one row per request under concurrent load, and admin calls add none', async () => {
    const n = 1000;
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < n) {
          const i = next++;
          const res = await fetch(`${mock.url}/books?offset=${i}`, { headers: { 'x-test-session': 'load' } });
          await res.arrayBuffer();
        }
      }),
    );
    expect(await waitForLogCount(mock, n)).toBe(n);
    for (let i = 0; i < 5; i++) await page('?limit=1');
    await new Promise((r) => setTimeout(r, 300));
    expect((await page('?limit=1')).total).toBe(n);
    const offsets = new Set((await page('?limit=1000')).items.map((r) => r.query));
    expect(offsets.size).toBe(n);
  });

  it('keeps what a tester needs and redacts credentials', async () => {
    const body = JSON.stringify({ kind: 'pickup', items: [{ bookId: '3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11', quantity: 1 }], storeId: 's1' });
    const res = await fetch(`${mock.url}/orders?trace=1`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-api-key': 'secret-key', authorization: 'Bearer secret-token', 'x-test-session': 's-42', 'x-correlation-id': 'corr-1', 'user-agent': 'log-test' },
    });
    await new Promise((r) => setTimeout(r, 150));
    const row = (await page('?limit=5')).items.find((r) => r.correlationId === 'corr-1')!;
    expect(row).toBeDefined();
    expect(row).toMatchObject({
      method: 'POST',
      path: '/v1/orders',
      query: 'trace=1',
      operationId: 'createOrder',
      status: res.status,
      sessionId: 's-42',
      userAgent: 'log-test',
      requestBody: body,
      requestBodySize: body.length,
      mock: 'logshop',
      planVersion: mock.plan.version,
    });
    expect(row.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(row.requestHeaders['x-api-key']).toBe('[redacted]');
    expect(row.requestHeaders.authorization).toBe('[redacted]');
    expect(JSON.stringify(row)).not.toContain('secret');
    expect(row.responseHeaders['x-correlation-id']).toBe('corr-1');
    expect(row.responseBodySize).toBeGreaterThan(0);
    expect(row.responseBody).toBe(await res.text());
    expect(typeof row.latencyMs).toBe('number');
  });

  it('records validation errors and the minted correlation id', async () => {
    const res = await fetch(`${mock.url}/books?limit=0`);
    const minted = res.headers.get('x-correlation-id');
    await new Promise((r) => setTimeout(r, 150));
    const row = (await page('?limit=5')).items.find((r) => r.correlationId === minted)!;
    expect(row.status).toBe(400);
    expect(row.validationErrors).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'query/limit' })]));
  });

  it('pages newest first with a total', async () => {
    const first = await page('?limit=3&offset=0');
    const second = await page('?limit=3&offset=3');
    expect(first.items).toHaveLength(3);
    expect(first.items[0].id > first.items[1].id).toBe(true);
    expect(first.items[2].id > second.items[0].id).toBe(true);
    expect(second.total).toBe(first.total);
  });
});
