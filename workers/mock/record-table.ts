/**
 * Stateful CRUD records in the MockState DO's SQLite storage: one row per record (so no value
 * nears a storage limit), keyed by scope ('' global, else a test session), collection and id;
 * rowid keeps creation order. Records cross the DO's RPC boundary as JSON text, never as objects:
 * structured clone refuses (DataCloneError) values that JSON allows, such as a `__proto__` key.
 */
export interface RecordRow {
  id: string;
  body: string;
}

export function createRecordTable(sql: SqlStorage): void {
  sql.exec(
    `CREATE TABLE IF NOT EXISTS records (scope TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, collection, id))`,
  );
}

/** The record's JSON text, or null. */
export function getRecord(sql: SqlStorage, scope: string, collection: string, id: string): string | null {
  const rows = sql.exec<{ body: string }>('SELECT body FROM records WHERE scope = ? AND collection = ? AND id = ?', scope, collection, id).toArray();
  return rows.length === 0 ? null : rows[0].body;
}

/** The JSON texts of a collection's records, oldest first. */
export function listRecords(sql: SqlStorage, scope: string, collection: string): string[] {
  return sql
    .exec<{ body: string }>('SELECT body FROM records WHERE scope = ? AND collection = ? ORDER BY rowid', scope, collection)
    .toArray()
    .map((row) => row.body);
}

export function putRecord(sql: SqlStorage, scope: string, collection: string, id: string, body: string, onlyIfAbsent: boolean): boolean {
  if (onlyIfAbsent) {
    return sql.exec('INSERT OR IGNORE INTO records (scope, collection, id, body) VALUES (?, ?, ?, ?)', scope, collection, id, body).rowsWritten > 0;
  }
  sql.exec('INSERT INTO records (scope, collection, id, body) VALUES (?, ?, ?, ?) ON CONFLICT (scope, collection, id) DO UPDATE SET body = excluded.body', scope, collection, id, body);
  return true;
}

export function removeRecord(sql: SqlStorage, scope: string, collection: string, id: string): boolean {
  return sql.exec('DELETE FROM records WHERE scope = ? AND collection = ? AND id = ?', scope, collection, id).rowsWritten > 0;
}

/** Deletes a scope's records (every scope when null); returns how many. */
export function clearRecords(sql: SqlStorage, scope: string | null, collection?: string): number {
  if (scope === null) return sql.exec('DELETE FROM records').rowsWritten;
  if (collection !== undefined) return sql.exec('DELETE FROM records WHERE scope = ? AND collection = ?', scope, collection).rowsWritten;
  return sql.exec('DELETE FROM records WHERE scope = ?', scope).rowsWritten;
}

/** Collections of a scope with their record counts. */
export function countRecords(sql: SqlStorage, scope: string): Array<{ collection: string; count: number }> {
  return sql.exec<{ collection: string; count: number }>('SELECT collection, COUNT(*) AS count FROM records WHERE scope = ? GROUP BY collection ORDER BY collection', scope).toArray();
}
