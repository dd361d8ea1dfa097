/**
 * Writing and reading the request log.
 *
 * Writes: one bound parameter carries a whole batch as a JSON array of rows and SQLite's
 * `json_each` unpacks it, so a batch of hundreds of records is one statement with one parameter
 * (D1 allows 100 bound parameters per statement; one per column would cap a statement at 4 rows).
 * The rows are materialised first: a column read straight from `json_each` re-renders the whole
 * row's JSON each time, once per column. Request headers travel as a JSON object, not as a string
 * inside the JSON (no second escaping).
 *
 * A mock sends the same static response again and again, so what repeats is stored once, in
 * log_texts under a content key: the response's header set (its X-Correlation-Id left null: the
 * row's correlation_id is that value) and a response body of SHARED_BODY_MIN characters or more.
 * Each batch writes the texts it uses (INSERT OR IGNORE, so no batch depends on another); reads
 * join them back, and the admin API sees the same record as before.
 */
import type { RequestLogRecord, StoredRequestLog } from '../logs/record';
import type { TextKeys } from '../logs/text-keys';

/** Keeps each statement's JSON parameter well under D1's 2 MB value limit. */
export const MAX_BATCH_BYTES = 900_000;

/** Shorter bodies stay in the row: a key and a join would cost more than they save. */
export const SHARED_BODY_MIN = 256;

const CORRELATION_HEADER = 'x-correlation-id';

/** request_logs columns in encodeRow's order; `->` keeps a JSON value as JSON text. */
const COLUMNS: ReadonlyArray<readonly [string, '->>' | '->']> = [
  ['id', '->>'],
  ['mock', '->>'],
  ['plan_version', '->>'],
  ['ts', '->>'],
  ['method', '->>'],
  ['path', '->>'],
  ['operation_id', '->>'],
  ['query', '->>'],
  ['request_headers', '->'],
  ['request_body', '->>'],
  ['request_body_size', '->>'],
  ['status', '->>'],
  ['response_headers', '->>'],
  ['response_headers_hash', '->>'],
  ['response_body', '->>'],
  ['response_body_hash', '->>'],
  ['response_body_size', '->>'],
  ['latency_ms', '->>'],
  ['client_address', '->>'],
  ['user_agent', '->>'],
  ['session_id', '->>'],
  ['correlation_id', '->>'],
  ['validation_errors', '->>'],
];

/** Where a record's response headers and body go: inline text, or a key into log_texts. */
interface Placed {
  headers: string | null;
  headersKey: string | null;
  bodyKey: string | null;
}

function encodeRow(r: RequestLogRecord, placed: Placed): string {
  return JSON.stringify([
    r.id,
    r.mock,
    r.planVersion,
    r.ts,
    r.method,
    r.path,
    r.operationId,
    r.query,
    r.requestHeaders,
    r.requestBody,
    r.requestBodySize,
    r.status,
    placed.headers,
    placed.headersKey,
    placed.bodyKey === null ? r.responseBody : null,
    placed.bodyKey,
    r.responseBodySize,
    r.latencyMs,
    r.clientAddress,
    r.userAgent,
    r.sessionId,
    r.correlationId,
    r.validationErrors === null || r.validationErrors.length === 0 ? null : JSON.stringify(r.validationErrors),
  ]);
}

const INSERT_LOGS_SQL = `WITH batch(row) AS MATERIALIZED (SELECT value FROM json_each(?1)) INSERT OR IGNORE INTO request_logs (${COLUMNS.map(([name]) => name).join(', ')}) SELECT ${COLUMNS.map(([, op], i) => `row ${op} ${i}`).join(', ')} FROM batch`;

/**
 * Sessions first seen in this batch's traffic become known sessions (see test_sessions in
 * schema.ts), up to `?3` sessions made from traffic per mock (`?2`; one worker, one mock).
 */
const REGISTER_SESSIONS_SQL = `INSERT OR IGNORE INTO test_sessions (mock, id, origin, created_at) SELECT value ->> 0, value ->> 1, 'traffic', value ->> 2 FROM json_each(?1)
  WHERE NOT EXISTS (SELECT 1 FROM test_sessions WHERE mock = value ->> 0 AND id = value ->> 1)
  LIMIT max(0, ?3 - (SELECT COUNT(*) FROM test_sessions WHERE mock = ?2 AND origin = 'traffic'))`;

/** How many of the batch's sessions are still unknown after registering: those the cap refused. */
const REFUSED_SESSIONS_SQL = 'SELECT COUNT(*) AS n FROM json_each(?1) WHERE NOT EXISTS (SELECT 1 FROM test_sessions WHERE mock = value ->> 0 AND id = value ->> 1)';

/** Sessions a mock makes from traffic at most; past it, new ids are logged but get no session row. */
export const MAX_TRAFFIC_SESSIONS = 10_000;

