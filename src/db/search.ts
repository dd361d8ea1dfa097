/**
 * Log search: a page of matching requests, newest first, with the total and where each matched.
 * Items are summaries (no headers, no bodies); GET /api/logs/{id} has the whole exchange.
 */
import type { LogFilter } from '../logs/filters';
import { highlights } from '../logs/highlight';
import type { LogSummary } from '../logs/summary';
import { fromLogs, isSelective, matchPaths, SqlBuilder, whereOf } from './log-where';

export type { LogSummary };

export type SearchOutcome = { ok: true; items: LogSummary[]; total: number } | { ok: false; reason: string };

interface SummaryRow {
  id: string;
  ts: number;
  method: string;
  path: string;
  query: string;
  operation_id: string | null;
  status: number;
  latency_ms: number;
  session_id: string | null;
  correlation_id: string;
  request_body_size: number;
  response_body_size: number;
  request_body?: string | null;
  response_body?: string | null;
}

export async function searchLogs(db: D1Database, mock: string, filter: LogFilter, limit: number, offset: number): Promise<SearchOutcome> {
  const paths = await matchPaths(db, mock, filter);
  if (!paths.ok) return { ok: false, reason: paths.reason };
  const b = new SqlBuilder();
  const where = whereOf(b, mock, filter, paths.paths);
  const whereParams = [...b.params];
  const [count, size] = await db.batch<{ n: number | null }>([
    db.prepare(`SELECT COUNT(*) AS n FROM ${countSource(filter)} WHERE ${where}`).bind(...whereParams),
    // The largest rowid estimates the log's size in O(1) (an overestimate after deletions).
    db.prepare('SELECT MAX(rowid) AS n FROM request_logs'),
  ]);
  const total = Number(count.results[0]?.n ?? 0);
  if (total === 0 || offset >= total) return { ok: true, items: [], total };
  // Bodies are read only to place the highlights of a text search.
  const bodies = filter.q !== undefined ? ', l.request_body, COALESCE(l.response_body, t.text) AS response_body' : '';
  const join = filter.q !== undefined ? ' LEFT JOIN log_texts AS t ON t.hash = l.response_body_hash' : '';
  const source = pageSource(filter, total, Number(size.results[0]?.n ?? total), limit + offset);
  const page = `SELECT l.id, l.ts, l.method, l.path, l.query, l.operation_id, l.status, l.latency_ms, l.session_id, l.correlation_id,
    l.request_body_size, l.response_body_size${bodies} FROM ${source}${join} WHERE ${where} ORDER BY l.id DESC LIMIT ${b.bind(limit)} OFFSET ${b.bind(offset)}`;
  const rows = await db.prepare(page).bind(...b.params).all();
  // SAFETY: the SELECT above names exactly SummaryRow's columns.
  const items = (rows.results as unknown as SummaryRow[]).map((row) => summaryOf(row, filter));
  return { ok: true, items, total };
}

/** The operation index also holds method, status, latency and time: a count over it needs no row. */
function countSource(filter: LogFilter): string {
  if (isSelective(filter)) return fromLogs(filter);
  return filter.operations !== undefined ? 'request_logs AS l INDEXED BY request_logs_mock_operation' : 'request_logs AS l';
}

/**
 * How to find the newest `want` matches. Walking the primary key back from the newest row reads
 * about want × size / total rows; reading every match through a filter's index and sorting them
 * reads `total`. Whichever is smaller wins, so common matches stop early and rare ones come
 * straight from their index.
 */
function pageSource(filter: LogFilter, total: number, size: number, want: number): string {
  if (isSelective(filter)) return fromLogs(filter);
  if (total * total >= want * size) return 'request_logs AS l INDEXED BY sqlite_autoindex_request_logs_1';
  if (filter.operations !== undefined) return 'request_logs AS l INDEXED BY request_logs_mock_operation';
  if (filter.statuses !== undefined) return 'request_logs AS l INDEXED BY request_logs_mock_status';
  if (filter.from !== undefined || filter.to !== undefined) return 'request_logs AS l INDEXED BY request_logs_mock_ts';
  return 'request_logs AS l';
}

function summaryOf(row: SummaryRow, filter: LogFilter): LogSummary {
  return {
    id: row.id,
    ts: row.ts,
    method: row.method,
    path: row.path,
    query: row.query,
    operationId: row.operation_id,
    status: row.status,
    latencyMs: row.latency_ms,
    sessionId: row.session_id,
    correlationId: row.correlation_id,
    requestBodySize: row.request_body_size,
    responseBodySize: row.response_body_size,
    highlights: highlights({ path: row.path, query: row.query, requestBody: row.request_body ?? null, responseBody: row.response_body ?? null }, filter.q, filter.pathRegex),
  };
}
