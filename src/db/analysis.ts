/**
 * The queries behind log analysis and reports. Each one aggregates in SQLite, so what reaches
 * the worker is a few thousand cells however many rows the window holds: the traffic cells
 * (operation × method × status × latency), the timeline buckets, the cells of a session or
 * minute grouping, and up to three sample ids per top error group.
 */
import type { LogFilter } from '../logs/filters';
import { type Analysis, analyze, bucketSizeFor, errorGroupsOf, fillTimeline, type GroupBy, type GroupCell, type PlanOperationRef, type TimelineBucket, type TrafficCell } from '../logs/analysis';
import { fromLogs, isSelective, matchPaths, SqlBuilder, whereOf } from './log-where';

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
  if (!paths.ok) return { ok: false, reason: paths.reason };
  const where = (b: SqlBuilder) => whereOf(b, mock, filter, paths.paths);
  const from = fromLogs(filter);

  const b = new SqlBuilder();
  const raw = await db
    .prepare(
      `SELECT l.operation_id, l.method, l.status, l.latency_ms, COUNT(*), MIN(l.ts), MAX(l.ts) FROM ${await cellsSource(db, mock, filter)} WHERE ${where(b)}
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
  const windowFrom = filter.from ?? (cells.length > 0 ? first : null);
  const windowTo = filter.to ?? (cells.length > 0 ? last : null);
  const bucketMs = windowFrom === null || windowTo === null ? 60_000 : bucketSizeFor(Math.max(1, windowTo - windowFrom));
  const errorGroups = errorGroupsOf(cells);

  const statements: D1PreparedStatement[] = [];
  if (cells.length > 0 && windowFrom !== null && windowTo !== null) {
    statements.push(timelineStatement(db, mock, filter, paths.paths, where, bucketMs, Math.max(first, windowFrom), Math.min(last, windowTo)));
    if (groupBy === 'session' || groupBy === 'minute') statements.push(groupCellsStatement(db, from, where, groupBy, top, last));
    const requests = cells.reduce((n, c) => n + c.count, 0);
    for (const group of errorGroups.slice(0, top)) {
      const s = new SqlBuilder();
      // Walking the primary key back from the newest row reads about SAMPLES × requests / count
      // rows; the group's own range of the operation index reads count rows (then sorts them).
      const source = isSelective(filter)
        ? from
        : group.count * group.count >= SAMPLES * requests
          ? 'request_logs AS l INDEXED BY sqlite_autoindex_request_logs_1'
          : 'request_logs AS l INDEXED BY request_logs_mock_operation';
      const w2 = where(s);
      statements.push(
        db
          .prepare(
            `SELECT l.id FROM ${source} WHERE ${w2} AND l.operation_id IS ${s.bind(group.operationId)} AND l.method = ${s.bind(group.method)} AND l.status = ${s.bind(group.status)} ORDER BY l.id DESC LIMIT ${SAMPLES}`,
          )
          .bind(...s.params),
      );
    }
  }
  const results = statements.length > 0 ? await db.batch<Record<string, unknown>>(statements) : [];
  // Columns are aliased c0, c1, …: read back in that order.
  const rowsOf = (i: number) => results[i]?.results.map((r) => Object.keys(r).sort().map((k) => r[k])) ?? [];

  const timelineRows: TimelineBucket[] = rowsOf(0).map(([start, figures]) => {
    // SAFETY: timelineStatement makes c1 a JSON array of four numbers (null sums when empty).
    const [requests, errors, sum, max] = JSON.parse(String(figures)) as Array<number | null>;
    const n = Number(requests ?? 0);
    return { start: Number(start), requests: n, errors: Number(errors ?? 0), avgLatencyMs: n === 0 ? 0 : Math.round((Number(sum) / n) * 100) / 100, maxLatencyMs: Number(max ?? 0) };
  });
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
    timeline: windowFrom === null || windowTo === null ? [] : fillTimeline(timelineRows, windowFrom, windowTo, bucketMs),
    errorGroups,
    plan: request.plan,
    top,
  });
  return { ok: true, analysis, cells };
}

/** A time window this much smaller than the log is read through the time index, then sorted. */
const NARROW_WINDOW = 0.25;

/**
 * Where the traffic cells come from. The operation index holds exactly the grouped columns in
 * the grouped order: one pass over it needs no sort, the right plan for most of the log. A narrow
 * time window reads its range of the time index instead and sorts those rows.
 */
async function cellsSource(db: D1Database, mock: string, filter: LogFilter): Promise<string> {
  if (isSelective(filter)) return fromLogs(filter);
  if (filter.statuses !== undefined && filter.from === undefined && filter.to === undefined) return 'request_logs AS l';
  if (filter.from !== undefined || filter.to !== undefined) {
    // Two subqueries: SQLite answers a lone MIN or MAX from the index without a scan.
    const span = await db
      .prepare('SELECT (SELECT MIN(ts) FROM request_logs WHERE mock = ?1) AS first, (SELECT MAX(ts) FROM request_logs WHERE mock = ?1) AS last')
      .bind(mock)
      .first<{ first: number | null; last: number | null }>();
    if (span?.first != null && span.last != null && span.last > span.first) {
      const from = Math.max(span.first, filter.from ?? span.first);
      const to = Math.min(span.last, filter.to ?? span.last);
      if ((to - from) / (span.last - span.first) < NARROW_WINDOW) return 'request_logs AS l INDEXED BY request_logs_mock_ts';
    }
  }
  return 'request_logs AS l INDEXED BY request_logs_mock_operation';
}

/**
 * Requests, errors, latency sum and max per time bucket. Over a selective index, one GROUP BY of
 * the few rows. Otherwise one aggregate per bucket over the (mock, ts, status, latency_ms) index:
 * a GROUP BY on an expression of ts would sort every row of the window first.
 */
function timelineStatement(
  db: D1Database,
  mock: string,
  filter: LogFilter,
  matchingPaths: readonly string[] | undefined,
  where: (b: SqlBuilder) => string,
  bucketMs: number,
  first: number,
  last: number,
): D1PreparedStatement {
  const t = new SqlBuilder();
  const w = where(t);
  const size = Math.trunc(bucketMs);
  const figures = 'json_array(COUNT(*), SUM(l.status >= 400), SUM(l.latency_ms), MAX(l.latency_ms))';
  if (isSelective(filter)) {
    return db.prepare(`SELECT (l.ts / ${size}) * ${size} AS c0, ${figures} AS c1 FROM ${fromLogs(filter)} WHERE ${w} GROUP BY 1`).bind(...t.params);
  }
  const start = Math.floor(first / size) * size;
  // The window's own bounds go into each bucket's range: with a second lower bound beside it,
  // SQLite would range from the window's start to every bucket's end.
  const u = new SqlBuilder();
  const bucketWhere = whereOf(u, mock, { ...filter, from: undefined, to: undefined }, matchingPaths);
  const lower = `max(b.start, ${Math.trunc(filter.from ?? start)})`;
  const upper = `min(b.start + ${size}, ${Math.trunc(filter.to ?? last) + 1})`;
  return db
    .prepare(
      `WITH RECURSIVE b(start) AS (SELECT ${start} UNION ALL SELECT start + ${size} FROM b WHERE start + ${size} <= ${Math.trunc(last)})
       SELECT b.start AS c0, (SELECT ${figures} FROM request_logs AS l INDEXED BY request_logs_mock_ts WHERE ${bucketWhere} AND l.ts >= ${lower} AND l.ts < ${upper}) AS c1 FROM b`,
    )
    .bind(...u.params);
}

/** Sessions: the `top` largest, per latency. Minutes: the last MINUTE_GROUPS minutes with traffic, per latency. */
function groupCellsStatement(db: D1Database, from: string, where: (b: SqlBuilder) => string, groupBy: 'session' | 'minute', top: number, last: number): D1PreparedStatement {
  const g = new SqlBuilder();
  const w = where(g);
  if (groupBy === 'session') {
    return db
      .prepare(
        `SELECT l.session_id AS c0, l.latency_ms AS c1, COUNT(*) AS c2, SUM(l.status >= 400) AS c3 FROM request_logs AS l INDEXED BY request_logs_mock_session WHERE ${w} AND l.session_id IN
         (SELECT l.session_id FROM request_logs AS l INDEXED BY request_logs_mock_session WHERE ${w} AND l.session_id IS NOT NULL GROUP BY l.session_id ORDER BY COUNT(*) DESC LIMIT ${g.bind(top)})
         GROUP BY l.session_id, l.latency_ms`,
      )
      .bind(...g.params);
  }
  const since = Math.floor(last / 60_000) * 60_000 - (MINUTE_GROUPS - 1) * 60_000;
  return db
    // Unless a selective index was pinned, the minutes come from the time index's range.
    .prepare(`SELECT (l.ts / 60000) * 60000 AS c0, l.latency_ms AS c1, COUNT(*) AS c2, SUM(l.status >= 400) AS c3 FROM ${from === 'request_logs AS l' ? 'request_logs AS l INDEXED BY request_logs_mock_ts' : from} WHERE ${w} AND l.ts >= ${g.bind(since)} GROUP BY 1, 2`)
    .bind(...g.params);
}
