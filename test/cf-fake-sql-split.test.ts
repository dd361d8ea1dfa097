/** How the Cloudflare fake's D1 query endpoint cuts a SQL body into statements. */
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../scripts/cf-fake/sql-split';

describe('splitStatements', () => {
  it('splits on top-level semicolons and drops empty and comment-only pieces', () => {
    expect(splitStatements('SELECT 1; SELECT 2;\n-- done\n;')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('keeps semicolons inside strings, quoted names and comments', () => {
    const sql = "INSERT INTO t VALUES ('a;b', \"c;d\"); /* x; y */ SELECT `e;f` FROM [g;h]";
    expect(splitStatements(sql)).toEqual(["INSERT INTO t VALUES ('a;b', \"c;d\")", '/* x; y */ SELECT `e;f` FROM [g;h]']);
  });

  it('keeps a trigger body (with CASE … END inside) in one statement', () => {
    const trigger = "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET v = CASE WHEN NEW.v > 0 THEN 1 ELSE 0 END; DELETE FROM y; END";
    expect(splitStatements(`${trigger}; SELECT 1`)).toEqual([trigger, 'SELECT 1']);
  });

  it('does not treat BEGIN TRANSACTION as a block', () => {
    expect(splitStatements('BEGIN TRANSACTION; SELECT 1; COMMIT')).toEqual(['BEGIN TRANSACTION', 'SELECT 1', 'COMMIT']);
  });
});
