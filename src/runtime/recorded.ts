/**
 * Replaying recorded exchanges (a recording made from upstream traffic, docs/decisions/0020): a
 * rule carries entries keyed by the request's path and query; each entry is a sequence of
 * responses served in order, the last one repeating. Volatile values (ids, dates) the recorder
 * found are made fresh on each replay, so a client that checks them sees new ones.
 */
import type { MockRequest, MockResponse } from './contract';
import type { CompiledRule } from './steering';
import type { PlanOperation } from '../plan';
import type { RecordedResponse, VolatileKind } from './upstream-types';

/** The index of the entry that answers this request (exact path and query first, then path only, then any), or -1. */
export function recordedIndex(rule: CompiledRule | undefined, request: MockRequest): number {
  const entries = rule?.recorded;
  if (!entries || entries.length === 0) return -1;
  let pathOnly = -1;
  let any = -1;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.path !== undefined && e.path !== request.path) continue;
    if (e.query !== undefined && e.query === request.query && e.path !== undefined) return i;
    if (e.query === undefined && e.path !== undefined && pathOnly < 0) pathOnly = i;
    if (e.query === undefined && e.path === undefined && any < 0) any = i;
  }
  return pathOnly >= 0 ? pathOnly : any;
}

/** The next recorded response of entry `index`, with fresh volatile values. */
export function replayRecorded(rule: CompiledRule, index: number, op: PlanOperation): MockResponse {
  const entry = (rule.recorded ?? [])[index];
  rule.cursor ??= [];
  const at = rule.cursor[index] ?? 0;
  const recorded = entry.responses[Math.min(at, entry.responses.length - 1)];
  rule.cursor[index] = at + 1;
  let headers = { ...recorded.headers };
  let body = recorded.body;
  if (recorded.volatile && recorded.volatile.length > 0) ({ headers, body } = refreshed(recorded, rule.random, rule.now ?? Date.now));
  const res: MockResponse = { status: recorded.status, headers, body, operation: op, violations: [] };
  if (recorded.delayMs !== undefined && recorded.delayMs > 0) res.delivery = { delayMs: recorded.delayMs };
  return res;
}

function refreshed(recorded: RecordedResponse, random: () => number, now: () => number): { headers: Record<string, string>; body: string | null } {
  const headers = { ...recorded.headers };
  let value: unknown;
  let json = false;
  if (recorded.body !== null) {
    try {
      value = JSON.parse(recorded.body);
      json = true;
    } catch {
      json = false;
    }
  }
  for (const field of recorded.volatile ?? []) {
    if (field.pointer.startsWith('/headers/')) {
      const name = field.pointer.slice('/headers/'.length);
      if (headers[name] !== undefined) headers[name] = String(freshValue(field.kind, headers[name], random, now));
    } else if (json && field.pointer.startsWith('/body')) {
      value = setAt(value, field.pointer.slice('/body'.length), (old) => freshValue(field.kind, old, random, now));
    }
  }
  return { headers, body: json ? JSON.stringify(value) : recorded.body };
}

/** A new value of the same kind (and shape) as `old`. */
export function freshValue(kind: VolatileKind, old: unknown, random: () => number, now: () => number): unknown {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  switch (kind) {
    case 'uuid':
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
    case 'date-time': {
      const iso = new Date(now()).toISOString();
      return typeof old === 'string' && !/\.\d+/.test(old) ? iso.replace(/\.\d+Z$/, 'Z') : iso;
    }
    case 'date':
      return new Date(now()).toISOString().slice(0, 10);
    case 'epoch-ms':
      return typeof old === 'string' ? String(now()) : now();
    case 'epoch-s':
      return typeof old === 'string' ? String(Math.floor(now() / 1000)) : Math.floor(now() / 1000);
    case 'token': {
      // Keeps a prefix such as `req_` and the length of the rest.
      const text = typeof old === 'string' ? old : String(old);
      const cut = Math.max(text.lastIndexOf('_'), text.lastIndexOf('-')) + 1;
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
      return text.slice(0, cut) + Array.from({ length: Math.max(text.length - cut, 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    }
  }
}

/** `value` with the place at `pointer` replaced (an RFC 6901 pointer; a missing place leaves it as is). */
function setAt(value: unknown, pointer: string, change: (old: unknown) => unknown): unknown {
  if (pointer === '') return change(value);
  const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = value;
  for (let i = 0; i < parts.length - 1; i++) {
    if (node === null || typeof node !== 'object') return value;
    // SAFETY: a non-null object parsed from JSON: an array or a plain object, both indexable by key.
    node = (node as Record<string, unknown>)[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (node !== null && typeof node === 'object' && last in node) {
    // SAFETY: as above, a JSON array or plain object.
    const holder = node as Record<string, unknown>;
    holder[last] = change(holder[last]);
  }
  return value;
}
