/**
 * Log analysis: pure functions over aggregates the database computed (src/db/analysis.ts). The
 * database groups the window's requests by operation, method, status and latency (a few thousand
 * cells at most, whatever the row count); everything here works on those cells.
 */
import { type Anomaly, findAnomalies, type TimelineBucket } from './anomalies';
import { type Coverage, coverageOf, type PlanOperationRef } from './coverage';
import { addTo, type LatencyHistogram, type Percentiles, percentilesOf, round } from './percentiles';
import { type ErrorGroup, recommend } from './recommendations';

export type { Anomaly, Coverage, ErrorGroup, Percentiles, PlanOperationRef, TimelineBucket };
export { coverageOf, declaredKeyFor } from './coverage';
export { findAnomalies } from './anomalies';
export { percentilesOf } from './percentiles';

export const GROUP_BY = ['operation', 'status', 'method', 'session', 'minute'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** The window's requests of one operation, method, status and latency. */
export interface TrafficCell {
  operationId: string | null;
  method: string;
  status: number;
  latencyMs: number;
  count: number;
  firstTs: number;
  lastTs: number;
}

/** Requests of one group key (session id, minute start) and latency; for the keys cells do not hold. */
export interface GroupCell {
  key: string | number | null;
  latencyMs: number;
  count: number;
  errors: number;
}

export interface GroupFigures {
  key: string | number | null;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: Percentiles;
}

export interface Analysis {
  window: { from: number | null; to: number | null; bucketMs: number };
  summary: { requests: number; errors: number; errorRate: number; throughputPerSecond: number; latencyMs: Percentiles; firstRequestAt: number | null; lastRequestAt: number | null };
  groupBy: GroupBy;
  groups: GroupFigures[];
  timeline: TimelineBucket[];
  topErrors: ErrorGroup[];
  slowestOperations: Array<{ operationId: string | null; method: string; requests: number; latencyMs: Percentiles }>;
  coverage: Coverage | null;
  anomalies: Anomaly[];
  recommendations: string[];
  /** How many items the bounded lists left out. */
  more: { groups: number; topErrors: number; slowestOperations: number };
}

const isError = (status: number) => status >= 400;

const NICE_BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800].map((s) => s * 1000);

/** The smallest round bucket that cuts the span into at most `maxBuckets`. */
export function bucketSizeFor(spanMs: number, maxBuckets = 120): number {
  return NICE_BUCKETS.find((size) => spanMs / size <= maxBuckets) ?? Math.ceil(spanMs / maxBuckets / 86_400_000) * 86_400_000;
}

