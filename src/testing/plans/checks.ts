/**
 * A step's expectations against one response. Every failed expectation becomes a StepFailure that
 * says where in the plan it is (`/steps/2/expect/assert/0`) and what was seen, so a result names
 * the failing step and why without re-reading the plan.
 */
import { compileValidator, type JsonSchema } from '../../json-schema';
import type { MockPlan } from '../../plan';
import { responseFor } from '../../plan';
import { compileRegex } from '../../regex';
import { createRouter } from '../../runtime/router';
import { escapePointer, getByPointer } from '../../spec/pointer';
import { parseJsonPath, selectJsonPath } from '../../json/json-path';
import type { PlanAssertion, PlanExpect } from './schema';

export type CheckKind = 'request' | 'status' | 'header' | 'schema' | 'assert' | 'latency' | 'extract' | 'timeout' | 'setup';

export interface StepFailure {
  check: CheckKind;
  /** JSON pointer into the plan: the expectation that failed. */
  location: string;
  message: string;
}

export interface ObservedResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  body: unknown;
  contentType: string;
  latencyMs: number;
  /** True when the body was longer than the read limit (checks see no body). */
  truncated: boolean;
}

/** What schema conformance needs from the mock: its plan, routed like the mock routes. */
export interface PlanLookup {
  /** The declared response schema for a request and status, or a reason there is none. */
  schemaFor(method: string, path: string, status: number, contentType: string): { schema: JsonSchema; operation: string } | { reason: string };
  defs: Record<string, JsonSchema>;
  /** The operation a request reaches (`getBook`, or `GET /books/{bookId}` without an operationId). */
  operationOf(method: string, path: string): string | undefined;
}

export function planLookup(plan: MockPlan): PlanLookup {
  const router = createRouter(plan.operations);
  return {
    defs: plan.schemas,
    operationOf(method, path) {
      const match = router.match(method, path);
      return match.kind === 'match' ? (match.operation.operationId ?? `${match.operation.method.toUpperCase()} ${match.operation.path}`) : undefined;
    },
    schemaFor(method, path, status, contentType) {
      const match = router.match(method, path);
      if (match.kind !== 'match') return { reason: `the mock's plan has no operation for ${method} ${path}` };
      const op = match.operation;
      const label = op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
      const response = responseFor(op, status);
      if (!response) return { reason: `${label} declares no response for status ${status}` };
      const media = contentType.split(';')[0].trim().toLowerCase();
      const content = response.contents.find((c) => c.mediaType.toLowerCase() === media) ?? response.contents.find((c) => c.mediaType === '*/*');
      if (!content?.schema) return { reason: `${label} ${response.status} declares no schema for ${media || 'an empty body'}` };
      return { schema: content.schema, operation: label };
    },
  };
}

export function checkExpectations(expect: PlanExpect | undefined, res: ObservedResponse, at: string, request: { method: string; path: string }, lookup: PlanLookup | undefined): StepFailure[] {
  const failures: StepFailure[] = [];
  if (!expect) return failures;
  const here = `${at}/expect`;
  if (expect.status !== undefined) {
    const wanted = Array.isArray(expect.status) ? expect.status : [expect.status];
    if (!wanted.some((w) => statusMatches(w, res.status))) failures.push({ check: 'status', location: `${here}/status`, message: `expected status ${wanted.join(' or ')}, got ${res.status}` });
  }
  for (const [name, want] of Object.entries(expect.headers ?? {})) {
    const got = res.headers.get(name);
    const location = `${here}/headers/${escapePointer(name)}`;
    if (want === true && got === null) failures.push({ check: 'header', location, message: `expected header ${name}, absent` });
    else if (want === false && got !== null) failures.push({ check: 'header', location, message: `expected no header ${name}, present` });
    else if (typeof want === 'string' && (got === null || !got.toLowerCase().includes(want.toLowerCase()))) {
      failures.push({ check: 'header', location, message: got === null ? `expected header ${name} containing "${want}", absent` : `expected header ${name} containing "${want}", got "${clip(got)}"` });
    }
  }
  if (expect.schema !== undefined) failures.push(...checkSchema(expect.schema, res, `${here}/schema`, request, lookup));
  (expect.assert ?? []).forEach((assertion, i) => {
    const failure = checkAssertion(assertion, res, `${here}/assert/${i}`);
    if (failure) failures.push(failure);
  });
  if (expect.maxLatencyMs !== undefined && res.latencyMs > expect.maxLatencyMs) {
    failures.push({ check: 'latency', location: `${here}/maxLatencyMs`, message: `took ${round(res.latencyMs)} ms, more than ${expect.maxLatencyMs} ms` });
  }
  return failures;
}

function statusMatches(want: number | string, got: number): boolean {
  if (typeof want === 'number') return want === got;
  if (/^[1-5]xx$/i.test(want)) return Math.floor(got / 100) === Number(want[0]);
  return Number(want) === got;
}

