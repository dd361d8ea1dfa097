/** GET /api/logs/analyze against real traffic on the bookshop mock: figures, coverage, groupings, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/logs/analysis';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
const BOOK = '3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11';

beforeAll(async () => {
  stack = await startTestStack([{ name: 'analysis', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.analysis;
  const send = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${mock.url}${path}`, { headers })).arrayBuffer();
  for (let i = 0; i < 12; i++) await send('/books', { 'x-test-session': 'run-a' });
  for (let i = 0; i < 4; i++) await send(`/books/${BOOK}`, { prefer: 'code=404', 'x-test-session': 'run-b' });
  await send('/authors', { 'x-test-session': 'run-b' });
  await send('/no-such-path');
  await waitForLogCount(mock, 18);
});
afterAll(() => stack?.dispose());

async function analyze(query = ''): Promise<Analysis> {
  const res = await mock.admin(`/api/logs/analyze${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Analysis;
}

describe('GET /api/logs/analyze', () => {
  it('summarises the traffic, ranks errors with sample ids, and measures spec coverage', async () => {
    const a = await analyze();
    expect(a.summary).toMatchObject({ requests: 18, errors: 5, errorRate: 0.2778 });
    expect(a.summary.latencyMs.p50).not.toBeNull();
    expect(a.summary.latencyMs.max).toBeGreaterThanOrEqual(a.summary.latencyMs.p99!);
    expect(a.groupBy).toBe('operation');
    expect(a.groups.map((g) => [g.key, g.requests])).toEqual([
      ['listBooks', 12],
      ['getBook', 4],
      ['listAuthors', 1],
      [null, 1],
    ]);
    expect(a.topErrors[0]).toMatchObject({ operationId: 'getBook', status: 404, count: 4 });
    expect(a.topErrors[0].sampleIds).toHaveLength(3);
    const sample = await (await mock.admin(`/api/logs/${a.topErrors[0].sampleIds[0]}`)).json();
    expect(sample).toMatchObject({ operationId: 'getBook', status: 404 });
    expect(a.timeline.reduce((n, b) => n + b.requests, 0)).toBe(18);
    expect(a.coverage?.operations).toMatchObject({ total: mock.plan.operations.length, exercised: 3 });
    expect(a.coverage?.unexercisedOperations.map((o) => o.operationId)).toContain('createOrder');
    expect(a.coverage?.unexercisedStatuses).toContainEqual({ operationId: 'getBook', statuses: ['200'] });
    expect(a.recommendations.some((r) => r.includes('never called'))).toBe(true);
    expect(a.recommendations.some((r) => r.includes('hit no operation'))).toBe(true);
  });

  it('groups by status, method, session and minute, and applies the search filters', async () => {
    expect((await analyze('?group_by=status')).groups.map((g) => [g.key, g.requests])).toEqual([
      [200, 13],
      [404, 5],
    ]);
    expect((await analyze('?group_by=method')).groups.map((g) => g.key)).toEqual(['GET']);
    const sessions = await analyze('?group_by=session');
    expect(sessions.groups.map((g) => [g.key, g.requests, g.errors])).toEqual([
      ['run-a', 12, 0],
      ['run-b', 5, 4],
    ]);
    const minutes = await analyze('?group_by=minute');
    expect(minutes.groups.reduce((n, g) => n + g.requests, 0)).toBe(18);
    const b = await analyze('?session_id=run-b&top=1');
    expect(b.summary.requests).toBe(5);
    expect(b.topErrors).toHaveLength(1);
    expect(b.coverage?.unexercisedOperations).toHaveLength(1);
    expect(b.coverage?.more.unexercisedOperations).toBeGreaterThan(0);
    expect((await analyze('?status=2xx&operation=listBooks')).summary).toMatchObject({ requests: 12, errors: 0 });
    expect((await analyze(`?time_from=${Date.now() + 60_000}`)).summary.requests).toBe(0);
    const windowed = await analyze(`?time_from=${Date.now() - 3_600_000}&time_to=${new Date(Date.now() + 1000).toISOString()}`);
    expect(windowed.summary.requests).toBe(18);
    expect(windowed.timeline.reduce((n, bucket) => n + bucket.requests, 0)).toBe(18);
    expect(windowed.timeline.length).toBeLessThanOrEqual(121);
  });

  it('answers 400 naming the field for bad input', async () => {
    for (const [query, field] of [
      ['group_by=hour', 'group_by'],
      ['top=0', 'top'],
      ['top=51', 'top'],
      ['time_to=tomorrow', 'time_to'],
      ['status=2xy', 'status'],
      [`path_regex=${encodeURIComponent('(a)\\1')}`, 'path_regex'],
    ]) {
      const res = await mock.admin(`/api/logs/analyze?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { errors: Array<{ location: string }> }).errors.map((e) => e.location)).toContain(`query/${field}`);
    }
  });
});