/** Error groups (operation, method, status), largest first; sampleIds are filled in by the caller. */
export function errorGroupsOf(cells: readonly TrafficCell[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const c of cells) {
    if (!isError(c.status)) continue;
    const key = `${c.operationId}\n${c.method}\n${c.status}`;
    const g = groups.get(key);
    if (g) {
      g.count += c.count;
      g.lastSeen = Math.max(g.lastSeen, c.lastTs);
    } else groups.set(key, { operationId: c.operationId, method: c.method, status: c.status, count: c.count, lastSeen: c.lastTs, sampleIds: [] });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
}

interface Acc {
  key: string | number | null;
  method?: string;
  requests: number;
  errors: number;
  histogram: LatencyHistogram;
}

function accumulate<K>(rows: Iterable<K>, keyOf: (row: K) => string, init: (row: K) => Omit<Acc, 'requests' | 'errors' | 'histogram'>, add: (acc: Acc, row: K) => void): Acc[] {
  const accs = new Map<string, Acc>();
  for (const row of rows) {
    const k = keyOf(row);
    let acc = accs.get(k);
    if (!acc) {
      acc = { ...init(row), requests: 0, errors: 0, histogram: new Map() };
      accs.set(k, acc);
    }
    add(acc, row);
  }
  return [...accs.values()];
}

const addCell = (acc: Acc, c: TrafficCell) => {
  acc.requests += c.count;
  if (isError(c.status)) acc.errors += c.count;
  addTo(acc.histogram, c.latencyMs, c.count);
};

const figures = (acc: Acc): GroupFigures => ({
  key: acc.key,
  requests: acc.requests,
  errors: acc.errors,
  errorRate: acc.requests === 0 ? 0 : round(acc.errors / acc.requests, 4),
  latencyMs: percentilesOf(acc.histogram),
});

const largestFirst = (a: GroupFigures, b: GroupFigures) => b.requests - a.requests || String(a.key).localeCompare(String(b.key));

export function groupsOf(groupBy: GroupBy, cells: readonly TrafficCell[], groupCells: readonly GroupCell[]): GroupFigures[] {
  if (groupBy === 'session' || groupBy === 'minute') {
    const accs = accumulate(
      groupCells,
      (g) => String(g.key),
      (g) => ({ key: g.key }),
      (acc, g) => {
        acc.requests += g.count;
        acc.errors += g.errors;
        addTo(acc.histogram, g.latencyMs, g.count);
      },
    );
    const out = accs.map(figures);
    // Minutes read in time order; sessions largest first.
    return groupBy === 'minute' ? out.sort((a, b) => Number(a.key) - Number(b.key)) : out.sort(largestFirst);
  }
  const keyOf = (c: TrafficCell): string | number | null => (groupBy === 'operation' ? c.operationId : groupBy === 'status' ? c.status : c.method);
  return accumulate(cells, (c) => String(keyOf(c)), (c) => ({ key: keyOf(c) }), addCell)
    .map(figures)
    .sort(largestFirst);
}

export interface AnalysisInput {
  window: { from: number | null; to: number | null };
  bucketMs: number;
  groupBy: GroupBy;
  cells: readonly TrafficCell[];
  groupCells: readonly GroupCell[];
  timeline: readonly TimelineBucket[];
  /** errorGroupsOf(cells) with sampleIds filled in for the first `top`. */
  errorGroups: readonly ErrorGroup[];
  plan: { version: string; operations: readonly PlanOperationRef[] } | null;
  top: number;
}

export function analyze(input: AnalysisInput): Analysis {
  const { cells, top } = input;
  const all: Acc = { key: null, requests: 0, errors: 0, histogram: new Map() };
  let first: number | null = null;
  let last: number | null = null;
  const served = new Map<string, Map<number, number>>();
  for (const c of cells) {
    addCell(all, c);
    first = first === null ? c.firstTs : Math.min(first, c.firstTs);
    last = last === null ? c.lastTs : Math.max(last, c.lastTs);
    if (c.operationId !== null) {
      const statuses = served.get(c.operationId) ?? new Map<number, number>();
      statuses.set(c.status, (statuses.get(c.status) ?? 0) + c.count);
      served.set(c.operationId, statuses);
    }
  }
  const from = input.window.from ?? first;
  const to = input.window.to ?? last;
  const spanSeconds = from === null || to === null ? 0 : Math.max(1, (to - from) / 1000);
  const groups = groupsOf(input.groupBy, cells, input.groupCells);
  const slowest = accumulate(cells, (c) => `${c.operationId}\n${c.method}`, (c) => ({ key: c.operationId, method: c.method }), addCell)
    .map((acc) => ({ operationId: acc.key as string | null, method: acc.method ?? '', requests: acc.requests, latencyMs: percentilesOf(acc.histogram) }))
    .sort((a, b) => (b.latencyMs.p95 ?? 0) - (a.latencyMs.p95 ?? 0) || (b.latencyMs.max ?? 0) - (a.latencyMs.max ?? 0));
  const coverage = input.plan === null ? null : coverageOf(input.plan.version, input.plan.operations, served, top);
  const anomalies = findAnomalies(input.timeline, input.bucketMs, top);
  const topErrors = input.errorGroups.slice(0, top);
  const latencyMs = percentilesOf(all.histogram);
  return {
    window: { from, to, bucketMs: input.bucketMs },
    summary: {
      requests: all.requests,
      errors: all.errors,
      errorRate: all.requests === 0 ? 0 : round(all.errors / all.requests, 4),
      throughputPerSecond: all.requests === 0 ? 0 : round(all.requests / spanSeconds),
      latencyMs,
      firstRequestAt: first,
      lastRequestAt: last,
    },
    groupBy: input.groupBy,
    groups: groups.slice(0, input.groupBy === 'minute' ? 120 : top),
    timeline: [...input.timeline],
    topErrors,
    slowestOperations: slowest.slice(0, top),
    coverage,
    anomalies,
    recommendations: recommend({ requests: all.requests, errors: all.errors, latencyMs, topErrors, coverage, anomalies }),
    more: {
      groups: Math.max(0, groups.length - (input.groupBy === 'minute' ? 120 : top)),
      topErrors: Math.max(0, input.errorGroups.length - top),
      slowestOperations: Math.max(0, slowest.length - top),
    },
  };
}

/** Buckets from the database (only those with traffic) as a continuous timeline over [from, to]. */
export function fillTimeline(rows: readonly TimelineBucket[], from: number, to: number, bucketMs: number): TimelineBucket[] {
  const byStart = new Map(rows.map((r) => [r.start, r]));
  const out: TimelineBucket[] = [];
  for (let start = Math.floor(from / bucketMs) * bucketMs; start <= to && out.length < 1000; start += bucketMs) {
    out.push(byStart.get(start) ?? { start, requests: 0, errors: 0, avgLatencyMs: 0, maxLatencyMs: 0 });
  }
  return out;
}
