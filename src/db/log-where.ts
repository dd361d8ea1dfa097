/**
 * A LogFilter as a SQL condition over `request_logs AS l`, with numbered parameters. Shared by
 * search, analysis, reports and export, so every endpoint filters the same way.
 *
 * D1 has no REGEXP: a path regex is applied in the worker to the distinct paths the other
 * filters leave (see matchPaths), and the paths it keeps travel as one JSON parameter.
 */
import type { LogFilter } from '../logs/filters';
import { globLiteralPrefix, globMatcher } from '../logs/glob';
import { literalPrefix, MAX_SQL_PATTERN_BYTES, prefixGlob, utf8Length } from '../logs/safe-regex';
import { RegexBudgetExceeded, type SafeRegex, type StepBudget } from '../regex';

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
  if (filter.pathGlob !== undefined) {
    // A glob too long for D1 narrows by its literal start here and is matched in the worker (matchPaths).
    if (globFitsSql(filter.pathGlob)) terms.push(`l.path GLOB ${b.bind(filter.pathGlob)}`);
    else if (globLiteralPrefix(filter.pathGlob) !== '') terms.push(`l.path GLOB ${b.bind(prefixGlob(globLiteralPrefix(filter.pathGlob)))}`);
  }
  // The regex's literal start narrows the rows in SQL; the regex itself runs in the worker (matchPaths).
  const prefix = filter.pathRegex ? literalPrefix(filter.pathRegex) : '';
  if (prefix !== '') terms.push(`l.path GLOB ${b.bind(prefixGlob(prefix))}`);
  if (matchingPaths !== undefined) terms.push(`l.path IN (SELECT value FROM json_each(${b.bind(JSON.stringify(matchingPaths))}))`);
  if (filter.q !== undefined) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // LIKE folds ASCII case; so does lower() (SQLite's own, without ICU). D1 refuses LIKE patterns
    // over MAX_SQL_PATTERN_BYTES, so a longer text is looked for with instr().
    const p = b.bind(utf8Length(pattern) <= MAX_SQL_PATTERN_BYTES ? pattern : filter.q.toLowerCase());
    const like = utf8Length(pattern) <= MAX_SQL_PATTERN_BYTES ? (column: string) => `${column} LIKE ${p} ESCAPE '\\'` : (column: string) => `instr(lower(${column}), ${p}) > 0`;
    terms.push(
      `(${like('l.path')} OR ${like('l.query')} OR ${like('l.request_body')} OR ${like('l.response_body')} OR l.response_body_hash IN (SELECT hash FROM log_texts WHERE ${like('text')}))`,
    );
  }
  return terms.join(' AND ');
}

export type PathMatch = { ok: true; paths?: string[] } | { ok: false; reason: string };

/** Whether D1 can run the glob itself. */
export function globFitsSql(glob: string): boolean {
  return utf8Length(glob) <= MAX_SQL_PATTERN_BYTES;
}

/** Matcher steps one search may spend on paths (a few seconds at worst, in slices). */
export const PATH_MATCH_BUDGET = 50_000_000;
/** Steps between two yields, so other requests to the mock are served meanwhile. */
const SLICE_STEPS = 500_000;

/** The distinct paths (under the other filters) that the filter's path regex (and a glob too long for SQL) match. */
export async function matchPaths(db: D1Database, mock: string, filter: LogFilter): Promise<PathMatch> {
  const matchers: SafeRegex[] = [];
  if (filter.pathGlob !== undefined && !globFitsSql(filter.pathGlob)) {
    const glob = globMatcher(filter.pathGlob);
    if (!glob.ok) return { ok: false, reason: `path_glob cannot be matched: ${glob.reason}` };
    matchers.push(glob.regex);
  }
  if (filter.pathRegex) matchers.push(filter.pathRegex);
  if (matchers.length === 0) return { ok: true };
  const b = new SqlBuilder();
  // Without matching paths, whereOf narrows by the regex's literal prefix only.
  const where = whereOf(b, mock, filter);
  const rows = await db
    .prepare(`SELECT DISTINCT l.path AS path FROM ${fromLogs(filter)} WHERE ${where} LIMIT ${MAX_REGEX_PATHS + 1}`)
    .bind(...b.params)
    .raw<[string]>();
  if (rows.length > MAX_REGEX_PATHS) return { ok: false, reason: `the path pattern would be tried on more than ${MAX_REGEX_PATHS} distinct paths; narrow the search with time_from/time_to, operation or a shorter path_glob` };
  const budget: StepBudget = { left: PATH_MATCH_BUDGET };
  let sliceEnd = budget.left - SLICE_STEPS;
  const paths: string[] = [];
  try {
    for (const [path] of rows) {
      if (matchers.every((m) => m.test(path, budget))) paths.push(path);
      if (budget.left < sliceEnd) {
        // The matcher is synchronous: a long run yields now and then so the isolate serves others.
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceEnd = budget.left - SLICE_STEPS;
      }
    }
  } catch (error) {
    if (error instanceof RegexBudgetExceeded) return { ok: false, reason: 'the path pattern needs too much work over these paths; narrow the search with time_from/time_to, operation or path_glob' };
    throw error;
  }
  return { ok: true, paths };
}
