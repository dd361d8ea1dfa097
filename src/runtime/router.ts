/**
 * Routing like Prism: path templates compiled once; a static segment beats a templated one, which
 * beats a bare parameter, compared left to right. Matching works on the raw (percent-encoded)
 * path so an encoded `/` inside a parameter stays inside it.
 */
import type { HttpMethod, PlanOperation } from '../plan';

type Segment =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string }
  /** Literal texts around parameters: `literals[i]` comes before `names[i]`, the last one after all. */
  | { kind: 'mixed'; literals: string[]; names: string[] };

interface Route {
  operation: PlanOperation;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'match'; operation: PlanOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export interface Router {
  match(method: string, rawPath: string): RouteMatch;
  /** Methods served at a path (for CORS preflight); empty when the path is unknown. */
  methodsAt(rawPath: string): string[];
}

const RANK = { static: 0, mixed: 1, param: 2 } as const;

export function createRouter(operations: readonly PlanOperation[]): Router {
  const bySegmentCount = new Map<number, Route[]>();
  for (const operation of operations) {
    const segments = splitPath(operation.path).map(compileSegment);
    const list = bySegmentCount.get(segments.length) ?? [];
    list.push({ operation, segments });
    bySegmentCount.set(segments.length, list);
  }
  // Most specific first, so the first full match for a method is the right one.
  for (const list of bySegmentCount.values()) list.sort((a, b) => compareSpecificity(a.segments, b.segments));
  // All-static templates by their path: when one matches, only all-static templates can be the
  // most specific, and a path with no `%` matches exactly those with its very text.
  const exact = new Map<string, Route[]>();
  for (const list of bySegmentCount.values()) {
    for (const route of list) {
      if (!route.segments.every((seg) => seg.kind === 'static' && !seg.text.includes('/'))) continue;
      const key = `/${route.segments.map((seg) => (seg.kind === 'static' ? seg.text : '')).join('/')}`;
      exact.set(key, [...(exact.get(key) ?? []), route]);
    }
  }

  function candidates(rawPath: string): Array<{ route: Route; params: Record<string, string> }> {
    const parts = splitPath(rawPath);
    const out: Array<{ route: Route; params: Record<string, string> }> = [];
    for (const route of bySegmentCount.get(parts.length) ?? []) {
      const params = matchSegments(route.segments, parts);
      if (params) out.push({ route, params });
    }
    return out;
  }

  return {
    match(method, rawPath) {
      const wanted = method.toLowerCase() as HttpMethod;
      const statics = rawPath.startsWith('/') && !rawPath.includes('%') ? exact.get(trimSlash(rawPath)) : undefined;
      if (statics) {
        const route = statics.find((r) => r.operation.method === wanted) ?? (wanted === 'head' ? statics.find((r) => r.operation.method === 'get') : undefined);
        if (route) return { kind: 'match', operation: route.operation, pathParams: {} };
        return { kind: 'method-not-allowed', allow: allowed(statics.map((r) => r.operation.method)) };
      }
      const found = candidates(rawPath);
      if (found.length === 0) return { kind: 'not-found' };
      // The most specific template that matches wins, and only its methods count (like Prism).
      const best = found.filter((c) => compareSpecificity(c.route.segments, found[0].route.segments) === 0);
      const hit = best.find((c) => c.route.operation.method === wanted) ?? (wanted === 'head' ? best.find((c) => c.route.operation.method === 'get') : undefined);
      if (hit) return { kind: 'match', operation: hit.route.operation, pathParams: hit.params };
      return { kind: 'method-not-allowed', allow: allowed(best.map((c) => c.route.operation.method)) };
    },
    methodsAt(rawPath) {
      return allowed(candidates(rawPath).map((c) => c.route.operation.method));
    },
  };
}

function allowed(methods: string[]): string[] {
  const set = new Set(methods.map((m) => m.toUpperCase()));
  if (set.has('GET')) set.add('HEAD');
  set.add('OPTIONS');
  return [...set];
}

/** `/a/b/` and `/a/b` are the same path; the root is one empty segment. */
function splitPath(path: string): string[] {
  return trimSlash(path).split('/').slice(1);
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function compileSegment(text: string): Segment {
  const whole = /^\{([^{}]+)\}$/.exec(text);
  if (whole) return { kind: 'param', name: whole[1] };
  if (!text.includes('{')) return { kind: 'static', text: safeDecode(text) };
  const names: string[] = [];
  const literals: string[] = [''];
  for (const part of text.split(/(\{[^{}]+\})/)) {
    const param = /^\{([^{}]+)\}$/.exec(part);
    if (param) {
      names.push(param[1]);
      literals.push('');
    } else literals[literals.length - 1] += safeDecode(part);
  }
  return { kind: 'mixed', literals, names };
}

/**
 * Matches a segment like `{name}.{ext}`: every parameter takes one or more characters, as few as
 * the rest allows (what `^(.+?)\.(.+?)$` would find). A backtracking RegExp takes time n^k for k
 * parameters on a segment of n characters that almost matches. Here each literal goes at its
 * earliest place after the parameter before it: placing a literal earlier only leaves more room for
 * what follows, so if the earliest place fails, every later one does too. At most k scans of n.
 */
function matchMixed(seg: { literals: string[]; names: string[] }, text: string): string[] | null {
  const { literals, names } = seg;
  if (!text.startsWith(literals[0])) return null;
  const values: string[] = [];
  let pos = literals[0].length;
  for (let i = 0; i < names.length; i++) {
    const next = literals[i + 1];
    // The last literal closes the segment; any other goes at its first place one character on.
    const end = i === names.length - 1 ? (text.endsWith(next) ? text.length - next.length : -1) : text.indexOf(next, pos + 1);
    if (end < pos + 1) return null;
    values.push(text.slice(pos, end));
    pos = end + next.length;
  }
  return values;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const part = parts[i];
    if (seg.kind === 'static') {
      if (seg.text !== part && seg.text !== safeDecode(part)) return null;
    } else if (seg.kind === 'param') {
      if (part === '') return null;
      params[seg.name] = part;
    } else {
      const values = matchMixed(seg, safeDecode(part));
      if (!values) return null;
      seg.names.forEach((name, j) => {
        params[name] = values[j];
      });
    }
  }
  return params;
}

function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = RANK[a[i].kind] - RANK[b[i].kind];
    if (d !== 0) return d;
  }
  return 0;
}

/** A path segment percent-decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
