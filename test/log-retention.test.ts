/**
 * What the log keeps and for how long: sessions stop counting when ended, over-long and
 * too many session ids, a client's far-future state version, the retention policy enforced by the
 * MockState alarm, the per-session and per-mock purge, and the counters that show what was not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'kept', plan: await compileOrThrow(BOOKSHOP), vars: { MAX_TRAFFIC_SESSIONS: '3' } }]);
  mock = stack.mocks.kept;
});
afterAll(() => stack?.dispose());

async function get(headers: Record<string, string> = {}) {
  const res = await fetch(`${mock.url}/authors`, { headers });
  await res.arrayBuffer();
  return res;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await mock.admin(path, init);
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as T;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
let logged = 0;

describe('sessions', () => {
  it('stops counting an ended session; later requests are still served and logged', async () => {
    await json('/api/sessions', { method: 'POST', body: JSON.stringify({ id: 'run-1' }), headers: JSON_HEADERS });
    for (let i = 0; i < 2; i++) await get({ 'x-test-session': 'run-1' });
    logged = await waitForLogCount(mock, 2);
    await json('/api/sessions/run-1/end', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 5));
    expect((await get({ 'x-test-session': 'run-1' })).status).toBe(200);
    logged = await waitForLogCount(mock, 3);
    expect(logged).toBe(3);
    expect((await json<{ requests: number; state: string }>('/api/sessions/run-1')).requests).toBe(2);
  });

  it('serves a request with a 5,000-character session id without recording the id, and replaces a 5,000-character correlation id', async () => {
    const res = await get({ 'x-test-session': 'x'.repeat(5000), 'x-correlation-id': 'c'.repeat(5000) });
    expect(res.status).toBe(200);
    const minted = res.headers.get('x-correlation-id') ?? '';
    expect(minted).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    logged = await waitForLogCount(mock, logged + 1);
    const [row] = (await json<{ items: Array<{ sessionId: string | null; correlationId: string }> }>('/api/requests?limit=1')).items;
    expect(row.sessionId).toBeNull();
    expect(row.correlationId).toBe(minted);
  });

  it('makes at most MAX_TRAFFIC_SESSIONS sessions from traffic and counts the ids refused', async () => {
    for (const id of ['t-1', 't-2', 't-3', 't-4', 't-5']) await get({ 'x-test-session': id });
    logged = await waitForLogCount(mock, logged + 5);
    const sessions = await json<{ items: Array<{ id: string; origin: string }> }>('/api/sessions?origin=traffic&limit=100');
    expect(sessions.items.length).toBe(3);
    // The refused ids' requests are logged all the same, with their ids.
    expect((await json<{ total: number }>('/api/logs/search?session_id=t-5')).total).toBe(1);
    await expect.poll(async () => (await json<{ logging: { sessionsNotRecorded: number } }>('/api/stats')).logging.sessionsNotRecorded).toBe(2);
  });

  it('serves a request claiming a far-future state version with the current state', async () => {
    for (let i = 0; i < 3; i++) expect((await get({ 'x-mockloop-state-version': '999999999999' })).status).toBe(200);
    logged = await waitForLogCount(mock, logged + 3);
  });
});

describe('retention and purge', () => {
  it('purges one session: its rows and its session row go, nothing else', async () => {
    const before = logged;
    const purged = await json<{ log_rows_deleted: number; sessions_deleted: number }>('/api/purge', { method: 'POST', body: JSON.stringify({ session_id: 'run-1' }), headers: JSON_HEADERS });
    expect(purged).toMatchObject({ log_rows_deleted: 3, sessions_deleted: 1 });
    expect((await json<{ total: number }>('/api/logs/search?session_id=run-1')).total).toBe(0);
    expect((await mock.admin('/api/sessions/run-1')).status).toBe(404);
    logged = await waitForLogCount(mock, 0);
    expect(logged).toBe(before - 3);
  });

  it('keeps at most maxRows rows once the policy is set, and counts what it removed', async () => {
    while (logged < 15) {
      await get();
      logged++;
    }
    await waitForLogCount(mock, 15);
    const set = await json<{ policy: { maxRows: number; maxAgeDays: number } }>('/api/retention', { method: 'PATCH', body: JSON.stringify({ maxRows: 10 }), headers: JSON_HEADERS });
    expect(set.policy).toEqual({ maxAgeDays: 30, maxRows: 10 });
    await expect.poll(async () => (await json<{ total: number }>('/api/requests?limit=1')).total, { timeout: 10_000, interval: 200 }).toBe(10);
    const { counters } = await json<{ counters: { retentionDeleted: number; droppedRows: number } }>('/api/retention');
    expect(counters.retentionDeleted).toBe(logged - 10);
    expect(counters.droppedRows).toBe(0);
    const bad = await mock.admin('/api/retention', { method: 'PATCH', body: JSON.stringify({ maxRows: 0 }), headers: JSON_HEADERS });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('problem+json');
  });

  it('purges the whole mock, and the response texts only its rows used', async () => {
    const texts = async () => (await json<{ storage: { logTexts: number } }>('/api/debug')).storage.logTexts;
    expect(await texts()).toBeGreaterThan(0);
    const purged = await json<{ log_rows_deleted: number }>('/api/purge', { method: 'POST', body: '{}', headers: JSON_HEADERS });
    expect(purged.log_rows_deleted).toBe(10);
    expect(await texts()).toBe(0);
    expect((await json<{ total: number }>('/api/requests?limit=1')).total).toBe(0);
    expect((await json<{ items: unknown[] }>('/api/sessions')).items).toEqual([]);
  });
});

describe('when D1 refuses writes', () => {
  it('keeps answering, counts the rows it could not write, and logs again once D1 takes writes', async () => {
    const db = await stack.stack.miniflare.getD1Database('DB', 'mock-kept');
    const dropped = async () => (await json<{ logging: { droppedRows: number } }>('/api/stats')).logging.droppedRows;
    const before = await dropped();
    // What a full database answers to every INSERT.
    await db.prepare("CREATE TRIGGER d1_full BEFORE INSERT ON request_logs BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END").run();
    try {
      for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200);
      await expect.poll(dropped, { timeout: 20_000, interval: 200 }).toBe(before + 5);
    } finally {
      await db.prepare('DROP TRIGGER d1_full').run();
    }
    const total = (await json<{ total: number }>('/api/requests?limit=1')).total;
    for (let i = 0; i < 2; i++) expect((await get()).status).toBe(200);
    expect(await waitForLogCount(mock, total + 2)).toBe(total + 2);
    // Nothing else was lost: the plan still serves and the settings read back.
    expect((await mock.admin('/api/settings')).status).toBe(200);
  });
});