const INSERT_TEXTS_SQL = 'INSERT OR IGNORE INTO log_texts (hash, text) SELECT value ->> 0, value ->> 1 FROM json_each(?1)';

/** Joins encoded rows into JSON array payloads no larger than MAX_BATCH_BYTES each. */
export function packPayloads(rows: readonly string[]): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
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

export interface InsertOutcome {
  /** New session ids of this batch that got no session row (MAX_TRAFFIC_SESSIONS reached). */
  sessionsRefused: number;
}

/** Writes records in one D1 round trip (a `batch` is one implicit transaction). */
export async function insertLogs(
  db: D1Database,
  records: readonly RequestLogRecord[],
  textKeys: TextKeys,
  maxTrafficSessions = MAX_TRAFFIC_SESSIONS,
): Promise<InsertOutcome> {
  if (records.length === 0) return { sessionsRefused: 0 };
  const texts = new Map<string, string>();
  // Keys come at once from the memo; only a text not seen before waits for its digest.
  const keyFor = (text: string): string | Promise<string> => {
    const key = textKeys(text);
    if (typeof key === 'string') {
      texts.set(key, text);
      return key;
    }
    return key.then((computed) => {
      texts.set(computed, text);
      return computed;
    });
  };
  const rows: string[] = [];
  for (const record of records) {
    const headers = record.responseHeaders;
    // The header set without its per-request value is what repeats; the row has that value.
    const template =
      record.responseHeadersTemplate ?? (headers[CORRELATION_HEADER] === record.correlationId ? JSON.stringify({ ...headers, [CORRELATION_HEADER]: null }) : null);
    const body = record.responseBody;
    const headersKey = template === null ? null : keyFor(template);
    const bodyKey = body !== null && body.length >= SHARED_BODY_MIN ? keyFor(body) : null;
    rows.push(
      encodeRow(record, {
        headers: template === null ? JSON.stringify(headers) : null,
        headersKey: headersKey instanceof Promise ? await headersKey : headersKey,
        bodyKey: bodyKey instanceof Promise ? await bodyKey : bodyKey,
      }),
    );
  }
  const shared = packPayloads(Array.from(texts, (entry) => JSON.stringify(entry)));
  const sessions = sessionsOf(records);
  const results = await db.batch<{ n?: number }>([
    ...shared.map((p) => db.prepare(INSERT_TEXTS_SQL).bind(p)),
    ...packPayloads(rows).map((p) => db.prepare(INSERT_LOGS_SQL).bind(p)),
    // Most batches carry no session: then no statement at all.
    ...(sessions === null
      ? []
      : [db.prepare(REGISTER_SESSIONS_SQL).bind(sessions, records[0].mock, maxTrafficSessions), db.prepare(REFUSED_SESSIONS_SQL).bind(sessions)]),
  ]);
  return { sessionsRefused: sessions === null ? 0 : Number(results[results.length - 1].results[0]?.n ?? 0) };
}

/** `[[mock, session, first ts], …]` as JSON, or null when no record names a session. */
function sessionsOf(records: readonly RequestLogRecord[]): string | null {
  let first: Map<string, RequestLogRecord> | null = null;
  for (const record of records) {
    if (record.sessionId === null) continue;
    first ??= new Map();
    const key = `${record.mock}\n${record.sessionId}`;
    const seen = first.get(key);
    if (seen === undefined || record.ts < seen.ts) first.set(key, record);
  }
  return first === null ? null : JSON.stringify(Array.from(first.values(), (r) => [r.mock, r.sessionId, r.ts]));
}

export interface LogRow {
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
  response_headers: string | null;
  response_headers_hash: string | null;
  /** From log_texts, when the header set is stored there. */
  shared_headers: string | null;
  response_body: string | null;
  response_body_hash: string | null;
  /** From log_texts, when the body is stored there. */
  shared_body: string | null;
  response_body_size: number;
  latency_ms: number;
  client_address: string | null;
  user_agent: string | null;
  session_id: string | null;
  correlation_id: string;
  validation_errors: string | null;
}

export function rowToLog(row: LogRow): StoredRequestLog {
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
    responseHeaders: responseHeadersOf(row),
    responseBody: row.response_body ?? row.shared_body,
    responseBodySize: row.response_body_size,
    latencyMs: row.latency_ms,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    sessionId: row.session_id,
    correlationId: row.correlation_id,
    validationErrors: row.validation_errors === null ? null : (JSON.parse(row.validation_errors) as unknown[]),
  };
}

function responseHeadersOf(row: LogRow): Record<string, string> {
  if (row.response_headers !== null) return JSON.parse(row.response_headers) as Record<string, string>;
  const headers = JSON.parse(row.shared_headers ?? '{}') as Record<string, string>;
  // Filled in place: the key keeps its position in the stored order.
  headers[CORRELATION_HEADER] = row.correlation_id;
  return headers;
}

