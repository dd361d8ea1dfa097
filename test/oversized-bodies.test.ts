/**
 * Bodies over a limit get their 413 problem every time, on the mock and the admin origin, with
 * Node's fetch reusing its connections — never a reset connection — and the connection goes on
 * serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'bookshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.bookshop;
});
afterAll(() => stack?.dispose());

const json = { 'content-type': 'application/json' };

describe('oversized request bodies', () => {
  it('answer 413 to a 100 MiB body without keeping it', async () => {
    const res = await fetch(`${mock.url}/books`, { method: 'POST', body: new Uint8Array(100 * 1024 * 1024), headers: json });
    expect(res.status).toBe(413);
    await res.arrayBuffer();
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('answer 413 on the admin origin, 20 times in a row on reused connections', async () => {
    const body = JSON.stringify({ endpoint: '/books', method: 'GET', new_response: 'x'.repeat(1_100_000) });
    for (let i = 0; i < 20; i++) {
      // Small requests first (one answer left unread, as a hurried client does), so the big one
      // goes out on a kept-alive connection.
      expect((await mock.admin('/api/mock-data/state')).status).toBe(200);
      expect((await mock.admin('/api/mock-data/update', { method: 'POST', body: '{"endpoint":', headers: json })).status).toBe(400);
      const res = await mock.admin('/api/mock-data/update', { method: 'POST', body, headers: json });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      await res.arrayBuffer();
    }
    const after = await mock.admin('/api/mock-data/state');
    expect(after.status).toBe(200);
    expect(((await after.json()) as { overrides: unknown[] }).overrides).toEqual([]);
  });

  it('answer 413 on the mock origin, 20 times in a row, and the mock keeps serving', async () => {
    const body = new Uint8Array(10 * 1024 * 1024 + 1);
    for (let i = 0; i < 20; i++) {
      await (await fetch(`${mock.url}/books`)).arrayBuffer();
      expect((await fetch(`${mock.url}/books`, { method: 'POST', body: '{"title":', headers: json })).status).toBe(401);
      const res = await fetch(`${mock.url}/books`, { method: 'POST', body, headers: json });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { type: string }).type).toContain('body-too-large');
    }
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

});
