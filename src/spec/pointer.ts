/**
 * JSON Pointers (RFC 6901), in both spellings a spec uses: the plain string (`/a/b~1c`) that
 * problems report, and the URI fragment (`#/a/b~1c`, percent-encoded) that `$ref` values carry.
 */
import { isObject } from './json';

/** Escapes one segment: `~` → `~0`, `/` → `~1`. */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Joins raw (unescaped) segments into a plain pointer: `['paths', '/pets']` → `/paths/~1pets`. */
export function joinPointer(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) out += `/${escapePointer(segment)}`;
  return out;
}

function splitPlain(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map(unescapePointer);
}

/**
 * The segment lists a pointer may mean. A `#` fragment is percent-decoded first (`%7B` → `{`);
 * the undecoded reading comes second, because real specs also write a literal `%` in names.
 */
export function pointerReadings(pointer: string): string[][] {
  if (!pointer.startsWith('#')) {
    const plain = splitPlain(pointer);
    return plain ? [plain] : [];
  }
  const raw = pointer.slice(1);
  const readings: string[][] = [];
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = undefined; // a stray `%` that is not an escape: only the raw reading applies
  }
  const first = decoded === undefined ? undefined : splitPlain(decoded);
  if (first) readings.push(first);
  if (decoded !== raw) {
    const second = splitPlain(raw);
    if (second) readings.push(second);
  }
  return readings;
}

function step(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
    return value[Number(segment)];
  }
  if (isObject(value)) return Object.hasOwn(value, segment) ? value[segment] : undefined;
  return undefined;
}

function follow(document: unknown, segments: readonly string[]): unknown {
  let value = document;
  for (const segment of segments) {
    value = step(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

/** Resolves a pointer and says which segments matched, so callers can report a canonical pointer. */
export function resolvePointer(document: unknown, pointer: string): { value: unknown; segments: string[] } | undefined {
  for (const segments of pointerReadings(pointer)) {
    const value = follow(document, segments);
    if (value !== undefined) return { value, segments };
  }
  return undefined;
}

/**
 * The value a pointer names, or `undefined`.
 * @example getByPointer(doc, '#/paths/~1pets/get/responses/200')
 */
export function getByPointer(document: unknown, pointer: string): unknown {
  return resolvePointer(document, pointer)?.value;
}
