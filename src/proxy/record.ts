/**
 * Recorded upstream exchanges → a scenario: per operation one rule whose `recorded` entries are
 * keyed by request path and query; a request repeated with different answers becomes a sequence
 * (repeats of the same answer collapse). The upstream's latency can be kept as a delay; volatile
 * values (ids, dates, trace headers) are marked so replay makes them fresh. Bounded: a scenario is
 * one stored value, so exchanges past MAX_RECORDING_BYTES are listed as skipped.
 */
import type { MockPlan, PlanOperation } from '../plan';
import type { RecordedEntry, RecordedResponse, VolatileField } from '../runtime';
import type { Rule, Scenario } from '../scenarios';
import { VOLATILE_HEADERS, volatileFields, volatileKind } from './volatile';

/** One request and the upstream's answer, as the log (or a HAR file) has it. */
export interface Exchange {
  method: string;
  path: string;
  query: string;
  operationId: string | null;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  /** The body's real size in bytes: larger than the text kept means the text was cut. */
  responseBodySize: number;
  /** The upstream's own time, when known. */
  upstreamMs: number | null;
}

export interface RecordOptions {
  name: string;
  description?: string;
  keepLatency: boolean;
  volatile: boolean;
}

export interface Recording {
  scenario: Scenario;
  operations: Array<{ operation: string; requests: number; entries: number; sequences: number }>;
  skipped: Array<{ method: string; path: string; reason: string }>;
}

export const MAX_RECORDING_BYTES = 1_500_000;
const DROPPED = /^(x-mockloop-|x-correlation-id$|access-control-|content-length$|vary$)/;

/** `exchanges` oldest first. */
export function buildRecording(plan: MockPlan, exchanges: Exchange[], options: RecordOptions): Recording {
  const byId = new Map(plan.operations.map((op) => [op.id, op]));
  const skipped: Recording['skipped'] = [];
  const perOp = new Map<PlanOperation, Map<string, { path: string; query: string; responses: RecordedResponse[]; requests: number }>>();
  let bytes = 0;
  for (const ex of exchanges) {
    const op = ex.operationId === null ? undefined : byId.get(ex.operationId);
    if (op === undefined) {
      skipped.push({ method: ex.method, path: ex.path, reason: 'no operation of the spec matches it' });
      continue;
    }
    if (ex.responseBody !== null && new TextEncoder().encode(ex.responseBody).byteLength < ex.responseBodySize) {
      skipped.push({ method: ex.method, path: ex.path, reason: `the log kept only part of its ${ex.responseBodySize}-byte body` });
      continue;
    }
    const response = recordedResponse(ex, options);
    const size = JSON.stringify(response).length;
    if (bytes + size > MAX_RECORDING_BYTES) {
      skipped.push({ method: ex.method, path: ex.path, reason: `the recording is full (${MAX_RECORDING_BYTES} bytes)` });
      continue;
    }
    bytes += size;
    let entries = perOp.get(op);
    if (!entries) {
      entries = new Map();
      perOp.set(op, entries);
    }
    const key = `${ex.path}?${ex.query}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { path: ex.path, query: ex.query, responses: [], requests: 0 };
      entries.set(key, entry);
    }
    entry.requests += 1;
    const last = entry.responses.at(-1);
    if (last === undefined || !sameAnswer(last, response)) {
      if (entry.responses.length < 100) entry.responses.push(response);
      else skipped.push({ method: ex.method, path: ex.path, reason: 'a sequence keeps at most 100 answers' });
    }
  }
  const rules: Rule[] = [];
  const operations: Recording['operations'] = [];
  for (const [op, entries] of perOp) {
    const recorded: RecordedEntry[] = [...entries.values()].slice(0, 200).map((e) => ({ path: e.path, query: e.query, responses: e.responses }));
    rules.push({
      endpoint: op.operationId ?? op.path,
      method: op.method.toUpperCase() as Rule['method'],
      recorded: recorded.map((e) => ({
        path: e.path,
        query: e.query,
        responses: e.responses.map((r) => ({ status: r.status, headers: r.headers, body: r.body, ...(r.delayMs ? { delay_ms: r.delayMs } : {}), ...(r.volatile?.length ? { volatile: r.volatile } : {}) })),
      })),
    });
    const list = [...entries.values()];
    operations.push({ operation: op.id, requests: list.reduce((n, e) => n + e.requests, 0), entries: list.length, sequences: list.filter((e) => e.responses.length > 1).length });
  }
  const scenario: Scenario = { name: options.name, description: options.description ?? `Recorded from ${exchanges.length} upstream exchanges`, rules };
  return { scenario, operations, skipped };
}

function recordedResponse(ex: Exchange, options: RecordOptions): RecordedResponse {
  const headers: Record<string, string> = {};
  const volatile: VolatileField[] = [];
  for (const [name, value] of Object.entries(ex.responseHeaders)) {
    const lower = name.toLowerCase();
    if (DROPPED.test(lower)) continue;
    if (VOLATILE_HEADERS.has(lower)) {
      if (!options.volatile || lower === 'date' || lower === 'set-cookie' || lower === 'age') continue;
      const kind = volatileKind(lower.endsWith('id') ? 'id' : lower, value) ?? 'token';
      volatile.push({ pointer: `/headers/${lower}`, kind });
    }
    headers[lower] = value;
  }
  if (options.volatile && ex.responseBody !== null && /json/i.test(headers['content-type'] ?? '')) {
    try {
      volatile.push(...volatileFields(JSON.parse(ex.responseBody)));
    } catch {
      // Not JSON after all: replayed as it is.
    }
  }
  const response: RecordedResponse = { status: ex.status, headers, body: ex.responseBody };
  if (options.keepLatency && ex.upstreamMs !== null && ex.upstreamMs > 0) response.delayMs = Math.min(ex.upstreamMs, 60_000);
  if (volatile.length > 0) response.volatile = volatile;
  return response;
}

/** The same answer but for volatile values: a repeat, not the next step of a sequence. */
function sameAnswer(a: RecordedResponse, b: RecordedResponse): boolean {
  if (a.status !== b.status) return false;
  if (a.body === b.body) return true;
  if (!a.volatile || !b.volatile) return false;
  try {
    return JSON.stringify(stripVolatile(JSON.parse(a.body ?? 'null'), a.volatile)) === JSON.stringify(stripVolatile(JSON.parse(b.body ?? 'null'), b.volatile));
  } catch {
    return false;
  }
}

function stripVolatile(value: unknown, fields: VolatileField[]): unknown {
  const text = JSON.stringify(value);
  const copy = JSON.parse(text);
  for (const field of fields) {
    if (!field.pointer.startsWith('/body/')) continue;
    const parts = field.pointer.slice(6).split('/');
    let node = copy;
    for (let i = 0; i < parts.length - 1 && node !== null && typeof node === 'object'; i++) node = node[parts[i]];
    if (node !== null && typeof node === 'object') node[parts[parts.length - 1]] = null;
  }
  return copy;
}
