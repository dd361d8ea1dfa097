import { describe, expect, it } from 'vitest';
import { analyze, bucketSizeFor, coverageOf, declaredKeyFor, errorGroupsOf, fillTimeline, findAnomalies, groupsOf, percentilesOf, type TimelineBucket, type TrafficCell } from './index';

const cell = (operationId: string | null, status: number, latencyMs: number, count: number, ts = 1000): TrafficCell => ({
  operationId,
  method: 'GET',
  status,
  latencyMs,
  count,
  firstTs: ts,
  lastTs: ts,
});

describe('percentilesOf', () => {
  it('gives nearest-rank percentiles from a histogram', () => {
    expect(percentilesOf(new Map([[1, 90], [10, 9], [250, 1]]))).toEqual({ p50: 1, p95: 10, p99: 10, max: 250, avg: 4.3 });
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    const p = percentilesOf(new Map(sorted.map((v) => [v, 1])));
    expect([p.p50, p.p95, p.p99, p.max]).toEqual([50, 95, 99, 100]);
    expect(percentilesOf(new Map())).toEqual({ p50: null, p95: null, p99: null, max: null, avg: null });
  });
});

describe('coverage', () => {
  const ops = [
    { id: 'getBook', method: 'get', path: '/books/{id}', statuses: ['200', '404', '4XX'] },
    { id: 'listBooks', method: 'get', path: '/books', statuses: ['200', 'default'] },
    { id: 'deleteBook', method: 'delete', path: '/books/{id}', statuses: ['204'] },
  ];

  it('matches exact codes, then ranges, then default', () => {
    expect(declaredKeyFor(404, ops[0].statuses)).toBe('404');
    expect(declaredKeyFor(409, ops[0].statuses)).toBe('4XX');
    expect(declaredKeyFor(500, ops[0].statuses)).toBeNull();
    expect(declaredKeyFor(503, ops[1].statuses)).toBe('default');
  });

  it('lists operations and declared statuses never exercised, and statuses never declared', () => {
    const served = new Map([
      ['getBook', new Map([[200, 5], [500, 2]])],
      ['listBooks', new Map([[200, 3]])],
    ]);
    const coverage = coverageOf('v1', ops, served, 10);
    expect(coverage.operations).toEqual({ total: 3, exercised: 2, ratio: 0.6667 });
    expect(coverage.responses).toEqual({ total: 6, exercised: 2, ratio: 0.3333 });
    expect(coverage.unexercisedOperations).toEqual([{ operationId: 'deleteBook', method: 'DELETE', path: '/books/{id}' }]);
    expect(coverage.unexercisedStatuses).toEqual([
      { operationId: 'getBook', statuses: ['404', '4XX'] },
      { operationId: 'listBooks', statuses: ['default'] },
      { operationId: 'deleteBook', statuses: ['204'] },
    ]);
    expect(coverage.undeclaredStatuses).toEqual([{ operationId: 'getBook', status: 500, count: 2 }]);
    expect(coverageOf('v1', ops, served, 1).more).toEqual({ unexercisedOperations: 0, unexercisedStatuses: 2, undeclaredStatuses: 0 });
  });
});

describe('findAnomalies', () => {
  const bucket = (start: number, requests: number, errors: number, avgLatencyMs = 2): TimelineBucket => ({ start, requests, errors, avgLatencyMs, maxLatencyMs: avgLatencyMs });

  it('finds a run of error buckets against a quiet baseline', () => {
    const timeline = [bucket(0, 100, 1), bucket(60, 100, 0), bucket(120, 100, 60), bucket(180, 100, 80), bucket(240, 100, 1), bucket(300, 100, 2)];
    const [spike, ...rest] = findAnomalies(timeline, 60, 10);
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({ kind: 'error-spike', start: 120, end: 240, value: 0.8 });
    expect(spike.detail).toContain('80%');
  });

  it('finds latency and traffic spikes, and nothing in steady traffic', () => {
    const steady = Array.from({ length: 10 }, (_, i) => bucket(i * 60, 100, 1));
    expect(findAnomalies(steady, 60, 10)).toEqual([]);
    const slow = steady.map((b, i) => (i === 4 ? { ...b, avgLatencyMs: 900 } : b));
    expect(findAnomalies(slow, 60, 10).map((a) => a.kind)).toEqual(['latency-spike']);
    const burst = steady.map((b, i) => (i === 7 ? { ...b, requests: 2000 } : b));
    expect(findAnomalies(burst, 60, 10).map((a) => a.kind)).toEqual(['traffic-spike']);
    expect(findAnomalies(steady.slice(0, 3), 60, 10)).toEqual([]);
  });
});

