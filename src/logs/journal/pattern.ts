/**
 * WireMock's request patterns (the body of POST /__admin/requests/find and /count), the subset
 * people moving from WireMock use most: `method`, `url`, `urlPattern`, `urlPath`,
 * `urlPathPattern`, `headers` and `queryParameters` with `equalTo` (+`caseInsensitive`),
 * `contains`, `doesNotContain`, `matches`, `doesNotMatch`, `absent`, and `bodyPatterns` with those
 * plus `equalToJson` (+`ignoreArrayOrder`, `ignoreExtraElements`) and `matchesJsonPath`. Anything
 * else is refused by name, never ignored. `matches` runs on the linear-time matcher (src/regex)
 * with one step budget shared by a whole search.
 */
import { compileRegex, type StepBudget } from '../../regex';
import { type JsonPath, parseJsonPath, selectJsonPath } from '../../json/json-path';

/** One logged request as the patterns see it. Header names lower-cased. */
export interface JournalRequest {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface PatternError {
  location: string;
  message: string;
}

export type RequestMatcher = (request: JournalRequest, budget: StepBudget) => boolean;

export type CompiledPattern = { ok: true; match: RequestMatcher } | { ok: false; errors: PatternError[] };

type ValueMatcher = (values: readonly string[], budget: StepBudget) => boolean;

const TOP_KEYS = new Set(['method', 'url', 'urlPattern', 'urlPath', 'urlPathPattern', 'headers', 'queryParameters', 'bodyPatterns']);
const MAX_PATTERN_LENGTH = 1000;

/**
 * @example
 * const p = compileRequestPattern({ method: 'POST', urlPath: '/books', bodyPatterns: [{ matchesJsonPath: '$.title' }] });
 * if (p.ok) rows.filter((r) => p.match(r, { left: 10_000_000 }));
 */
export function compileRequestPattern(input: unknown): CompiledPattern {
  const errors: PatternError[] = [];
  const parts: RequestMatcher[] = [];
  if (!isObject(input)) return { ok: false, errors: [{ location: 'body', message: 'a request pattern is a JSON object' }] };
  for (const key of Object.keys(input)) {
    if (!TOP_KEYS.has(key)) errors.push({ location: `body/${key}`, message: `"${key}" is not supported here (supported: ${[...TOP_KEYS].join(', ')})` });
  }
  const method = input.method;
  if (method !== undefined) {
    if (typeof method !== 'string') errors.push({ location: 'body/method', message: 'a method name, or ANY' });
    else if (method.toUpperCase() !== 'ANY') parts.push((r) => r.method.toUpperCase() === method.toUpperCase());
  }
  const urlKeys = ['url', 'urlPattern', 'urlPath', 'urlPathPattern'].filter((k) => input[k] !== undefined);
  if (urlKeys.length > 1) errors.push({ location: 'body', message: `give one of url, urlPattern, urlPath, urlPathPattern (not ${urlKeys.join(' and ')})` });
  for (const key of urlKeys) {
    const value = input[key];
    if (typeof value !== 'string') {
      errors.push({ location: `body/${key}`, message: 'a string' });
      continue;
    }
    const whole = (r: JournalRequest) => (key === 'url' || key === 'urlPattern' ? (r.query === '' ? r.path : `${r.path}?${r.query}`) : r.path);
    if (key === 'url' || key === 'urlPath') parts.push((r) => whole(r) === value);
    else {
      const regex = fullMatch(value, `body/${key}`, errors);
      if (regex) parts.push((r, budget) => regex([whole(r)], budget));
    }
  }
  for (const [field, read] of [
    ['headers', (r: JournalRequest, name: string) => headerValues(r, name)],
    ['queryParameters', (r: JournalRequest, name: string) => queryValues(r.query, name)],
  ] as const) {
    const map = input[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      errors.push({ location: `body/${field}`, message: 'an object of name → matcher' });
      continue;
    }
    for (const [name, spec] of Object.entries(map)) {
      const matcher = valueMatcher(spec, `body/${field}/${name}`, errors, false);
      if (matcher) parts.push((r, budget) => matcher(read(r, name), budget));
    }
  }
  if (input.bodyPatterns !== undefined) {
    if (!Array.isArray(input.bodyPatterns)) errors.push({ location: 'body/bodyPatterns', message: 'an array of matchers' });
    else {
      input.bodyPatterns.forEach((spec, i) => {
        const matcher = valueMatcher(spec, `body/bodyPatterns/${i}`, errors, true);
        if (matcher) parts.push((r, budget) => matcher(r.body === null ? [] : [r.body], budget));
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, match: (r, budget) => parts.every((part) => part(r, budget)) };
}

const STRING_OPS = ['equalTo', 'contains', 'doesNotContain', 'matches', 'doesNotMatch', 'absent'];
const BODY_OPS = ['equalToJson', 'matchesJsonPath'];
const OPTIONS = new Set(['caseInsensitive', 'ignoreArrayOrder', 'ignoreExtraElements']);

/** A matcher over the values present (none: absent). Any one value matching is enough, as in WireMock. */
function valueMatcher(spec: unknown, location: string, errors: PatternError[], body: boolean): ValueMatcher | null {
  if (!isObject(spec)) {
    errors.push({ location, message: 'a matcher object such as {"equalTo": "x"}' });
    return null;
  }
  const allowed = body ? [...STRING_OPS, ...BODY_OPS] : STRING_OPS;
  const ops = Object.keys(spec).filter((k) => !OPTIONS.has(k));
  const unknown = ops.filter((k) => !allowed.includes(k));
  if (unknown.length > 0 || ops.length !== 1) {
    errors.push({ location, message: unknown.length > 0 ? `"${unknown[0]}" is not supported (supported: ${allowed.join(', ')})` : `give exactly one of ${allowed.join(', ')}` });
    return null;
  }
  const op = ops[0];
  const operand = spec[op];
  if (op === 'absent') return (values) => (operand === false ? values.length > 0 : values.length === 0);
  if (op === 'equalToJson') {
    let expected: unknown = operand;
    if (typeof operand === 'string') {
      try {
        expected = JSON.parse(operand);
      } catch {
        errors.push({ location: `${location}/equalToJson`, message: 'not JSON' });
        return null;
      }
    }
    const options = { ignoreArrayOrder: spec.ignoreArrayOrder === true, ignoreExtraElements: spec.ignoreExtraElements === true };
    return (values) => values.some((v) => jsonEquals(expected, parseJson(v), options));
  }
  if (op === 'matchesJsonPath') return jsonPathMatcher(operand, `${location}/matchesJsonPath`, errors);
  if (typeof operand !== 'string') {
    errors.push({ location: `${location}/${op}`, message: 'a string' });
    return null;
  }
  return stringMatcher(op, operand, spec.caseInsensitive === true, `${location}/${op}`, errors);
}

function stringMatcher(op: string, operand: string, caseInsensitive: boolean, location: string, errors: PatternError[]): ValueMatcher | null {
  switch (op) {
    case 'equalTo':
      return caseInsensitive ? (values) => values.some((v) => v.toLowerCase() === operand.toLowerCase()) : (values) => values.includes(operand);
    case 'contains':
      return (values) => values.some((v) => v.includes(operand));
    case 'doesNotContain':
      return (values) => values.length > 0 && values.every((v) => !v.includes(operand));
    case 'matches':
    case 'doesNotMatch': {
      const regex = fullMatch(operand, location, errors);
      if (!regex) return null;
      return op === 'matches' ? regex : (values, budget) => values.length > 0 && values.every((v) => !regex([v], budget));
    }
    default:
      errors.push({ location, message: `"${op}" is not supported` });
      return null;
  }
}

/** Java's String.matches: the whole value must match. */
function fullMatch(source: string, location: string, errors: PatternError[]): ValueMatcher | null {
  if (source.length > MAX_PATTERN_LENGTH) {
    errors.push({ location, message: `patterns of up to ${MAX_PATTERN_LENGTH} characters are accepted` });
    return null;
  }
  const compiled = compileRegex(`^(?:${source})$`);
  if (!compiled.ok) {
    errors.push({ location, message: `the pattern is not accepted: ${compiled.reason}` });
    return null;
  }
  return (values, budget) => values.some((v) => compiled.regex.test(v, budget));
}

function jsonPathMatcher(operand: unknown, location: string, errors: PatternError[]): ValueMatcher | null {
  const expression = typeof operand === 'string' ? operand : isObject(operand) ? operand.expression : undefined;
  if (typeof expression !== 'string') {
    errors.push({ location, message: 'a JSON path, or {"expression": path, <one string matcher>}' });
    return null;
  }
  const path: JsonPath = parseJsonPath(expression);
  if (!path.ok) {
    errors.push({ location, message: path.reason });
    return null;
  }
  let inner: ValueMatcher | null = null;
  if (isObject(operand)) {
    const { expression: _e, ...rest } = operand;
    inner = valueMatcher(rest, location, errors, false);
    if (!inner) return null;
  }
  return (values, budget) =>
    values.some((text) => {
      const root = parseJson(text);
      if (root === NOT_JSON) return false;
      const found = selectJsonPath(path.steps, root).filter((v) => v !== null && !(Array.isArray(v) && v.length === 0));
      if (inner === null) return found.length > 0;
      return inner(
        found.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
        budget,
      );
    });
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function jsonEquals(expected: unknown, actual: unknown, options: { ignoreArrayOrder: boolean; ignoreExtraElements: boolean }): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    if (!options.ignoreArrayOrder) return expected.every((e, i) => jsonEquals(e, actual[i], options));
    const used = new Set<number>();
    return expected.every((e) => {
      const i = actual.findIndex((a, j) => !used.has(j) && jsonEquals(e, a, options));
      if (i === -1) return false;
      used.add(i);
      return true;
    });
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false;
    const keys = Object.keys(expected);
    if (!options.ignoreExtraElements && Object.keys(actual).length !== keys.length) return false;
    return keys.every((k) => Object.hasOwn(actual, k) && jsonEquals(expected[k], actual[k], options));
  }
  return expected === actual;
}

function headerValues(r: JournalRequest, name: string): string[] {
  const value = r.headers[name.toLowerCase()];
  if (value === undefined) return [];
  const parts = value.split(/,\s*/);
  return parts.length > 1 ? [value, ...parts] : [value];
}

function queryValues(query: string, name: string): string[] {
  if (query === '') return [];
  return new URLSearchParams(query).getAll(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
