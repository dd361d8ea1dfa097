/**
 * Applies D1 migrations the way `wrangler d1 migrations apply` does, recording each in the same
 * `d1_migrations` table, so wrangler, the local runtime, the Cloudflare deployer and a mock
 * worker with its migrations embedded can each take over a database from the others.
 */

/** A migration file: `0000_init.sql` and its text. */
export interface MigrationFile {
  name: string;
  sql: string;
}

/** A prepared statement, as far as it is used here. */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  run(): Promise<unknown>;
  all<T>(): Promise<{ results: T[] }>;
}

/** The part of D1Database used here (Miniflare's proxy and the Workers binding both have it). */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
  exec(sql: string): Promise<unknown>;
  batch(statements: D1StatementLike[]): Promise<unknown>;
}

export const CREATE_MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)';

/**
 * Applies the migrations not yet recorded, in name order; answers the names applied. Each file is
 * one batch with its own record in d1_migrations: one round trip (through Miniflare's proxy a
 * statement is one), and D1 runs a batch as a transaction, so a file is applied whole or not at all.
 */
export async function applyMigrationFiles(db: D1Like, migrations: MigrationFile[]): Promise<string[]> {
  await db.exec(CREATE_MIGRATIONS_TABLE);
  const done = new Set((await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()).results.map((r) => r.name));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(migration.name)) continue;
    const statements = migration.sql
      .split('--> statement-breakpoint')
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text) => db.prepare(text));
    await db.batch([...statements, db.prepare('INSERT INTO d1_migrations (name) VALUES (?1)').bind(migration.name)]);
    applied.push(migration.name);
  }
  return applied;
}
