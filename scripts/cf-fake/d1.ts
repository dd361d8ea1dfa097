/**
 * D1's query and raw endpoints over a real D1 database (Miniflare's, the same one the deployed
 * workers are bound to): one result per statement, with D1's `meta`; several statements run as one
 * batch, so a failing migration leaves nothing half applied.
 */
import { d1SqlError } from './errors';
import { splitStatements } from './sql-split';

export interface QueryInput {
  sql: string;
  params?: unknown[];
}

interface D1Meta {
  duration?: number;
  changes?: number;
  last_row_id?: number;
  changed_db?: boolean;
  rows_read?: number;
  rows_written?: number;
  size_after?: number;
}

export async function runQuery(db: D1Database, input: QueryInput, raw: boolean): Promise<unknown[]> {
  const statements = splitStatements(input.sql);
  const params = input.params ?? [];
  if (statements.length === 0) throw d1SqlError('No SQL statements to run: SQLITE_ERROR');
  if (statements.length > 1 && params.length > 0) throw d1SqlError('A prepared SQL statement must contain only one statement.: SQLITE_ERROR');
  try {
    if (statements.length === 1) {
      const statement = db.prepare(statements[0]).bind(...params);
      if (raw) {
        const started = performance.now();
        const [columns, ...rows] = await statement.raw({ columnNames: true });
        return [{ results: { columns: columns ?? [], rows }, success: true, meta: meta({ duration: performance.now() - started }) }];
      }
      const result = await statement.all();
      return [{ results: result.results, success: true, meta: meta(result.meta) }];
    }
    const results = await db.batch(statements.map((s) => db.prepare(s)));
    return results.map((result) => ({ results: raw ? toRaw(result.results) : result.results, success: true, meta: meta(result.meta) }));
  } catch (error) {
    throw d1SqlError(describe(error));
  }
}

/** A `{batch}` body: every query (one statement each, with its params) in one D1 batch. */
export async function runBatch(db: D1Database, queries: QueryInput[], raw: boolean): Promise<unknown[]> {
  const prepared = queries.map((q) => {
    const statements = splitStatements(q.sql);
    if (statements.length !== 1) throw d1SqlError('A query of a batch must contain exactly one statement.: SQLITE_ERROR');
    return db.prepare(statements[0]).bind(...(q.params ?? []));
  });
  try {
    const results = await db.batch(prepared);
    return results.map((result) => ({ results: raw ? toRaw(result.results) : result.results, success: true, meta: meta(result.meta) }));
  } catch (error) {
    throw d1SqlError(describe(error));
  }
}

function toRaw(rows: unknown[]): { columns: string[]; rows: unknown[][] } {
  // SAFETY: D1 returns each row as a plain object of column → value.
  const objects = rows as Array<Record<string, unknown>>;
  const columns = objects.length > 0 ? Object.keys(objects[0]) : [];
  return { columns, rows: objects.map((row) => columns.map((c) => row[c])) };
}

function meta(m: D1Meta): D1Meta & { served_by: string } {
  return {
    served_by: 'cf-fake',
    duration: m.duration ?? 0,
    changes: m.changes ?? 0,
    last_row_id: m.last_row_id ?? 0,
    changed_db: m.changed_db ?? false,
    size_after: m.size_after ?? 0,
    rows_read: m.rows_read ?? 0,
    rows_written: m.rows_written ?? 0,
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Miniflare prefixes its own proxy wording; D1's API answers with SQLite's message and code.
  const cleaned = message.replace(/^D1_ERROR:\s*/, '').replace(/^Error:\s*/, '');
  return /SQLITE_[A-Z]+/.test(cleaned) ? cleaned : `${cleaned}: SQLITE_ERROR`;
}
