/**
 * A LogFilter as a SQL condition over `request_logs AS l`, with numbered parameters. Shared by
 * search, analysis, reports and export, so every endpoint filters the same way.
 *
 * D1 has no REGEXP: a path regex is applied in the worker to the distinct paths the other
 * filters leave (see matchPaths), and the paths it keeps travel as one JSON parameter.
 */
import type { LogFilter } from '../logs/filters';
import { literalPrefix, prefixGlob } from '../logs/safe-regex';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Most distinct paths a path regex is tried on; beyond that, narrow the search first. */
export const MAX_REGEX_PATHS = 200_000;

export class SqlBuilder {
  readonly params: unknown[] = [];
  /** Adds a parameter and returns its placeholder (`?3`). */
  bind(value: unknown): string {
    this.params.push(value);
    return `?${this.params.length}`;
  }
}

/**
 * `request_logs AS l`, pinned to the index of a selective filter. Without ANALYZE statistics
 * SQLite takes every (mock, …) index for equally selective (a mock column with one value looks
 * like a good key) and may walk the primary key for ORDER BY id, or the operation index for a
 * GROUP BY, row by row over the whole log; a correlation or session id names few rows.
 */
export function fromLogs(filter: LogFilter): string {
  if (filter.correlationId !== undefined) return 'request_logs AS l INDEXED BY request_logs_mock_correlation';
  if (filter.sessionId !== undefined) return 'request_logs AS l INDEXED BY request_logs_mock_session';
  return 'request_logs AS l';
}

/** Whether fromLogs pinned a selective index (then few rows match and sorting them is cheap). */
export function isSelective(filter: LogFilter): boolean {
  return filter.correlationId !== undefined || filter.sessionId !== undefined;
}

/** `matchingPaths` replaces the regex: the paths it matched (from matchPaths). */
export function whereOf(b: SqlBuilder, mock: string, filter: LogFilter, matchingPaths?: readonly string[]): string {
  const terms = [`l.mock = ${b.bind(mock)}`];
  if (filter.from !== undefined) terms.push(`l.ts >= ${b.bind(filter.from)}`);
  if (filter.to !== undefined) terms.push(`l.ts <= ${b.bind(filter.to)}`);
  if (filter.methods?.length) terms.push(`l.method IN (SELECT value FROM json_each(${b.bind(JSON.stringify(filter.methods))}))`);
  if (filter.statuses?.length) {
    // Validated integers: written inline, so the status index sees plain ranges.
    terms.push(`(${filter.statuses.map((r) => (r.min === r.max ? `l.status = ${r.min | 0}` : `l.status BETWEEN ${r.min | 0} AND ${r.max | 0}`)).join(' OR ')})`);
  }
  if (filter.operations?.length) {
    terms.push(filter.operations.length === 1 ? `l.operation_id = ${b.bind(filter.operations[0])}` : `l.operation_id IN (SELECT value FROM json_each(${b.bind(JSON.stringify(filter.operations))}))`);
  }
  if (filter.sessionId !== undefined) terms.push(`l.session_id = ${b.bind(filter.sessionId)}`);
  if (filter.correlationId !== undefined) terms.push(`l.correlation_id = ${b.bind(filter.correlationId)}`);
  if (filter.pathGlob !== undefined) terms.push(`l.path GLOB ${b.bind(filter.pathGlob)}`);
  // The regex's literal start narrows the rows in SQL; the regex itself runs in the worker (matchPaths).
  const prefix = filter.pathRegex ? literalPrefix(filter.pathRegex) : '';
  if (prefix !== '') terms.push(`l.path GLOB ${b.bind(prefixGlob(prefix))}`);
  if (matchingPaths !== undefined) terms.push(`l.path IN (SELECT value FROM json_each(${b.bind(JSON.stringify(matchingPaths))}))`);
  if (filter.q !== undefined) {
    const p = b.bind(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const like = (column: string) => `${column} LIKE ${p} ESCAPE '\\'`;
    terms.push(
      `(${like('l.path')} OR ${like('l.query')} OR ${like('l.request_body')} OR ${like('l.response_body')} OR l.response_body_hash IN (SELECT hash FROM log_texts WHERE ${like('text')}))`,
    );
  }
  return terms.join(' AND ');
}

export type PathMatch = { ok: true; paths?: string[] } | { ok: false; distinct: number };

/** The distinct paths (under the other filters) that the filter's path regex matches. */
export async function matchPaths(db: D1Database, mock: string, filter: LogFilter): Promise<PathMatch> {
  if (!filter.pathRegex) return { ok: true };
  const pathRegex = filter.pathRegex;
  const b = new SqlBuilder();
  // Without matching paths, whereOf narrows by the regex's literal prefix only.
  const where = whereOf(b, mock, filter);
  const rows = await db
    .prepare(`SELECT DISTINCT l.path AS path FROM ${fromLogs(filter)} WHERE ${where} LIMIT ${MAX_REGEX_PATHS + 1}`)
    .bind(...b.params)
    .raw<[string]>();
  if (rows.length > MAX_REGEX_PATHS) return { ok: false, distinct: rows.length };
  return { ok: true, paths: rows.map((r) => r[0]).filter((path) => pathRegex.test(path)) };
}
