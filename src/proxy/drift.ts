/**
 * Drift: one request answered by both the mock and the live API, compared. Schema violations of
 * the live answer (the spec and the API disagree) are kept apart from differences between the two
 * answers (the mock and the API disagree): status, media type, shape (type, missing, extra) and
 * values. Volatile fields are left out by default, and any pointer the caller lists.
 */
import type { ProblemItem } from '../problem';
import { escapePointer, volatileKind } from './volatile';

export type DifferenceKind = 'status' | 'media-type' | 'type' | 'missing' | 'extra' | 'length' | 'value';

export interface Difference {
  /** `/status`, `/headers/content-type`, or `/body…`. */
  pointer: string;
  kind: DifferenceKind;
  mock?: string;
  live?: string;
}

export interface DriftEntry {
  type: 'drift';
  ts: number;
  operation: string | null;
  method: string;
  path: string;
  served: 'live' | 'mock';
  status: { mock: number; live: number };
  /** The live answer against the spec. */
  violations: ProblemItem[];
  differences: Difference[];
}

export interface CompareOptions {
  ignore: string[];
  volatile: boolean;
}

export interface Answer {
  status: number;
  contentType: string | null;
  body: string | null;
}

const MAX_DIFFERENCES = 50;

export function compareAnswers(mock: Answer, live: Answer, options: CompareOptions): Difference[] {
  const out: Difference[] = [];
  if (mock.status !== live.status) out.push({ pointer: '/status', kind: 'status', mock: String(mock.status), live: String(live.status) });
  const mockType = essence(mock.contentType);
  const liveType = essence(live.contentType);
  if (mockType !== liveType) out.push({ pointer: '/headers/content-type', kind: 'media-type', mock: mockType || 'none', live: liveType || 'none' });
  const a = parse(mock.body);
  const b = parse(live.body);
  if (a.ok && b.ok) walk(a.value, b.value, '/body', '', options, out, 0);
  else if ((mock.body ?? '') !== (live.body ?? '') && !a.ok && !b.ok) out.push({ pointer: '/body', kind: 'value', mock: short(mock.body), live: short(live.body) });
  return out.slice(0, MAX_DIFFERENCES);
}

function walk(mock: unknown, live: unknown, pointer: string, name: string, options: CompareOptions, out: Difference[], depth: number): void {
  if (out.length >= MAX_DIFFERENCES || depth > 32) return;
  if (options.ignore.some((p) => pointer === `/body${p}` || pointer.startsWith(`/body${p}/`))) return;
  const ta = typeOf(mock);
  const tb = typeOf(live);
  if (ta !== tb) {
    if (options.volatile && (volatileKind(name, mock) || volatileKind(name, live))) return;
    out.push({ pointer, kind: 'type', mock: ta, live: tb });
    return;
  }
  if (ta === 'array') {
    // SAFETY: typeOf said both are arrays.
    const [xs, ys] = [mock as unknown[], live as unknown[]];
    if (xs.length !== ys.length) out.push({ pointer, kind: 'length', mock: String(xs.length), live: String(ys.length) });
    for (let i = 0; i < Math.min(xs.length, ys.length, 20); i++) walk(xs[i], ys[i], `${pointer}/${i}`, name, options, out, depth + 1);
    return;
  }
  if (ta === 'object') {
    // SAFETY: typeOf said both are plain objects (parsed JSON).
    const [x, y] = [mock as Record<string, unknown>, live as Record<string, unknown>];
    for (const key of Object.keys(x)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (!(key in y)) {
        if (!options.ignore.some((p) => at === `/body${p}`)) out.push({ pointer: at, kind: 'missing', mock: short(JSON.stringify(x[key])) });
      } else walk(x[key], y[key], at, key, options, out, depth + 1);
    }
    for (const key of Object.keys(y)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (!(key in x) && !options.ignore.some((p) => at === `/body${p}`)) out.push({ pointer: at, kind: 'extra', live: short(JSON.stringify(y[key])) });
    }
    return;
  }
  if (mock !== live) {
    if (options.volatile && (volatileKind(name, mock) || volatileKind(name, live))) return;
    out.push({ pointer, kind: 'value', mock: short(JSON.stringify(mock)), live: short(JSON.stringify(live)) });
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function parse(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function essence(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function short(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
