/**
 * Request parameters in, typed values out: each declared parameter is found in its part of the
 * request, deserialised per its OpenAPI style/explode, then coerced to its schema's types. Schema
 * validation is the caller's next step; the only judgement made here is "required but absent".
 */
import type { JsonSchema, ParameterLocation, PlanParameter } from '../../plan/types';
import type { ProblemItem } from '../../problem';
import { coerceValue, declaredProperties, type RefResolver, shapeOf, type ValueShape } from './coerce';
import { parseCookies } from './cookies';
import { type FormPair, type Found, parseQuery, percentDecode, readFormValue, readHeaderValue, readPathValue } from './deserialize';

/** Something headers can be read from by name (the Fetch `Headers` class fits). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Raw request pieces, already split by the caller. */
export interface RawRequestParts {
  /** Still percent-encoded, as the router matched them. */
  pathParams: Record<string, string>;
  /** The raw query string, without `?`. */
  query: string;
  /** A `Headers` object, or a plain record (lower-case names are found fastest; any case works). */
  headers: HeaderReader | Record<string, string>;
  /** The raw Cookie header, when the caller has it apart; otherwise it is read from `headers`. */
  cookie?: string;
}

export type ParameterValues = Record<ParameterLocation, Record<string, unknown>>;

export interface ReadParametersResult {
  values: ParameterValues;
  problems: ProblemItem[];
}

// OpenAPI: header parameters with these names "SHALL be ignored"; content negotiation and security own them.
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * Reads each declared parameter, deserialises it per style/explode, and coerces it per its schema.
 * Absent optional parameters are left out of `values` (no defaults are filled in).
 * @example
 * readParameters(op.parameters, { pathParams: { bookId: 'b1' }, query: 'limit=5&tag=a&tag=b', headers: req.headers })
 * // { values: { path: { bookId: 'b1' }, query: { limit: 5, tag: ['a', 'b'] }, header: {}, cookie: {} }, problems: [] }
 */
export function readParameters(
  params: PlanParameter[],
  parts: RawRequestParts,
  resolveRef?: (ref: string) => JsonSchema | undefined,
): ReadParametersResult {
  const values: ParameterValues = { path: {}, query: {}, header: {}, cookie: {} };
  const problems: ProblemItem[] = [];
  // Parsed on first use: most operations have no query or cookie parameters at all.
  let queryPairs: FormPair[] | undefined;
  let cookiePairs: FormPair[] | undefined;
  const context: ReadContext = {
    params,
    parts,
    resolve: resolveRef,
    queryPairs: () => (queryPairs ??= parseQuery(parts.query)),
    cookiePairs: () => (cookiePairs ??= parseCookies(parts.cookie ?? headerValue(parts.headers, 'cookie') ?? undefined)),
  };
  for (const param of params) {
    if (param.in === 'header' && IGNORED_HEADERS.has(param.name.toLowerCase())) continue;
    const location = `${param.in}/${param.name}`;
    const read = readRaw(param, context);
    if (!read.found) {
      if (param.required || param.in === 'path') {
        problems.push({ location, code: 'required', message: `${param.in} parameter "${param.name}" is required` });
      }
      continue;
    }
    if (param.contentType !== undefined) {
      const parsed = readContent(param, read.raw);
      if (parsed.ok) values[param.in][param.name] = parsed.value;
      else problems.push({ location, code: 'content', message: parsed.message });
      continue;
    }
    values[param.in][param.name] = coerceValue(read.value, param.schema, resolveRef);
  }
  return { values, problems };
}

interface ReadContext {
  params: PlanParameter[];
  parts: RawRequestParts;
  resolve: RefResolver | undefined;
  queryPairs: () => FormPair[];
  cookiePairs: () => FormPair[];
}

/** What a parameter's schema says about its serialisation; worked out once per parameter, not per request. */
interface ParameterShape {
  resolve: RefResolver | undefined;
  shape: ValueShape;
  /** For exploded form objects only: the keys that belong to the object. */
  properties: { names: Set<string>; open: boolean };
  otherNames: Set<string>;
}

const NO_PROPERTIES = { names: new Set<string>(), open: false };
// Keyed by the plan's parameter objects, which live as long as the loaded plan.
const shapes = new WeakMap<PlanParameter, ParameterShape>();

function shapeFor(param: PlanParameter, context: ReadContext): ParameterShape {
  const cached = shapes.get(param);
  // A different resolver may see different definitions, so it invalidates the cached reading.
  if (cached && cached.resolve === context.resolve) return cached;
  // A `content` parameter is one opaque string: never split it by style.
  const shape = param.contentType === undefined ? shapeOf(param.schema, context.resolve) : 'primitive';
  const spreads = param.explode && shape === 'object' && (param.in === 'cookie' || param.style === 'form');
  const entry: ParameterShape = {
    resolve: context.resolve,
    shape,
    properties: spreads ? declaredProperties(param.schema, context.resolve) : NO_PROPERTIES,
    otherNames: spreads ? new Set(context.params.filter((p) => p.in === param.in && p !== param).map((p) => p.name)) : NO_PROPERTIES.names,
  };
  shapes.set(param, entry);
  return entry;
}

function readRaw(param: PlanParameter, context: ReadContext): Found {
  const { shape, properties, otherNames } = shapeFor(param, context);
  switch (param.in) {
    case 'path': {
      const raw = context.parts.pathParams[param.name];
      return raw === undefined ? { found: false } : readPathValue(raw, param.name, param.style, param.explode, shape);
    }
    case 'header': {
      const raw = headerValue(context.parts.headers, param.name);
      return raw === null ? { found: false } : readHeaderValue(raw, param.explode, shape);
    }
    case 'query':
    case 'cookie': {
      const isQuery = param.in === 'query';
      return readFormValue(isQuery ? context.queryPairs() : context.cookiePairs(), {
        name: param.name,
        style: isQuery ? param.style : 'form',
        explode: param.explode,
        shape,
        decode: isQuery ? decodeQueryValue : decodeCookieValue,
        properties,
        otherNames,
      });
    }
  }
}

const decodeQueryValue = (raw: string): string => percentDecode(raw, true);
const decodeCookieValue = (raw: string): string => percentDecode(raw, false);

function readContent(param: PlanParameter, raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = param.in === 'header' ? raw : percentDecode(raw, param.in === 'query');
  if (!JSON_MEDIA.test(param.contentType ?? '')) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: `${param.in} parameter "${param.name}" is not valid JSON (${param.contentType})` };
  }
}

function isHeaderReader(headers: HeaderReader | Record<string, string>): headers is HeaderReader {
  return typeof headers.get === 'function';
}

/** Case-insensitive header lookup over either shape of `headers`. */
function headerValue(headers: HeaderReader | Record<string, string>, name: string): string | null {
  if (isHeaderReader(headers)) return headers.get(name);
  const lower = name.toLowerCase();
  const direct = Object.hasOwn(headers, lower) ? headers[lower] : undefined;
  if (typeof direct === 'string') return direct;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return null;
}

export { percentDecode } from './deserialize';
export { parseCookies } from './cookies';
export { coerceValue, flattenSchema, shapeOf } from './coerce';
export type { RefResolver } from './coerce';
