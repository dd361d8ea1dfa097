/**
 * ContextStore: the contexts and their snapshots in one SQLite-backed Durable Object (single
 * writer, so a version check and its write cannot interleave). It only connects the rows to the
 * pure rules in src/mcp/contexts.
 */
import { DurableObject } from 'cloudflare:workers';
import { createUlidFactory } from '../../src/logs/ulid';
import {
  type ContextRecord,
  type ContextStore as ContextStoreApi,
  type ContextSummary,
  type ContextType,
  checkSize,
  GLOBAL_CONTEXT_ID,
  MAX_METADATA_CHARS,
  type JsonObject,
  nextData,
  type SnapshotRecord,
  type StoreResult,
  type UpdateMode,
} from '../../src/mcp/contexts/model';
import { TOOL_UNKNOWN_CONTEXT, TOOL_UNKNOWN_SNAPSHOT } from '../../src/mcp/errors';
import { problem } from '../../src/problem';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

interface ContextRow {
  id: string;
  type: string;
  name: string;
  parent_id: string | null;
  data: string;
  metadata: string;
  version: number;
  created_at: number;
  updated_at: number;
  [column: string]: SqlStorageValue;
}

interface SnapshotRow {
  id: string;
  context_id: string;
  label: string | null;
  data: string;
  version: number;
  created_at: number;
  [column: string]: SqlStorageValue;
}