function checkSchema(schema: true | Record<string, unknown>, res: ObservedResponse, location: string, request: { method: string; path: string }, lookup: PlanLookup | undefined): StepFailure[] {
  if (res.truncated) return [{ check: 'schema', location, message: 'the body was too large to check' }];
  let validate: (value: unknown) => { location: string; message: string }[];
  let label = 'the inline schema';
  if (schema === true) {
    if (!lookup) return [{ check: 'schema', location, message: "conformance needs the mock's plan (give the mock's admin URL and token)" }];
    const found = lookup.schemaFor(request.method, request.path, res.status, res.contentType);
    if ('reason' in found) return [{ check: 'schema', location, message: found.reason }];
    validate = compileValidator(found.schema, lookup.defs, 'body');
    label = `the schema ${found.operation} declares for ${res.status}`;
  } else {
    // SAFETY: the plan schema checked it is a JSON object; cfworker validates any such object.
    validate = compileValidator(schema as JsonSchema, {}, 'body');
  }
  const problems = validate(res.body);
  if (problems.length === 0) return [];
  const shown = problems.slice(0, 3).map((p) => `${p.location} ${p.message}`).join('; ');
  return [{ check: 'schema', location, message: `the body does not conform to ${label}: ${shown}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}` }];
}

/** The values a path or pointer selects in a body (a pointer selects one or none). */
export function select(spec: { path?: string; pointer?: string }, body: unknown): { ok: true; values: unknown[] } | { ok: false; reason: string } {
  if (spec.pointer !== undefined) {
    if (spec.pointer !== '' && !spec.pointer.startsWith('/')) return { ok: false, reason: 'a JSON pointer starts with /' };
    const value = spec.pointer === '' ? body : getByPointer(body, spec.pointer);
    return { ok: true, values: value === undefined ? [] : [value] };
  }
  const compiled = parseJsonPath(spec.path ?? '$');
  if (!compiled.ok) return { ok: false, reason: `bad JSONPath: ${compiled.reason}` };
  return { ok: true, values: selectJsonPath(compiled.steps, body) };
}

function checkAssertion(a: PlanAssertion, res: ObservedResponse, location: string): StepFailure | undefined {
  const where = a.path ?? a.pointer ?? '';
  const fail = (message: string): StepFailure => ({ check: 'assert', location, message: `${where}: ${message}` });
  if (res.truncated) return fail('the body was too large to check');
  const selected = select(a, res.body);
  if (!selected.ok) return fail(selected.reason);
  const found = selected.values.length > 0;
  if (a.exists !== undefined) {
    if (a.exists !== found) return fail(a.exists ? 'expected a value, found none' : `expected nothing, found ${show(selected.values[0])}`);
    if (!a.exists) return undefined;
  }
  const checks = a.equals !== undefined || a.notEquals !== undefined || a.contains !== undefined || a.matches !== undefined || a.type !== undefined || a.length !== undefined || a.minLength !== undefined || a.gt !== undefined || a.gte !== undefined || a.lt !== undefined || a.lte !== undefined;
  if (!checks) return found ? undefined : fail('expected a value, found none');
  if (!found) return fail('no value there');
  // A path selecting several values (`[*]`, `..`) passes when every one of them does.
  for (const value of selected.values) {
    const why = valueProblem(a, value);
    if (why) return fail(why);
  }
  return undefined;
}

function valueProblem(a: PlanAssertion, value: unknown): string | undefined {
  if (a.equals !== undefined && !deepEqual(value, a.equals)) return `expected ${show(a.equals)}, got ${show(value)}`;
  if (a.notEquals !== undefined && deepEqual(value, a.notEquals)) return `expected anything but ${show(a.notEquals)}`;
  if (a.type !== undefined && typeOf(value) !== a.type && !(a.type === 'number' && typeOf(value) === 'integer')) return `expected a ${a.type}, got ${typeOf(value)} ${show(value)}`;
  if (a.contains !== undefined) {
    const ok = typeof value === 'string' ? typeof a.contains === 'string' && value.includes(a.contains) : Array.isArray(value) && value.some((v) => deepEqual(v, a.contains));
    if (!ok) return `expected it to contain ${show(a.contains)}, got ${show(value)}`;
  }
  if (a.matches !== undefined) {
    const compiled = compileRegex(a.matches, 'u');
    if (!compiled.ok) return `bad regular expression: ${compiled.reason}`;
    if (typeof value !== 'string') return `expected a string matching /${a.matches}/, got ${show(value)}`;
    try {
      if (!compiled.regex.test(value)) return `expected a match for /${a.matches}/, got ${show(value)}`;
    } catch {
      return `the regular expression /${a.matches}/ took too long`;
    }
  }
  const size = sizeOf(value);
  if (a.length !== undefined && size !== a.length) return `expected length ${a.length}, got ${size ?? typeOf(value)}`;
  if (a.minLength !== undefined && (size === undefined || size < a.minLength)) return `expected length at least ${a.minLength}, got ${size ?? typeOf(value)}`;
  const bounds: Array<[number | undefined, (n: number, b: number) => boolean, string]> = [
    [a.gt, (n, b) => n > b, '>'],
    [a.gte, (n, b) => n >= b, '>='],
    [a.lt, (n, b) => n < b, '<'],
    [a.lte, (n, b) => n <= b, '<='],
  ];
  for (const [bound, holds, op] of bounds) {
    if (bound === undefined) continue;
    if (typeof value !== 'number' || !holds(value, bound)) return `expected ${op} ${bound}, got ${show(value)}`;
  }
  return undefined;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  // SAFETY: both are non-null, non-array objects here.
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function show(value: unknown): string {
  return clip(value === undefined ? 'undefined' : JSON.stringify(value));
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
