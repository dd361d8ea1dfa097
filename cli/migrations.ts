/**
 * Applies migrations/*.sql to a local D1 database the way `wrangler d1 migrations apply` does
 * (src/db/migrate.ts), so either tool can take over a database.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrationFiles, type D1Like, type MigrationFile } from '../src/db/migrate';

// The project root, found here rather than imported from build-worker.ts (which imports this file).
const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function applyMigrations(db: D1Like, dir = join(PROJECT_ROOT, 'migrations')): Promise<string[]> {
  return applyMigrationFiles(db, await readMigrations(dir));
}

export async function readMigrations(dir = join(PROJECT_ROOT, 'migrations')): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') })));
}