describe('timeline', () => {
  it('picks round bucket sizes of at most 120 buckets and fills the gaps', () => {
    expect(bucketSizeFor(60_000)).toBe(1000);
    expect(bucketSizeFor(3_600_000)).toBe(30_000);
    expect(bucketSizeFor(86_400_000)).toBe(900_000);
    const filled = fillTimeline([{ start: 2000, requests: 3, errors: 1, avgLatencyMs: 2, maxLatencyMs: 4 }], 500, 3500, 1000);
    expect(filled.map((b) => [b.start, b.requests])).toEqual([
      [0, 0],
      [1000, 0],
      [2000, 3],
      [3000, 0],
    ]);
  });
});

describe('analyze', () => {
  const cells = [cell('listBooks', 200, 2, 80, 1_000), cell('listBooks', 200, 40, 10, 61_000), cell('getBook', 404, 1, 8, 30_000), cell(null, 404, 0, 2, 90_000)];

  it('summarises, groups, ranks errors and slow operations, and recommends', () => {
    const groups = errorGroupsOf(cells);
    expect(groups.map((g) => [g.operationId, g.status, g.count])).toEqual([
      ['getBook', 404, 8],
      [null, 404, 2],
    ]);
    groups[0].sampleIds = ['01A', '01B'];
    const analysis = analyze({
      window: { from: null, to: null },
      bucketMs: 1000,
      groupBy: 'operation',
      cells,
      groupCells: [],
      timeline: [],
      errorGroups: groups,
      plan: { version: 'v1', operations: [{ id: 'listBooks', method: 'get', path: '/books', statuses: ['200'] }, { id: 'getBook', method: 'get', path: '/books/{id}', statuses: ['200', '404'] }, { id: 'createBook', method: 'post', path: '/books', statuses: ['201', '422'] }] },
      top: 10,
    });
    expect(analysis.summary).toMatchObject({ requests: 100, errors: 10, errorRate: 0.1, firstRequestAt: 1_000, lastRequestAt: 90_000, throughputPerSecond: 1.12 });
    expect(analysis.summary.latencyMs).toMatchObject({ p50: 2, p95: 40, p99: 40, max: 40 });
    expect(analysis.groups.map((g) => [g.key, g.requests, g.errors])).toEqual([
      ['listBooks', 90, 0],
      ['getBook', 8, 8],
      [null, 2, 2],
    ]);
    expect(analysis.slowestOperations[0]).toMatchObject({ operationId: 'listBooks', latencyMs: { p95: 40 } });
    expect(analysis.topErrors[0]).toMatchObject({ operationId: 'getBook', status: 404, count: 8, sampleIds: ['01A', '01B'] });
    expect(analysis.coverage?.unexercisedOperations.map((o) => o.operationId)).toEqual(['createBook']);
    expect(analysis.coverage?.unexercisedStatuses).toEqual([
      { operationId: 'getBook', statuses: ['200'] },
      { operationId: 'createBook', statuses: ['201', '422'] },
    ]);
    const advice = analysis.recommendations.join('\n');
    expect(advice).toContain('10% of requests failed');
    expect(advice).toContain('01A');
    expect(advice).toContain('hit no operation');
    expect(advice).toContain('createBook');
    expect(analysis.recommendations.length).toBeLessThanOrEqual(8);
  });

  it('groups by status and method from the cells, and says so when nothing matched', () => {
    expect(groupsOf('status', cells, []).map((g) => [g.key, g.requests])).toEqual([
      [200, 90],
      [404, 10],
    ]);
    expect(groupsOf('method', cells, []).map((g) => [g.key, g.requests])).toEqual([['GET', 100]]);
    const empty = analyze({ window: { from: null, to: null }, bucketMs: 60_000, groupBy: 'operation', cells: [], groupCells: [], timeline: [], errorGroups: [], plan: null, top: 10 });
    expect(empty.summary.requests).toBe(0);
    expect(empty.coverage).toBeNull();
    expect(empty.recommendations[0]).toContain('No requests match');
  });

  it('groups sessions and minutes from their own cells', () => {
    const groups = groupsOf('session', [], [
      { key: 'a', latencyMs: 1, count: 3, errors: 1 },
      { key: 'b', latencyMs: 1, count: 5, errors: 0 },
      { key: 'a', latencyMs: 9, count: 1, errors: 1 },
    ]);
    expect(groups.map((g) => [g.key, g.requests, g.errors, g.latencyMs.max])).toEqual([
      ['b', 5, 0, 1],
      ['a', 4, 2, 9],
    ]);
  });
});
