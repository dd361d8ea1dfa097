/**
 * The valid request a probe starts from, as parts a check can change (one parameter, one body
 * field) before it is rendered into a ProbeRequest.
 */
import type { MockPlan, PlanOperation, PlanParameter } from '../../plan';
import { synthesize } from '../../synth';
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

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** The JSON (or form) media type of the operation's request body, if it has one the probes can write. */
export function bodyMedia(op: PlanOperation) {
  return op.requestBody?.contents.find((c) => JSON_MEDIA.test(c.mediaType)) ?? op.requestBody?.contents.find((c) => c.mediaType === 'application/x-www-form-urlencoded');
}

export function valueFor(plan: MockPlan, param: PlanParameter, seed: string | number): unknown {
  return synthesize(param.schema, { seed, defs: plan.schemas, direction: 'request', name: param.name });
}

/** A valid request for `op`: every path parameter, the required query and header parameters, a valid body. */
export function baselineParts(plan: MockPlan, op: PlanOperation, seed: string | number): RequestParts {
  const parts: RequestParts = { op, path: {}, query: {}, headers: {} };
  for (const param of op.parameters) {
    if (param.in === 'path') parts.path[param.name] = valueFor(plan, param, seed);
    else if (param.in === 'query' && param.required) parts.query[param.name] = valueFor(plan, param, seed);
    else if (param.in === 'header' && param.required) parts.headers[param.name.toLowerCase()] = scalarText(valueFor(plan, param, seed));
  }
  if (op.variant) {
    if (op.variant.in === 'header') parts.headers[op.variant.name] = op.variant.value ?? 'x';
    else parts.query[op.variant.name] = op.variant.value ?? 'x';
  }
  const media = bodyMedia(op);
  if (media) {
    parts.mediaType = media.mediaType;
    parts.body = media.schema === undefined ? {} : synthesize(media.schema, { seed, defs: plan.schemas, direction: 'request' });
  }
  return parts;
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
  } else if (parts.body !== undefined) body = JSON.stringify(parts.body);
  if (body !== undefined) headers['content-type'] ??= parts.mediaType ?? 'application/json';
  return { method: (parts.method ?? parts.op.method).toUpperCase(), url, headers, ...(body !== undefined ? { body } : {}) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
