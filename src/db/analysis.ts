/**
 * The queries behind log analysis and reports. Each one aggregates in SQLite, so what reaches
 * the worker is a few thousand cells however many rows the window holds: the traffic cells
 * (operation × method × status × latency), the timeline buckets, the cells of a session or
 * minute grouping, and up to three sample ids per top error group.
 */
import type { LogFilter } from '../logs/filters';
import { type Analysis, analyze, bucketSizeFor, errorGroupsOf, fillTimeline, type GroupBy, type GroupCell, type PlanOperationRef, type TimelineBucket, type TrafficCell } from '../logs/analysis';
import { matchPaths, SqlBuilder, whereOf } from './log-where';

const SAMPLES = 3;
const MINUTE_GROUPS = 120;

export type AnalysisOutcome = { ok: true; analysis: Analysis; cells: TrafficCell[] } | { ok: false; reason: string };

export interface AnalysisRequest {
  filter: LogFilter;
  groupBy: GroupBy;
  top: number;
  plan: { version: string; operations: readonly PlanOperationRef[] } | null;
}

export async function analyzeLogs(db: D1Database, mock: string, request: AnalysisRequest): Promise<AnalysisOutcome> {
  const { filter, groupBy, top } = request;
  const paths = await matchPaths(db, mock, filter);
  if (!paths.ok) return { ok: false, reason: `path_regex would be tried on more than ${paths.distinct - 1} distinct paths; narrow the window or use path_glob` };
  const where = (b: SqlBuilder) => whereOf(b, mock, filter, paths.paths);

  const b = new SqlBuilder();
  const raw = await db
    .prepare(
      `SELECT l.operation_id, l.method, l.status, l.latency_ms, COUNT(*), MIN(l.ts), MAX(l.ts) FROM request_logs AS l WHERE ${where(b)}
       GROUP BY l.operation_id, l.method, l.status, l.latency_ms`,
    )
    .bind(...b.params)
    .raw<[string | null, string, number, number, number, number, number]>();
  const cells: TrafficCell[] = raw.map(([operationId, method, status, latencyMs, count, firstTs, lastTs]) => ({ operationId, method, status, latencyMs, count, firstTs, lastTs }));

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const c of cells) {
    first = Math.min(first, c.firstTs);
    last = Math.max(last, c.lastTs);
  }
  const from = filter.from ?? (cells.length > 0 ? first : null);
  const to = filter.to ?? (cells.length > 0 ? last : null);
  const bucketMs = from === null || to === null ? 60_000 : bucketSizeFor(Math.max(1, to - from));
  const errorGroups = errorGroupsOf(cells);

  const statements: D1PreparedStatement[] = [];
  if (cells.length > 0) {
    const t = new SqlBuilder();
    const w = where(t);
    statements.push(
      db
        .prepare(
          `SELECT (l.ts / ${Math.trunc(bucketMs)}) * ${Math.trunc(bucketMs)} AS c0, COUNT(*) AS c1, SUM(l.status >= 400) AS c2, SUM(l.latency_ms) AS c3, MAX(l.latency_ms) AS c4 FROM request_logs AS l WHERE ${w} GROUP BY 1`,
        )
        .bind(...t.params),
    );
    if (groupBy === 'session' || groupBy === 'minute') statements.push(groupCellsStatement(db, where, groupBy, top, last));
    for (const group of errorGroups.slice(0, top)) {
      const s = new SqlBuilder();
      const w2 = where(s);
      statements.push(
        db
          .prepare(
            `SELECT l.id FROM request_logs AS l WHERE ${w2} AND l.operation_id IS ${s.bind(group.operationId)} AND l.method = ${s.bind(group.method)} AND l.status = ${s.bind(group.status)} ORDER BY l.id DESC LIMIT ${SAMPLES}`,
          )
          .bind(...s.params),
      );
    }
  }
  const results = statements.length > 0 ? await db.batch<Record<string, unknown>>(statements) : [];
  // Columns are aliased c0, c1, …: read back in that order.
  const rowsOf = (i: number) => results[i]?.results.map((r) => Object.keys(r).sort().map((k) => r[k])) ?? [];

  const timelineRows: TimelineBucket[] = rowsOf(0).map(([start, requests, errors, sum, max]) => ({
    start: Number(start),
    requests: Number(requests),
    errors: Number(errors),
    avgLatencyMs: Math.round((Number(sum) / Number(requests)) * 100) / 100,
    maxLatencyMs: Number(max),
  }));
  let next = 1;
  let groupCells: GroupCell[] = [];
  if (cells.length > 0 && (groupBy === 'session' || groupBy === 'minute')) {
    groupCells = rowsOf(next++).map(([key, latencyMs, count, errors]) => ({ key: key as string | number | null, latencyMs: Number(latencyMs), count: Number(count), errors: Number(errors) }));
  }
  for (const group of errorGroups.slice(0, top)) group.sampleIds = rowsOf(next++).map(([id]) => String(id));

  const analysis = analyze({
    window: { from: filter.from ?? null, to: filter.to ?? null },
    bucketMs,
    groupBy,
    cells,
    groupCells,
    timeline: from === null || to === null ? [] : fillTimeline(timelineRows, from, to, bucketMs),
    errorGroups,
    plan: request.plan,
    top,
  });
  return { ok: true, analysis, cells };
}

/** Sessions: the `top` largest, per latency. Minutes: the last MINUTE_GROUPS minutes with traffic, per latency. */
function groupCellsStatement(db: D1Database, where: (b: SqlBuilder) => string, groupBy: 'session' | 'minute', top: number, last: number): D1PreparedStatement {
  const g = new SqlBuilder();
  const w = where(g);
  if (groupBy === 'session') {
    return db
      .prepare(
        `SELECT l.session_id AS c0, l.latency_ms AS c1, COUNT(*) AS c2, SUM(l.status >= 400) AS c3 FROM request_logs AS l WHERE ${w} AND l.session_id IN
         (SELECT l.session_id FROM request_logs AS l WHERE ${w} AND l.session_id IS NOT NULL GROUP BY l.session_id ORDER BY COUNT(*) DESC LIMIT ${g.bind(top)})
         GROUP BY l.session_id, l.latency_ms`,
      )
      .bind(...g.params);
  }
  const since = Math.floor(last / 60_000) * 60_000 - (MINUTE_GROUPS - 1) * 60_000;
  return db
    .prepare(`SELECT (l.ts / 60000) * 60000 AS c0, l.latency_ms AS c1, COUNT(*) AS c2, SUM(l.status >= 400) AS c3 FROM request_logs AS l WHERE ${w} AND l.ts >= ${g.bind(since)} GROUP BY 1, 2`)
    .bind(...g.params);
}
