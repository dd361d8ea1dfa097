/**
 * Request synthesis from a compiled MockPlan: for one operation, a concrete request (method, path
 * with its parameters filled and serialised as the operation's styles say, query, headers,
 * credentials where the operation's security asks, a JSON / form / text body) whose values validate
 * against the plan's schemas. Deterministic for a seed. The load engine, test plans and probes
 * all start from here.
 */
import type { MockPlan, PlanMedia, PlanOperation, PlanParameter, PlanSecurityScheme } from '../plan';
import { createRandom, type Random, synthesize } from '../synth';

export interface SynthesizedRequest {
  /** The plan operation's id. */
  operation: string;
  /** Upper case: `GET`. */
  method: string;
  /** The path under the plan's base path, with parameters filled and the query appended: `/books/42?limit=10`. */
  path: string;
  headers: Record<string, string>;
  /** The serialised body, when the operation takes one. */
  body?: string;
}

/** Placeholder credentials: a mock checks presence and shape, not the secret itself. */
export interface Credentials {
  /** Sent as `Authorization: Bearer …` for bearer, oauth2 and openIdConnect schemes. */
  bearer?: string;
  /** Sent as `Authorization: Basic …`. */
  basic?: { user: string; password: string };
  /** Per apiKey scheme name (or for every apiKey scheme under `*`). */
  apiKeys?: Record<string, string>;
}

export interface RequestSynthOptions {
  /** Same seed → same request. */
  seed: string | number;
  /** 'static': the spec's examples and readable defaults; 'dynamic': seeded random values. Default 'dynamic'. */
  mode?: 'static' | 'dynamic';
  /** Include optional parameters: 'all', 'none', or 'some' (seeded coin per parameter). Default 'some'. */
  optional?: 'all' | 'none' | 'some';
  credentials?: Credentials;
}

export const PLACEHOLDER_CREDENTIALS: Required<Credentials> = {
  bearer: 'mockloop-test-token',
  basic: { user: 'mockloop', password: 'test' },
  apiKeys: { '*': 'mockloop-test-key' },
};

/** Headers a client library sets itself (or the spec may not describe, OpenAPI §4.8.12.1). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization', 'host', 'content-length', 'connection', 'transfer-encoding']);

/** Why an operation cannot be synthesised (a required body of a media type it does not write). */
export function unsupportedReason(operation: PlanOperation): string | null {
  const body = operation.requestBody;
  if (!body?.required) return null;
  return pickMedia(body.contents) ? null : `its request body is ${body.contents.map((c) => c.mediaType).join(', ') || 'undescribed'}`;
}

/**
 * @example
 * const req = synthesizeRequest(plan, plan.operations[0], { seed: 'run-1/7' });
 * await fetch(base + req.path, { method: req.method, headers: req.headers, body: req.body });
 */
