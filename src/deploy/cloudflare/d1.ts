/**
 * The shared D1 database over the HTTP API: found by name or created, its migrations applied the
 * way `wrangler d1 migrations apply --remote` does (same `d1_migrations` table, one query per
 * migration with its bookkeeping row), and statements run as one batch per call.
 */
import { z } from 'zod';
import type { ApiResult, CloudflareApi } from './api';

export const DATABASE_NAME = 'mockloop';

/** A migration file: `0000_init.sql` and its text. */
export interface Migration {
  name: string;
  sql: string;
}

/** One statement; D1's HTTP API takes parameters as strings (column affinity converts numbers back). */
export interface Statement {
  sql: string;
  params?: string[];
}

const databaseSchema = z.looseObject({ uuid: z.string(), name: z.string() });
const queryResultSchema = z.array(z.looseObject({ results: z.array(z.record(z.string(), z.unknown())).default([]), success: z.boolean().default(true) }));

export type Rows = Array<Record<string, unknown>>;

export async function findOrCreateDatabase(api: CloudflareApi, name = DATABASE_NAME): Promise<ApiResult<{ id: string; created: boolean }>> {
  const base = `/accounts/${api.accountId}/d1/database`;
  const found = await api.request('d1 find database', 'GET', `${base}?name=${encodeURIComponent(name)}`, undefined, z.array(databaseSchema));
  if (!found.ok) return found;
  const existing = found.value.find((db) => db.name === name);
  if (existing) return { ok: true, value: { id: existing.uuid, created: false } };
  const created = await api.request('d1 create database', 'POST', base, { name }, databaseSchema);
  return created.ok ? { ok: true, value: { id: created.value.uuid, created: true } } : created;
}

/** Runs statements in one call (D1 runs a batch as one transaction); answers each statement's rows. */
export async function query(api: CloudflareApi, databaseId: string, step: string, statements: Statement[]): Promise<ApiResult<Rows[]>> {
  const path = `/accounts/${api.accountId}/d1/database/${databaseId}/query`;
  const body = statements.length === 1 ? statements[0] : { batch: statements };
  const answer = await api.request(step, 'POST', path, body, queryResultSchema);
  return answer.ok ? { ok: true, value: answer.value.map((r) => r.results) } : answer;
}

const CREATE_MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)';

/** Applies the migrations not yet recorded in `d1_migrations`, in name order; answers the names applied. */
export async function applyMigrations(api: CloudflareApi, databaseId: string, migrations: Migration[]): Promise<ApiResult<string[]>> {
  const listed = await query(api, databaseId, 'd1 list migrations', [{ sql: CREATE_MIGRATIONS_TABLE }, { sql: 'SELECT name FROM d1_migrations ORDER BY id' }]);
  if (!listed.ok) return listed;
  const done = new Set((listed.value[1] ?? []).map((row) => String(row.name)));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(migration.name)) continue;
    // As wrangler: the migration's text and its bookkeeping row in one query, so both land or neither.
    const sql = `${migration.sql}\n;\nINSERT INTO d1_migrations (name) VALUES ('${migration.name.replaceAll("'", "''")}');`;
    const ran = await query(api, databaseId, `d1 apply migration ${migration.name}`, [{ sql }]);
    if (!ran.ok) return ran;
    applied.push(migration.name);
  }
  return { ok: true, value: applied };
}
