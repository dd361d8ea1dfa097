/**
 * Secrets sent to a mock never reach the log: request-body fields (JSON, form, multipart; nested)
 * and query parameters named like secrets are redacted when the record is made, so search,
 * exports and single exchanges (what the MCP tools and resources read) never show them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
const SECRETS = ['hunter2-json', 'hunter2-form', 'hunter2-multi', 'tok-query-1', 'rt-header-1', 'nested-key-9'];

beforeAll(async () => {
  stack = await startTestStack([{ name: 'secretshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.secretshop;
});
afterAll(() => stack?.dispose());

describe('secrets in the request log', () => {
  it('are redacted in every output of the admin API', async () => {
    const json = JSON.stringify({ kind: 'pickup', storeId: 's1', items: [], login: { user: 'ann', password: 'hunter2-json', keys: [{ api_key: 'nested-key-9' }] } });
    await (await fetch(`${mock.url}/orders?access_token=tok-query-1&page=2`, { method: 'POST', body: json, headers: { 'content-type': 'application/json', 'x-refresh-token': 'rt-header-1' } })).arrayBuffer();
    await (await fetch(`${mock.url}/orders`, { method: 'POST', body: 'user=ann&password=hunter2-form', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).arrayBuffer();
    const form = new FormData();
    form.set('user', 'ann');
    form.set('client_secret', 'hunter2-multi');
    await (await fetch(`${mock.url}/orders`, { method: 'POST', body: form })).arrayBuffer();
    expect(await waitForLogCount(mock, 3)).toBe(3);

    const outputs: string[] = [];
    for (const path of ['/api/requests?limit=10', '/api/logs/search?limit=10', '/api/export?format=ndjson', '/api/export?format=csv', '/api/export?format=har']) {
      const res = await mock.admin(path);
      expect(res.status, path).toBe(200);
      outputs.push(await res.text());
    }
    // SAFETY: the admin API's documented search answer.
    const { items } = (await (await mock.admin('/api/logs/search?limit=10')).json()) as { items: Array<{ id: string }> };
    for (const item of items) outputs.push(await (await mock.admin(`/api/logs/${item.id}`)).text());
    const all = outputs.join('\n');
    for (const secret of SECRETS) expect(all, secret).not.toContain(secret);
    // What is not secret stays, so the log is still useful.
    expect(all).toContain('page=2');
    expect(all).toContain('ann');
    expect(all).toContain('[redacted]');
    for (const secret of SECRETS) {
      // SAFETY: the admin API's documented search answer.
      const found = (await (await mock.admin(`/api/logs/search?q=${encodeURIComponent(secret)}`)).json()) as { total: number };
      expect(found.total, secret).toBe(0);
    }
  });
});
