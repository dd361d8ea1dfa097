/**
 * Applies migrations/*.sql to a local D1 database the way `wrangler d1 migrations apply` does,
 * recording each in the same `d1_migrations` table, so either tool can take over a database.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from './build-worker';

interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> }; all<T>(): Promise<{ results: T[] }> };
  exec(sql: string): Promise<unknown>;
}

export async function applyMigrations(db: D1Like, dir = join(PROJECT_ROOT, 'migrations')): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
  );
  const done = new Set((await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()).results.map((r) => r.name));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(join(dir, file), 'utf8');
    for (const statement of sql.split('--> statement-breakpoint')) {
      const text = statement.trim();
      if (text !== '') await db.prepare(text).bind().run();
    }
    await db.prepare('INSERT INTO d1_migrations (name) VALUES (?1)').bind(file).run();
    applied.push(file);
  }
  return applied;
}
