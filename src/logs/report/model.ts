/**
 * A session's test report, built from its analysis: traffic, coverage, errors and latency, one
 * row per operation (with the plan's operations never called, at zero). Rendered as JSON, HTML
 * (html.ts) or CSV (csv.ts).
 */
import type { SessionDetail } from '../session';
import type { Analysis, PlanOperationRef, TrafficCell } from '../analysis';
import { percentilesOf, type Percentiles } from '../analysis/percentiles';

export interface ReportOperation {
  operationId: string | null;
  method: string;
  path: string | null;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: Percentiles;
  /** Status → count. */
  statuses: Record<string, number>;
  /** Declared responses the session never produced. */
  unexercisedStatuses: string[];
}

export interface HistogramBin {
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  count: number;
}

export interface SessionReport {
  kind: 'mockloop-session-report';
  generatedAt: string;
  mock: string;
  session: SessionDetail;
  summary: Analysis['summary'];
  coverage: Analysis['coverage'];
  operations: ReportOperation[];
  errors: Analysis['topErrors'];
  latency: { percentiles: Percentiles; histogram: HistogramBin[] };
  timeline: Analysis['timeline'];
  bucketMs: number;
  anomalies: Analysis['anomalies'];
  recommendations: string[];
}

/** Bins of a round width, at most ~20 of them, from 0 to past the slowest request. */
export function histogramBins(cells: readonly TrafficCell[]): HistogramBin[] {
  if (cells.length === 0) return [];
  const max = Math.max(...cells.map((c) => c.latencyMs));
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 30000, 60000];
  const width = steps.find((w) => (max + 1) / w <= 20) ?? Math.ceil((max + 1) / 20);
  const bins: HistogramBin[] = [];
  for (let from = 0; from <= max; from += width) bins.push({ fromMs: from, toMs: from + width, count: 0 });
  for (const c of cells) bins[Math.floor(c.latencyMs / width)].count += c.count;
  return bins;
}

export function buildReport(input: {
  mock: string;
  session: SessionDetail;
  analysis: Analysis;
  cells: readonly TrafficCell[];
  plan: { operations: readonly PlanOperationRef[] } | null;
  now: number;
}): SessionReport {
  const { analysis, cells } = input;
  const planOps = new Map((input.plan?.operations ?? []).map((op) => [op.id, op]));
  const missing = new Map((analysis.coverage?.unexercisedStatuses ?? []).map((u) => [u.operationId, u.statuses]));
  const byOp = new Map<string, { cell: TrafficCell; cells: TrafficCell[] }>();
  for (const c of cells) {
    const key = `${c.operationId}\n${c.method}`;
    const entry = byOp.get(key);
    if (entry) entry.cells.push(c);
    else byOp.set(key, { cell: c, cells: [c] });
  }
  const operations: ReportOperation[] = [...byOp.values()].map(({ cell, cells: own }) => {
    const histogram = new Map<number, number>();
    const statuses: Record<string, number> = {};
    let requests = 0;
    let errors = 0;
    for (const c of own) {
      requests += c.count;
      if (c.status >= 400) errors += c.count;
      histogram.set(c.latencyMs, (histogram.get(c.latencyMs) ?? 0) + c.count);
      statuses[c.status] = (statuses[c.status] ?? 0) + c.count;
    }
    const op = cell.operationId === null ? undefined : planOps.get(cell.operationId);
    return {
      operationId: cell.operationId,
      method: cell.method,
      path: op?.path ?? null,
      requests,
      errors,
      errorRate: Math.round((errors / requests) * 10_000) / 10_000,
      latencyMs: percentilesOf(histogram),
      statuses,
      unexercisedStatuses: cell.operationId === null ? [] : (missing.get(cell.operationId) ?? []),
    };
  });
  operations.sort((a, b) => b.requests - a.requests || String(a.operationId).localeCompare(String(b.operationId)));
  const seen = new Set(operations.map((o) => o.operationId));
  for (const op of input.plan?.operations ?? []) {
    if (seen.has(op.id)) continue;
    const none = { p50: null, p95: null, p99: null, max: null, avg: null };
    operations.push({ operationId: op.id, method: op.method.toUpperCase(), path: op.path, requests: 0, errors: 0, errorRate: 0, latencyMs: none, statuses: {}, unexercisedStatuses: op.statuses });
  }
  return {
    kind: 'mockloop-session-report',
    generatedAt: new Date(input.now).toISOString(),
    mock: input.mock,
    session: input.session,
    summary: analysis.summary,
    coverage: analysis.coverage,
    operations,
    errors: analysis.topErrors,
    latency: { percentiles: analysis.summary.latencyMs, histogram: histogramBins(cells) },
    timeline: analysis.timeline,
    bucketMs: analysis.window.bucketMs,
    anomalies: analysis.anomalies,
    recommendations: analysis.recommendations,
  };
}
