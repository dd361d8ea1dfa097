/**
 * The request side of logged requests, newest first, a page at a time after a cursor: what the
 * WireMock-compatible journal matches patterns on (src/logs/journal). Only the request columns
 * are read — no response texts joined, no count — and pages follow the primary key (mock, id).
 */
import type { JournalRow } from '../logs/journal';

interface Row {
  id: string;
  ts: number;
  method: string;
  path: string;
  query: string;
  request_headers: string;
  request_body: string | null;
  client_address: string | null;
}

/** Up to `limit` rows older than `before` (a log id; null: from the newest). */
export async function journalPage(db: D1Database, mock: string, before: string | null, limit: number): Promise<JournalRow[]> {
  const columns = 'id, ts, method, path, query, request_headers, request_body, client_address';
  const statement =
    before === null
      ? db.prepare(`SELECT ${columns} FROM request_logs WHERE mock = ?1 ORDER BY id DESC LIMIT ?2`).bind(mock, limit)
      : db.prepare(`SELECT ${columns} FROM request_logs WHERE mock = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3`).bind(mock, before, limit);
  const { results } = await statement.all<Row>();
  return results.map((row) => ({
    id: row.id,
    ts: row.ts,
    method: row.method,
    path: row.path,
    query: row.query,
    // SAFETY: request_headers is written as a JSON object of strings (src/db/logs.ts).
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    clientAddress: row.client_address,
  }));
}
