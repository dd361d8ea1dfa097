/**
 * Contexts: JSON state an assistant keeps across calls (a test session, a workflow, an agent, one
 * global record), with parents, versions for optimistic concurrency, and snapshots. This file is
 * the pure part; the ContextStore Durable Object keeps the rows.
 */
import { mergePatch } from '../../json/merge-patch';
import { type Problem, problem } from '../../problem';
import { TOOL_TOO_LARGE, TOOL_VERSION_CONFLICT } from '../errors';

export const CONTEXT_TYPES = ['test_session', 'workflow', 'agent', 'global'] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];
export const GLOBAL_CONTEXT_ID = 'global';

/**
 * A context's data is at most this many characters of JSON, its metadata at most
 * MAX_METADATA_CHARS: get_context_data must answer with all of it inside one bounded tool result.
 */
export const MAX_CONTEXT_CHARS = 48 * 1024;
export const MAX_METADATA_CHARS = 4 * 1024;

export type JsonObject = Record<string, unknown>;

export interface ContextRecord {
  id: string;
  type: ContextType;
  name: string;
  parentId: string | null;
  data: JsonObject;
  /** Type-specific facts given at creation (an agent's capabilities, a workflow's steps, …). */
  metadata: JsonObject;
  /** 1 on creation, +1 on every write (update or restore). */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface ContextSummary {
  id: string;
  type: ContextType;
  name: string;
  parentId: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface SnapshotRecord {
  id: string;
  contextId: string;
  label: string | null;
  /** The context's version when the snapshot was taken. */
  version: number;
  createdAt: number;
}

export type UpdateMode = 'merge' | 'replace';

export type StoreResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** The store's surface (the Durable Object's RPC methods). */
export interface ContextStore {
  create(input: { type: Exclude<ContextType, 'global'>; name: string; parentId: string | null; data: JsonObject; metadata: JsonObject }): Promise<StoreResult<ContextRecord>>;
  get(id: string): Promise<StoreResult<ContextRecord & { snapshots: SnapshotRecord[]; childCount: number }>>;
  update(id: string, change: { data: JsonObject; mode: UpdateMode; expectedVersion?: number }): Promise<StoreResult<ContextRecord>>;
  list(query: { type: ContextType; parentId?: string; limit: number; offset: number }): Promise<{ items: ContextSummary[]; total: number }>;
  snapshot(id: string, label: string | null): Promise<StoreResult<SnapshotRecord>>;
  restore(snapshotId: string, contextId?: string): Promise<StoreResult<{ context: ContextRecord; snapshot: SnapshotRecord }>>;
}

/** The data after a write, or the problem that refuses it (stale version, too large). */
export function nextData(current: ContextRecord, change: { data: JsonObject; mode: UpdateMode; expectedVersion?: number }): StoreResult<JsonObject> {
  if (change.expectedVersion !== undefined && change.expectedVersion !== current.version) {
    return {
      ok: false,
      problem: problem(TOOL_VERSION_CONFLICT, `expected_version ${change.expectedVersion} is stale: context ${current.id} is at version ${current.version}. Read it again and retry.`, {
        errors: [{ location: 'expected_version', message: `the context is at version ${current.version}` }],
        currentVersion: current.version,
      }),
    };
  }
  // SAFETY: merging two JSON objects gives a JSON object.
  const data = change.mode === 'replace' ? change.data : (mergePatch(current.data, change.data) as JsonObject);
  const size = checkSize(data, 'data');
  return size ?? { ok: true, value: data };
}

export function checkSize(value: unknown, field: string, max = MAX_CONTEXT_CHARS): { ok: false; problem: Problem } | undefined {
  const chars = JSON.stringify(value).length;
  if (chars <= max) return undefined;
  return { ok: false, problem: problem(TOOL_TOO_LARGE, `${field} would be ${chars} characters of JSON; at most ${max} are kept.`, { errors: [{ location: field, message: 'too large' }] }) };
}
