/**
 * Paging through the log for export: oldest first, by keyset (`id > last id`), so each page is
 * an index range and no page costs more than the one before (OFFSET would re-read every row it
 * skips). Whole records, with the texts stored once joined back.
 */
import type { LogFilter } from '../logs/filters';
import type { StoredRequestLog } from '../logs/record';
import { type LogRow, rowToLog } from './logs';
import { SqlBuilder, whereOf } from './log-where';

export async function pageLogsAfter(
  db: D1Database,
  mock: string,
  filter: LogFilter,
  matchingPaths: readonly string[] | undefined,
  afterId: string | null,
  limit: number,
): Promise<StoredRequestLog[]> {
  const b = new SqlBuilder();
  const where = whereOf(b, mock, filter, matchingPaths);
  const after = afterId === null ? '' : ` AND l.id > ${b.bind(afterId)}`;
  const { results } = await db
    .prepare(
      `SELECT l.*, h.text AS shared_headers, t.text AS shared_body FROM request_logs AS l
       LEFT JOIN log_texts AS h ON h.hash = l.response_headers_hash LEFT JOIN log_texts AS t ON t.hash = l.response_body_hash
       WHERE ${where}${after} ORDER BY l.id LIMIT ${b.bind(limit)}`,
    )
    .bind(...b.params)
    .all<LogRow>();
  return results.map(rowToLog);
}