export class ContextStore extends DurableObject<object> implements ContextStoreApi {
  constructor(ctx: DurableObjectState, env: object) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS contexts (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT,
        data TEXT NOT NULL, metadata TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS contexts_type ON contexts (type, created_at);
      CREATE INDEX IF NOT EXISTS contexts_parent ON contexts (parent_id);
      CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, context_id TEXT NOT NULL, label TEXT, data TEXT NOT NULL,
        version INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS snapshots_context ON snapshots (context_id, created_at);`);
  }

  async create(input: { type: Exclude<ContextType, 'global'>; name: string; parentId: string | null; data: JsonObject; metadata: JsonObject }): Promise<StoreResult<ContextRecord>> {
    if (input.parentId !== null && !this.#row(input.parentId)) return this.#unknownContext(input.parentId, 'parent_id');
    const tooLarge = checkSize(input.data, 'data') ?? checkSize(input.metadata, 'metadata', MAX_METADATA_CHARS);
    if (tooLarge) return tooLarge;
    const now = Date.now();
    const record: ContextRecord = { id: `ctx_${ulid(now)}`, type: input.type, name: input.name, parentId: input.parentId, data: input.data, metadata: input.metadata, version: 1, createdAt: now, updatedAt: now };
    this.#insert(record);
    return { ok: true, value: record };
  }

  async get(id: string): Promise<StoreResult<ContextRecord & { snapshots: SnapshotRecord[]; childCount: number }>> {
    const row = id === GLOBAL_CONTEXT_ID ? this.#global() : this.#row(id);
    if (!row) return this.#unknownContext(id, 'context_id');
    const snapshots = this.ctx.storage.sql
      .exec<SnapshotRow>('SELECT * FROM snapshots WHERE context_id = ? ORDER BY created_at DESC, id DESC LIMIT 20', id)
      .toArray()
      .map(toSnapshot);
    const childCount = this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM contexts WHERE parent_id = ?', id).one().n;
    return { ok: true, value: { ...toRecord(row), snapshots, childCount } };
  }

  async update(id: string, change: { data: JsonObject; mode: UpdateMode; expectedVersion?: number }): Promise<StoreResult<ContextRecord>> {
    const row = id === GLOBAL_CONTEXT_ID ? this.#global() : this.#row(id);
    if (!row) return this.#unknownContext(id, 'context_id');
    const current = toRecord(row);
    const data = nextData(current, change);
    if (!data.ok) return data;
    return { ok: true, value: this.#write(current, data.value) };
  }

  async list(query: { type: ContextType; parentId?: string; limit: number; offset: number }): Promise<{ items: ContextSummary[]; total: number }> {
    const where = query.parentId === undefined ? 'type = ?1' : 'type = ?1 AND parent_id = ?2';
    const args = query.parentId === undefined ? [query.type] : [query.type, query.parentId];
    const total = this.ctx.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM contexts WHERE ${where}`, ...args).one().n;
    const items = this.ctx.storage.sql
      .exec<ContextRow>(`SELECT * FROM contexts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${query.limit} OFFSET ${query.offset}`, ...args)
      .toArray()
      .map((row) => {
        const { data: _data, metadata: _metadata, ...summary } = toRecord(row);
        return summary;
      });
    return { items, total };
  }

  async snapshot(id: string, label: string | null): Promise<StoreResult<SnapshotRecord>> {
    const row = id === GLOBAL_CONTEXT_ID ? this.#global() : this.#row(id);
    if (!row) return this.#unknownContext(id, 'context_id');
    const now = Date.now();
    const snapshot: SnapshotRecord = { id: `snap_${ulid(now)}`, contextId: id, label, version: row.version, createdAt: now };
    this.ctx.storage.sql.exec('INSERT INTO snapshots (id, context_id, label, data, version, created_at) VALUES (?, ?, ?, ?, ?, ?)', snapshot.id, id, label, row.data, row.version, now);
    return { ok: true, value: snapshot };
  }

  async restore(snapshotId: string, contextId?: string): Promise<StoreResult<{ context: ContextRecord; snapshot: SnapshotRecord }>> {
    const snap = this.ctx.storage.sql.exec<SnapshotRow>('SELECT * FROM snapshots WHERE id = ?', snapshotId).toArray()[0];
    if (!snap) {
      return { ok: false, problem: problem(TOOL_UNKNOWN_SNAPSHOT, `No snapshot "${snapshotId}": nothing was restored.`, { errors: [{ location: 'snapshot_id', message: 'unknown snapshot' }] }) };
    }
    if (contextId !== undefined && contextId !== snap.context_id) {
      return {
        ok: false,
        problem: problem(TOOL_UNKNOWN_SNAPSHOT, `Snapshot "${snapshotId}" belongs to context ${snap.context_id}, not ${contextId}: nothing was restored.`, {
          errors: [{ location: 'context_id', message: `the snapshot belongs to ${snap.context_id}` }],
        }),
      };
    }
    const row = snap.context_id === GLOBAL_CONTEXT_ID ? this.#global() : this.#row(snap.context_id);
    if (!row) return this.#unknownContext(snap.context_id, 'snapshot_id');
    // SAFETY: snapshot data was written from a stored context's JSON object.
    const context = this.#write(toRecord(row), JSON.parse(snap.data) as JsonObject);
    return { ok: true, value: { context, snapshot: toSnapshot(snap) } };
  }

  #write(current: ContextRecord, data: JsonObject): ContextRecord {
    const now = Math.max(Date.now(), current.updatedAt);
    const next = { ...current, data, version: current.version + 1, updatedAt: now };
    this.ctx.storage.sql.exec('UPDATE contexts SET data = ?, version = ?, updated_at = ? WHERE id = ?', JSON.stringify(data), next.version, now, current.id);
    return next;
  }

  #insert(record: ContextRecord): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO contexts (id, type, name, parent_id, data, metadata, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      record.id,
      record.type,
      record.name,
      record.parentId,
      JSON.stringify(record.data),
      JSON.stringify(record.metadata),
      record.version,
      record.createdAt,
      record.updatedAt,
    );
  }

  #row(id: string): ContextRow | undefined {
    return this.ctx.storage.sql.exec<ContextRow>('SELECT * FROM contexts WHERE id = ?', id).toArray()[0];
  }

  /** The one global context exists from its first use. */
  #global(): ContextRow {
    const row = this.#row(GLOBAL_CONTEXT_ID);
    if (row) return row;
    const now = Date.now();
    this.#insert({ id: GLOBAL_CONTEXT_ID, type: 'global', name: 'global', parentId: null, data: {}, metadata: {}, version: 1, createdAt: now, updatedAt: now });
    return this.#row(GLOBAL_CONTEXT_ID)!;
  }

  #unknownContext(id: string, field: string): { ok: false; problem: ReturnType<typeof problem> } {
    return { ok: false, problem: problem(TOOL_UNKNOWN_CONTEXT, `${field}: no context "${id}". List them with list_contexts_by_type.`, { errors: [{ location: field, message: 'unknown context' }] }) };
  }
}

function toRecord(row: ContextRow): ContextRecord {
  return {
    id: row.id,
    // SAFETY: type is only ever written from ContextType values.
    type: row.type as ContextType,
    name: row.name,
    parentId: row.parent_id,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
  return { id: row.id, contextId: row.context_id, label: row.label, version: row.version, createdAt: row.created_at };
}
