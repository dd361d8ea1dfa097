/**
 * Migrations on a real local D1 (workerd through Miniflare): each file is applied whole or not at
 * all, with its d1_migrations row, as wrangler records them.
 */
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPATIBILITY_DATE } from '../../cli/local-runtime';
import { applyMigrationFiles, type D1Like } from './migrate';

let mf: Miniflare;
let db: D1Like;

beforeAll(async () => {
  mf = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response("ok"); } }', compatibilityDate: COMPATIBILITY_DATE, d1Databases: { DB: 'migrate-test' } });
  // SAFETY: Miniflare's D1 proxy implements the D1Database methods D1Like names.
  db = (await mf.getD1Database('DB')) as unknown as D1Like;
});

afterAll(async () => {
  await mf?.dispose();
});

const names = async () => (await db.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{ name: string }>()).results.map((r) => r.name);
const tables = async () => (await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_'").all<{ name: string }>()).results.map((r) => r.name).sort();

describe('applyMigrationFiles', () => {
  it('applies each file whole or not at all, records it, and skips what is recorded', async () => {
    const first = { name: '0000_a.sql', sql: 'CREATE TABLE t1 (id INTEGER);\n--> statement-breakpoint\nCREATE INDEX t1_id ON t1 (id);' };
    const broken = { name: '0001_b.sql', sql: 'CREATE TABLE t2 (id INTEGER);\n--> statement-breakpoint\nCREATE TABL oops;' };
    await expect(applyMigrationFiles(db, [first, broken])).rejects.toThrow();
    // The first file is in; of the broken one neither its table nor its record.
    expect(await names()).toEqual(['0000_a.sql']);
    expect(await tables()).toEqual(['t1']);

    const fixed = { ...broken, sql: 'CREATE TABLE t2 (id INTEGER);\n--> statement-breakpoint\nCREATE TABLE t3 (id INTEGER);' };
    expect(await applyMigrationFiles(db, [first, fixed])).toEqual(['0001_b.sql']);
    expect(await names()).toEqual(['0000_a.sql', '0001_b.sql']);
    expect(await tables()).toEqual(['t1', 't2', 't3']);
    expect(await applyMigrationFiles(db, [first, fixed])).toEqual([]);
  });
});
