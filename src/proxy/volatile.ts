/**
 * Volatile values: the fields of an answer that change every time (ids, dates, trace values), by
 * name and by shape. The recorder turns them into fresh values on replay; drift leaves them out.
 */
import type { VolatileField, VolatileKind } from '../runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TOKEN = /^[A-Za-z]{0,8}[_-]?[A-Za-z0-9]{16,64}$/;
const VOLATILE_NAME = /(^|_|-)(id|uuid|guid|created|updated|modified|timestamp|ts|date|time|expires|nonce|trace|span|request|etag|at)$|(created|updated|modified)_?at$|At$|Id$/i;
/** Response headers set fresh per answer by servers and platforms. */
export const VOLATILE_HEADERS = new Set(['date', 'age', 'etag', 'last-modified', 'expires', 'x-request-id', 'x-correlation-id', 'request-id', 'traceparent', 'tracestate', 'x-trace-id', 'x-amzn-trace-id', 'x-amzn-requestid', 'x-b3-traceid', 'x-b3-spanid', 'cf-ray', 'server-timing', 'x-runtime', 'x-response-time', 'set-cookie', 'report-to', 'nel', 'alt-svc', 'x-envoy-upstream-service-time']);

/** The volatile kind of a value under `name`, or undefined. A date or uuid is volatile under any name; epoch numbers and tokens only under a telling name. */
export function volatileKind(name: string, value: unknown): VolatileKind | undefined {
  if (typeof value === 'string') {
    if (UUID.test(value)) return 'uuid';
    if (DATE_TIME.test(value)) return 'date-time';
    if (DATE.test(value) && VOLATILE_NAME.test(name)) return 'date';
    if (VOLATILE_NAME.test(name) && TOKEN.test(value) && /\d/.test(value)) return 'token';
    return undefined;
  }
  if (typeof value === 'number' && Number.isInteger(value) && VOLATILE_NAME.test(name)) {
    if (value > 1e12 && value < 1e13) return 'epoch-ms';
    if (value > 1e9 && value < 1e10) return 'epoch-s';
  }
  return undefined;
}

/** Every volatile place of a JSON value, as `/body…` pointers. */
export function volatileFields(value: unknown, prefix = '/body', name = '', out: VolatileField[] = [], depth = 0): VolatileField[] {
  if (depth > 32 || out.length >= 100) return out;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) volatileFields(value[i], `${prefix}/${i}`, name, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) volatileFields(item, `${prefix}/${escapePointer(key)}`, key, out, depth + 1);
  } else {
    const kind = volatileKind(name, value);
    if (kind !== undefined) out.push({ pointer: prefix, kind });
  }
  return out;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