export function synthesizeRequest(plan: MockPlan, operation: PlanOperation, options: RequestSynthOptions): SynthesizedRequest {
  const random = createRandom(options.seed).fork(operation.id);
  const mode = options.mode ?? 'dynamic';
  const optional = options.optional ?? 'some';
  const defs = plan.schemas;
  const headers: Record<string, string> = {};
  const query: string[] = [];
  const cookies: string[] = [];
  let path = operation.path;

  for (const param of operation.parameters) {
    const pick = random.fork(`${param.in}:${param.name}`);
    if (!param.required && (optional === 'none' || (optional === 'some' && !pick.bool()))) continue;
    if (param.in === 'header' && RESERVED_HEADERS.has(param.name.toLowerCase())) continue;
    const value = param.contentType
      ? JSON.stringify(synthesize(param.schema, { seed: pick.int(0, 2 ** 31), defs, mode, direction: 'request', name: param.name }) ?? null)
      : synthesize(param.schema, { seed: pick.int(0, 2 ** 31), defs, mode, direction: 'request', name: param.name });
    if (param.in === 'path') path = path.split(`{${param.name}}`).join(serializePath(param, value));
    else if (param.in === 'query') query.push(...serializeQuery(param, value));
    else if (param.in === 'header') headers[param.name.toLowerCase()] = serializeSimple(value, param.explode, false);
    else cookies.push(`${param.name}=${encodeURIComponent(serializeSimple(value, false, false))}`);
  }

  if (operation.variant) {
    const { name, value } = operation.variant;
    if (operation.variant.in === 'header') headers[name] = value ?? '1';
    else query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value ?? '1')}`);
  }

  addCredentials(operation, plan.securitySchemes, { ...PLACEHOLDER_CREDENTIALS, ...options.credentials }, headers, query, cookies);
  if (cookies.length > 0) headers.cookie = cookies.join('; ');

  const out: SynthesizedRequest = { operation: operation.id, method: operation.method.toUpperCase(), path: query.length ? `${path}?${query.join('&')}` : path, headers };
  const media = operation.requestBody ? pickMedia(operation.requestBody.contents) : undefined;
  if (media) {
    const value = media.schema === undefined ? {} : synthesize(media.schema, { seed: random.fork('body').int(0, 2 ** 31), defs, mode, direction: 'request' });
    out.headers['content-type'] = media.mediaType;
    out.body = serializeBody(media.mediaType, value);
  }
  return out;
}

// ---- a weighted operation mix ----

export interface MixEntry {
  operation: PlanOperation;
  weight: number;
}

export interface OperationMix {
  entries: MixEntry[];
  /** Operations left out, and why. */
  skipped: Array<{ operation: string; reason: string }>;
  /** A draw in [0, 1) → an operation, in proportion to the weights. */
  pick(u: number): PlanOperation;
}

export interface MixOptions {
  /**
   * Weights by operation id, operationId or `METHOD /path` (`GET /books`); `*` sets the default.
   * A weight of 0 leaves an operation out. Default: 1 each.
   */
  weights?: Record<string, number>;
  /** Leave deprecated operations in (default: out). */
  deprecated?: boolean;
}

/** @example operationMix(plan, { weights: { 'GET /books': 8, createBook: 2 } }).pick(random.next()) */
export function operationMix(plan: MockPlan, options: MixOptions = {}): OperationMix {
  const weights = options.weights ?? {};
  const entries: MixEntry[] = [];
  const skipped: OperationMix['skipped'] = [];
  for (const operation of plan.operations) {
    const reason = unsupportedReason(operation);
    if (reason) {
      skipped.push({ operation: operation.id, reason });
      continue;
    }
    if (operation.deprecated && !options.deprecated) {
      skipped.push({ operation: operation.id, reason: 'deprecated' });
      continue;
    }
    const weight = weights[operation.id] ?? (operation.operationId ? weights[operation.operationId] : undefined) ?? weights[operationLabel(operation)] ?? weights['*'] ?? 1;
    if (!(weight > 0)) {
      skipped.push({ operation: operation.id, reason: 'weight 0' });
      continue;
    }
    entries.push({ operation, weight });
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const e of entries) {
    total += e.weight;
    cumulative.push(total);
  }
  return {
    entries,
    skipped,
    pick(u) {
      const target = u * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return entries[lo].operation;
    },
  };
}

/** `GET /books/{bookId}`: how thresholds and reports name an operation. */
export function operationLabel(operation: Pick<PlanOperation, 'method' | 'path'>): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Finds an operation by id, operationId or `METHOD /path`. */
export function findOperation(plan: MockPlan, name: string): PlanOperation | undefined {
  return plan.operations.find((op) => op.id === name || op.operationId === name || operationLabel(op) === name.replace(/^(\S+)/, (m) => m.toUpperCase()));
}

export type { Random };

// ---- serialisation (OpenAPI 3.1 §4.8.12.4, written forwards) ----

function primitive(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `simple` style: `a,b,c`; objects `k,v,k,v` or (explode) `k=v,k=v`. Percent-encodes when `encode`. */
function serializeSimple(value: unknown, explode: boolean, encode: boolean): string {
  const enc = encode ? encodeURIComponent : (s: string) => s;
  if (Array.isArray(value)) return value.map((v) => enc(primitive(v))).join(',');
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value).map(([k, v]) => (explode ? `${enc(k)}=${enc(primitive(v))}` : `${enc(k)},${enc(primitive(v))}`));
    return parts.join(',');
  }
  return enc(primitive(value));
}

function serializePath(param: PlanParameter, value: unknown): string {
  if (param.contentType) return encodeURIComponent(primitive(value));
  if (param.style === 'label') {
    const sep = param.explode ? '.' : ',';
    if (Array.isArray(value)) return `.${value.map((v) => encodeURIComponent(primitive(v))).join(sep)}`;
    return `.${serializeSimple(value, param.explode, true)}`;
  }
  if (param.style === 'matrix') {
    const name = encodeURIComponent(param.name);
    if (Array.isArray(value)) return param.explode ? value.map((v) => `;${name}=${encodeURIComponent(primitive(v))}`).join('') : `;${name}=${serializeSimple(value, false, true)}`;
    if (value !== null && typeof value === 'object' && param.explode) return Object.entries(value).map(([k, v]) => `;${encodeURIComponent(k)}=${encodeURIComponent(primitive(v))}`).join('');
    return `;${name}=${serializeSimple(value, false, true)}`;
  }
  return serializeSimple(value, param.explode, true);
}

function serializeQuery(param: PlanParameter, value: unknown): string[] {
  const name = encodeURIComponent(param.name);
  const enc = (v: unknown) => encodeURIComponent(primitive(v));
  if (param.contentType) return [`${name}=${enc(value)}`];
  if (param.style === 'deepObject' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).map(([k, v]) => `${name}%5B${encodeURIComponent(k)}%5D=${enc(v)}`);
  }
  if (Array.isArray(value)) {
    if (param.style === 'spaceDelimited') return [`${name}=${value.map(enc).join('%20')}`];
    if (param.style === 'pipeDelimited') return [`${name}=${value.map(enc).join('|')}`];
    return param.explode ? value.map((v) => `${name}=${enc(v)}`) : [`${name}=${value.map(enc).join(',')}`];
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return param.explode ? entries.map(([k, v]) => `${encodeURIComponent(k)}=${enc(v)}`) : [`${name}=${entries.map(([k, v]) => `${encodeURIComponent(k)},${enc(v)}`).join(',')}`];
  }
  return [`${name}=${enc(value)}`];
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[^;]*\+json$/.test(mediaType) || mediaType === '*/*' || mediaType === 'application/*';
}

function pickMedia(contents: PlanMedia[]): PlanMedia | undefined {
  return (
    contents.find((c) => isJson(c.mediaType)) ??
    contents.find((c) => c.mediaType === 'application/x-www-form-urlencoded') ??
    contents.find((c) => c.mediaType === 'text/plain')
  );
}

function serializeBody(mediaType: string, value: unknown): string {
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (Array.isArray(v)) for (const item of v) form.append(k, primitive(item));
        else form.append(k, primitive(v));
      }
    }
    return form.toString();
  }
  if (mediaType === 'text/plain') return primitive(value);
  return JSON.stringify(value ?? null);
}

function addCredentials(
  operation: PlanOperation,
  schemes: Record<string, PlanSecurityScheme>,
  creds: Required<Credentials>,
  headers: Record<string, string>,
  query: string[],
  cookies: string[],
): void {
  if (operation.security.length === 0 || operation.security.some((all) => all.length === 0)) return;
  // The first alternative whose schemes are all known; every scheme in it is satisfied together.
  const all = operation.security.find((names) => names.every((n) => schemes[n])) ?? operation.security[0];
  for (const name of all) {
    const scheme = schemes[name];
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      const key = creds.apiKeys[name] ?? creds.apiKeys['*'] ?? PLACEHOLDER_CREDENTIALS.apiKeys['*'];
      if (scheme.in === 'header') headers[scheme.name.toLowerCase()] = key;
      else if (scheme.in === 'query') query.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(key)}`);
      else cookies.push(`${scheme.name}=${encodeURIComponent(key)}`);
    } else if (scheme.type === 'http') {
      if (scheme.scheme === 'basic') headers.authorization = `Basic ${btoa(`${creds.basic.user}:${creds.basic.password}`)}`;
      else if (scheme.scheme === 'bearer') headers.authorization = `Bearer ${creds.bearer}`;
      else headers.authorization = `${scheme.scheme} ${creds.bearer}`;
    } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      headers.authorization = `Bearer ${creds.bearer}`;
    }
  }
}