/** Newest first. */
export async function listLogs(
  db: D1Database,
  mock: string,
  limit: number,
  offset: number,
): Promise<{ items: StoredRequestLog[]; total: number }> {
  const [page, count] = await db.batch([
    db
      .prepare(
        `SELECT l.*, h.text AS shared_headers, b.text AS shared_body FROM request_logs AS l
         LEFT JOIN log_texts AS h ON h.hash = l.response_headers_hash LEFT JOIN log_texts AS b ON b.hash = l.response_body_hash
         WHERE l.mock = ?1 ORDER BY l.id DESC LIMIT ?2 OFFSET ?3`,
      )
      .bind(mock, limit, offset),
    db.prepare('SELECT COUNT(*) AS total FROM request_logs WHERE mock = ?1').bind(mock),
  ]);
  // SAFETY: the SELECT above returns request_logs rows plus shared_headers and shared_body, which LogRow mirrors.
  const items = (page.results as unknown as LogRow[]).map(rowToLog);
  const total = (count.results[0] as { total: number } | undefined)?.total ?? 0;
  return { items, total };
}

export async function countLogs(db: D1Database, mock: string): Promise<number> {
  const row = await db.prepare('SELECT COUNT(*) AS total FROM request_logs WHERE mock = ?1').bind(mock).first<{ total: number }>();
  return row?.total ?? 0;
}

/** One whole exchange, or null. */
export async function getLog(db: D1Database, mock: string, id: string): Promise<StoredRequestLog | null> {
  const row = await db
    .prepare(
      `SELECT l.*, h.text AS shared_headers, b.text AS shared_body FROM request_logs AS l
       LEFT JOIN log_texts AS h ON h.hash = l.response_headers_hash LEFT JOIN log_texts AS b ON b.hash = l.response_body_hash
       WHERE l.mock = ?1 AND l.id = ?2`,
    )
    .bind(mock, id)
    .first<LogRow>();
  return row === null ? null : rowToLog(row);
}

/** Rows deleted per statement: a huge log is removed in steps that each stay short. */
const DELETE_STEP = 5000;

/**
 * Deletes a mock's request log (only one test session's rows when `sessionId` is given) and returns
 * how many rows went. Texts in log_texts that no row uses any more go with them (pruneTexts).
 */
export async function deleteLogs(db: D1Database, mock: string, sessionId?: string): Promise<number> {
  const where = sessionId === undefined ? 'mock = ?1' : 'mock = ?1 AND session_id = ?2';
  const statement = db.prepare(`DELETE FROM request_logs WHERE mock = ?1 AND id IN (SELECT id FROM request_logs WHERE ${where} LIMIT ${DELETE_STEP}) ${RETURNING_TEXT_KEYS}`);
  const bound = sessionId === undefined ? statement.bind(mock) : statement.bind(mock, sessionId);
  let deleted = 0;
  for (;;) {
    const changes = await deleteStep(db, bound);
    deleted += changes;
    if (changes < DELETE_STEP) return deleted;
  }
}

/** What a DELETE of request_logs returns so the texts its rows used can be pruned. */
export const RETURNING_TEXT_KEYS = 'RETURNING response_body_hash AS b, response_headers_hash AS h';

/** Runs one DELETE … RETURNING_TEXT_KEYS step, prunes the texts its rows used, returns the rows deleted. */
export async function deleteStep(db: D1Database, statement: D1PreparedStatement): Promise<number> {
  const { results } = await statement.all<{ b: string | null; h: string | null }>();
  const keys = new Set<string>();
  for (const row of results) {
    if (row.b !== null) keys.add(row.b);
    if (row.h !== null) keys.add(row.h);
  }
  if (keys.size > 0) await pruneTexts(db, [...keys]);
  return results.length;
}

/**
 * Deletes the texts among `keys` that no request_logs row uses any more (as body or as header set;
 * both columns are indexed for this). log_texts is shared by every mock of the database, so a text
 * another mock still uses stays. A writer's batch inserts its texts and rows in one transaction, so
 * a text is never pruned between being written and being used.
 */
export async function pruneTexts(db: D1Database, keys: readonly string[]): Promise<number> {
  let pruned = 0;
  for (let i = 0; i < keys.length; i += PRUNE_STEP) {
    const result = await db.prepare(PRUNE_TEXTS_SQL).bind(JSON.stringify(keys.slice(i, i + PRUNE_STEP))).run();
    pruned += result.meta.changes;
  }
  return pruned;
}

const PRUNE_STEP = 2000;
const PRUNE_TEXTS_SQL = `DELETE FROM log_texts WHERE hash IN (SELECT value FROM json_each(?1))
  AND NOT EXISTS (SELECT 1 FROM request_logs WHERE response_body_hash = log_texts.hash)
  AND NOT EXISTS (SELECT 1 FROM request_logs WHERE response_headers_hash = log_texts.hash)`;
