/**
 * Log search: a page of matching requests, newest first, with the total and where each matched.
 * Items are summaries (no headers, no bodies); GET /api/logs/{id} has the whole exchange.
 */
import type { LogFilter } from '../logs/filters';
import { type Highlight, highlights } from '../logs/highlight';
import { fromLogs, matchPaths, SqlBuilder, whereOf } from './log-where';

export interface LogSummary {
  id: string;
  ts: number;
  method: string;
  path: string;
  query: string;
  operationId: string | null;
  status: number;
  latencyMs: number;
  sessionId: string | null;
  correlationId: string;
  requestBodySize: number;
  responseBodySize: number;
  highlights: Highlight[];
}

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
  if (!paths.ok) return { ok: false, reason: `path_regex would be tried on more than ${paths.distinct - 1} distinct paths; narrow the search with time_from/time_to, operation or path_glob` };
  const b = new SqlBuilder();
  const where = whereOf(b, mock, filter, paths.paths);
  const whereParams = [...b.params];
  // Bodies are read only to place the highlights of a text search.
  const bodies = filter.q !== undefined ? ', l.request_body, COALESCE(l.response_body, t.text) AS response_body' : '';
  const join = filter.q !== undefined ? ' LEFT JOIN log_texts AS t ON t.hash = l.response_body_hash' : '';
  const page = `SELECT l.id, l.ts, l.method, l.path, l.query, l.operation_id, l.status, l.latency_ms, l.session_id, l.correlation_id,
    l.request_body_size, l.response_body_size${bodies} FROM ${fromLogs(filter)}${join} WHERE ${where} ORDER BY l.id DESC LIMIT ${b.bind(limit)} OFFSET ${b.bind(offset)}`;
  const [rows, count] = await db.batch([
    db.prepare(page).bind(...b.params),
    db.prepare(`SELECT COUNT(*) AS total FROM ${fromLogs(filter)} WHERE ${where}`).bind(...whereParams),
  ]);
  // SAFETY: the SELECT above names exactly SummaryRow's columns.
  const items = (rows.results as unknown as SummaryRow[]).map((row) => summaryOf(row, filter));
  return { ok: true, items, total: (count.results[0] as { total: number } | undefined)?.total ?? 0 };
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
