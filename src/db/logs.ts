/**
 * Writing and reading the request log.
 *
 * Writes: one bound parameter carries a whole batch as a JSON array of rows and SQLite's
 * `json_each` unpacks it, so a batch of hundreds of records is one statement with one parameter
 * (D1 allows 100 bound parameters per statement; one per column would cap a statement at 4 rows).
 */
import { LOG_COLUMNS, type RequestLogRecord, recordToRow } from '../logs/record';

/** Keeps each statement's JSON parameter well under D1's 2 MB value limit. */
export const MAX_BATCH_BYTES = 900_000;

const INSERT_SQL = `INSERT OR IGNORE INTO request_logs (${LOG_COLUMNS.join(', ')}) SELECT ${LOG_COLUMNS.map(
  (_, i) => `value ->> ${i}`,
).join(', ')} FROM json_each(?1)`;

/** Splits records into JSON payloads no larger than MAX_BATCH_BYTES each. */
export function packLogBatches(records: readonly RequestLogRecord[]): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const record of records) {
    const row = JSON.stringify(recordToRow(record));
    if (parts.length > 0 && size + row.length + 1 > MAX_BATCH_BYTES) {
      payloads.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    parts.push(row);
    size += row.length + 1;
  }
  if (parts.length > 0) payloads.push(`[${parts.join(',')}]`);
  return payloads;
}

/** Writes records in one D1 round trip (a `batch` is one implicit transaction). */
export async function insertLogs(db: D1Database, records: readonly RequestLogRecord[]): Promise<void> {
  if (records.length === 0) return;
  const statements = packLogBatches(records).map((payload) => db.prepare(INSERT_SQL).bind(payload));
  await db.batch(statements);
}

export interface StoredRequestLog extends Omit<RequestLogRecord, 'requestHeaders' | 'responseHeaders' | 'validationErrors'> {
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  validationErrors: unknown[] | null;
}

interface LogRow {
  id: string;
  mock: string;
  plan_version: string;
  ts: number;
  method: string;
  path: string;
  operation_id: string | null;
  query: string;
  request_headers: string;
  request_body: string | null;
  request_body_size: number;
  status: number;
  response_headers: string;
  response_body: string | null;
  response_body_size: number;
  latency_ms: number;
  client_address: string | null;
  user_agent: string | null;
  session_id: string | null;
  correlation_id: string;
  validation_errors: string | null;
}

function rowToLog(row: LogRow): StoredRequestLog {
  return {
    id: row.id,
    mock: row.mock,
    planVersion: row.plan_version,
    ts: row.ts,
    method: row.method,
    path: row.path,
    operationId: row.operation_id,
    query: row.query,
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    requestBodySize: row.request_body_size,
    status: row.status,
    responseHeaders: JSON.parse(row.response_headers) as Record<string, string>,
    responseBody: row.response_body,
    responseBodySize: row.response_body_size,
    latencyMs: row.latency_ms,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    sessionId: row.session_id,
    correlationId: row.correlation_id,
    validationErrors: row.validation_errors === null ? null : (JSON.parse(row.validation_errors) as unknown[]),
  };
}

/** Newest first. */
export async function listLogs(
  db: D1Database,
  mock: string,
  limit: number,
  offset: number,
): Promise<{ items: StoredRequestLog[]; total: number }> {
  const [page, count] = await db.batch([
    db.prepare('SELECT * FROM request_logs WHERE mock = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3').bind(mock, limit, offset),
    db.prepare('SELECT COUNT(*) AS total FROM request_logs WHERE mock = ?1').bind(mock),
  ]);
  // SAFETY: the SELECT * above returns request_logs rows, whose columns LogRow mirrors.
  const items = (page.results as unknown as LogRow[]).map(rowToLog);
  const total = (count.results[0] as { total: number } | undefined)?.total ?? 0;
  return { items, total };
}

export async function countLogs(db: D1Database, mock: string): Promise<number> {
  const row = await db.prepare('SELECT COUNT(*) AS total FROM request_logs WHERE mock = ?1').bind(mock).first<{ total: number }>();
  return row?.total ?? 0;
}
