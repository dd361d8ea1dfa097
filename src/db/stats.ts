/** Figures for a dashboard and for /api/debug: totals, latency, recent rates, table sizes. */
import { percentilesOf, type Percentiles } from '../logs/analysis';

export interface LogStats {
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: Percentiles;
  statusClasses: Record<string, number>;
  firstRequestAt: number | null;
  lastRequestAt: number | null;
  lastMinute: { requests: number; errors: number };
  lastHour: { requests: number; errors: number };
  sessions: { total: number; active: number };
}

export async function logStats(db: D1Database, mock: string, now: number): Promise<LogStats> {
  const [cells, bounds, minute, hour, sessions] = await db.batch<Record<string, number | null>>([
    // Grouped in the operation index's own order (see analysis.ts): one pass, no sort.
    db
      .prepare('SELECT status AS s, latency_ms AS l, COUNT(*) AS n FROM request_logs WHERE mock = ?1 GROUP BY operation_id, method, status, latency_ms')
      .bind(mock),
    // Two subqueries: SQLite answers a lone MIN or MAX from the (mock, ts) index without a scan.
    db.prepare('SELECT (SELECT MIN(ts) FROM request_logs WHERE mock = ?1) AS first, (SELECT MAX(ts) FROM request_logs WHERE mock = ?1) AS last').bind(mock),
    db.prepare('SELECT COUNT(*) AS n, SUM(status >= 400) AS e FROM request_logs WHERE mock = ?1 AND ts >= ?2').bind(mock, now - 60_000),
    db.prepare('SELECT COUNT(*) AS n, SUM(status >= 400) AS e FROM request_logs WHERE mock = ?1 AND ts >= ?2').bind(mock, now - 3_600_000),
    db.prepare('SELECT COUNT(*) AS n, SUM(ended_at IS NULL) AS e FROM test_sessions WHERE mock = ?1').bind(mock),
  ]);
  const histogram = new Map<number, number>();
  const statusClasses: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  for (const row of cells.results) {
    const [status, latency, n] = [Number(row.s), Number(row.l), Number(row.n)];
    requests += n;
    if (status >= 400) errors += n;
    histogram.set(latency, (histogram.get(latency) ?? 0) + n);
    const cls = `${Math.floor(status / 100)}xx`;
    statusClasses[cls] = (statusClasses[cls] ?? 0) + n;
  }
  const window = (r: D1Result<Record<string, number | null>>) => ({ requests: Number(r.results[0]?.n ?? 0), errors: Number(r.results[0]?.e ?? 0) });
  return {
    requests,
    errors,
    errorRate: requests === 0 ? 0 : Math.round((errors / requests) * 10_000) / 10_000,
    latencyMs: percentilesOf(histogram),
    statusClasses,
    firstRequestAt: bounds.results[0]?.first ?? null,
    lastRequestAt: bounds.results[0]?.last ?? null,
    lastMinute: window(minute),
    lastHour: window(hour),
    sessions: { total: Number(sessions.results[0]?.n ?? 0), active: Number(sessions.results[0]?.e ?? 0) },
  };
}

/** Row counts of the tables a mock fills (log_texts is shared by every mock of the database). */
export async function storageSizes(db: D1Database, mock: string): Promise<Record<string, number>> {
  const row = await db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM request_logs WHERE mock = ?1) AS requestLogs, (SELECT COUNT(*) FROM log_texts) AS logTexts,
       (SELECT COUNT(*) FROM test_sessions WHERE mock = ?1) AS sessions, (SELECT COUNT(*) FROM plans WHERE mock = ?1) AS planVersions,
       (SELECT COUNT(*) FROM plan_chunks WHERE mock = ?1) AS planChunks`,
    )
    .bind(mock)
    .first<Record<string, number>>();
  return row ?? {};
}
