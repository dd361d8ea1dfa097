/**
 * The valid request a probe starts from, as parts a check can change (one parameter, one body
 * field) before it is rendered into a ProbeRequest.
 */
import type { JsonSchema, MockPlan, PlanOperation, PlanParameter } from '../../plan';
import { mergedKeywords } from '../../plan/schema-view';
import { synthesizeRequest } from '../requests';
import type { ProbeRequest } from './types';

export interface RequestParts {
  op: PlanOperation;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  /** Undefined: no body. */
  body?: unknown;
  mediaType?: string;
  /** Replaces the rendered body text as it is (oversized or malformed bodies). */
  rawBody?: string;
  /** Replaces the method (unsupported-method probes). */
  method?: string;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$|^\*\/\*$|^application\/\*$/;

/** The JSON (or form) media type of the operation's request body, if it has one the probes can write. */
export function bodyMedia(op: PlanOperation) {
  return op.requestBody?.contents.find((c) => JSON_MEDIA.test(c.mediaType)) ?? op.requestBody?.contents.find((c) => c.mediaType === 'application/x-www-form-urlencoded');
}

/**
 * A valid request for `op`, as parts: the values `synthesizeRequest` (src/testing/requests.ts, the
 * synthesis the load engine and test plans share) chose, read back out of its serialised request
 * so a check can change one of them. Its placeholder credentials are taken off: the probes add
 * the identity each request needs.
 */
export function baselineParts(plan: MockPlan, op: PlanOperation, seed: string | number): RequestParts {
  const made = synthesizeRequest(plan, op, { seed, mode: 'static', optional: 'none' });
  const parts: RequestParts = { op, path: {}, query: {}, headers: {} };
  const [pathText, queryText = ''] = made.path.split(/\?(.*)/s);
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const template = new RegExp(`^${op.path.split(/\{[^}]+\}/).map(escapeRegExp).join('([^/]*)')}$`);
  const matched = template.exec(pathText);
  const search = new URLSearchParams(queryText);
  const secrets = credentialNames(plan, op);
  for (const param of op.parameters) {
    if (param.in === 'path') {
      const raw = matched?.[names.indexOf(param.name) + 1];
      parts.path[param.name] = raw === undefined ? 'x' : typed(plan, param, [decodeURIComponent(raw)]);
    } else if (param.in === 'query' && search.has(param.name)) parts.query[param.name] = typed(plan, param, search.getAll(param.name));
  }
  if (op.variant?.in === 'query') parts.query[op.variant.name] = search.get(op.variant.name) ?? op.variant.value ?? '1';
  for (const [name, value] of Object.entries(made.headers)) {
    if (name === 'content-type' || secrets.headers.has(name)) continue;
    parts.headers[name] = value;
  }
  if (made.body !== undefined) {
    parts.mediaType = made.headers['content-type'];
    parts.body = parseBody(parts.mediaType, made.body);
  }
  return parts;
}

/** Where the operation's security schemes put credentials (taken off the synthesised request). */
function credentialNames(plan: MockPlan, op: PlanOperation): { headers: Set<string> } {
  const headers = new Set<string>();
  for (const alternative of op.security) {
    for (const name of alternative) {
      const scheme = plan.securitySchemes[name];
      if (!scheme) continue;
      if (scheme.type === 'apiKey') headers.add(scheme.in === 'header' ? scheme.name.toLowerCase() : 'cookie');
      else headers.add('authorization');
    }
  }
  return { headers };
}

/** A query or path value read back as its schema's type (`"20"` → 20 for an integer), so it can be validated and changed. */
function typed(plan: MockPlan, param: PlanParameter, raw: string[]): unknown {
  const node = mergedKeywords(param.schema, plan.schemas);
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  const one = (text: string, t: unknown): unknown => {
    if ((t === 'integer' || t === 'number') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
    if (t === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    return text;
  };
  if (type === 'array') {
    const items = mergedKeywords(typeof node.items === 'object' && node.items !== null ? (node.items as JsonSchema) : undefined, plan.schemas);
    const values = raw.length > 1 || param.explode ? raw : raw[0].split(param.style === 'spaceDelimited' ? ' ' : param.style === 'pipeDelimited' ? '|' : ',');
    return values.map((v) => one(v, Array.isArray(items.type) ? items.type[0] : items.type));
  }
  return one(raw[0], type);
}

function parseBody(mediaType: string | undefined, text: string): unknown {
  if (mediaType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (mediaType === 'text/plain') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function pathSegment(value: unknown): string {
  return encodeURIComponent(scalarText(value));
}

/** Renders parts against `base` (the target URL, base path included), with the identity's headers. */
export function renderRequest(parts: RequestParts, base: string, identity: Record<string, string>): ProbeRequest {
  const path = parts.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name in parts.path ? pathSegment(parts.path[name]) : 'x'));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, scalarText(item));
    else search.append(name, scalarText(value));
  }
  const query = search.toString();
  const url = `${base.replace(/\/$/, '')}${path}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5', ...parts.headers, ...identity };
  let body: string | undefined;
  if (parts.rawBody !== undefined) body = parts.rawBody;
  else if (parts.body !== undefined && parts.mediaType === 'application/x-www-form-urlencoded' && isRecord(parts.body)) {
    body = new URLSearchParams(Object.entries(parts.body).map(([k, v]): [string, string] => [k, scalarText(v)])).toString();
  } else if (parts.body !== undefined && parts.mediaType === 'text/plain' && typeof parts.body === 'string') body = parts.body;
  else if (parts.body !== undefined) body = JSON.stringify(parts.body);
  if (body !== undefined) headers['content-type'] ??= parts.mediaType ?? 'application/json';
  return { method: (parts.method ?? parts.op.method).toUpperCase(), url, headers, ...(body !== undefined ? { body } : {}) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
