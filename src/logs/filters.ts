/**
 * Log filters: the query string of the log search, analysis, report and export endpoints,
 * validated once into a LogFilter the queries in src/db trust. Every problem names its field.
 */
import { z } from 'zod';
import type { SafeRegex } from '../regex';
import { globMatcher } from './glob';
import { checkPathRegex } from './safe-regex';

/** Inclusive status range: `404` is 404..404, `4xx` is 400..499. */
export interface StatusRange {
  min: number;
  max: number;
}

export interface LogFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  methods?: string[];
  statuses?: StatusRange[];
  operations?: string[];
  sessionId?: string;
  correlationId?: string;
  /** Text looked for (case-insensitively) in the path, the query and both bodies. */
  q?: string;
  /** A SQLite GLOB over the path (`/v1/books/*`). */
  pathGlob?: string;
  /** A checked regex (see safe-regex.ts) over the path. */
  pathRegex?: SafeRegex;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

/** ISO 8601 (`2026-11-21T15:00:00Z`, `2026-11-21`) or epoch milliseconds. */
export function parseTime(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/** `200,404`, `4xx`, `500-504`, mixed; null when any part is not a status or class. */
export function parseStatuses(text: string): StatusRange[] | null {
  const ranges: StatusRange[] = [];
  for (const raw of text.split(',')) {
    const range = rangeOf(raw.trim().toLowerCase());
    if (range === null) return null;
    ranges.push(range);
  }
  return ranges;
}

function rangeOf(part: string): StatusRange | null {
  const cls = /^([1-5])xx$/.exec(part);
  if (cls) return { min: Number(cls[1]) * 100, max: Number(cls[1]) * 100 + 99 };
  const one = /^(\d{3})$/.exec(part);
  if (one) return inRange(Number(one[1])) ? { min: Number(one[1]), max: Number(one[1]) } : null;
  const span = /^(\d{3})-(\d{3})$/.exec(part);
  if (!span) return null;
  const [min, max] = [Number(span[1]), Number(span[2])];
  return inRange(min) && inRange(max) && min <= max ? { min, max } : null;
}

function inRange(status: number): boolean {
  return status >= 100 && status <= 599;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const time = z.string().transform((text, ctx) => {
  const ms = parseTime(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is neither an ISO 8601 time (2026-11-21T15:00:00Z) nor epoch milliseconds` });
    return z.NEVER;
  }
  return ms;
});

const identifier = z.string().min(1).max(256);

/** The filter fields shared by search, analyze, report and export. */
export const logFilterFields = {
  time_from: time.optional(),
  time_to: time.optional(),
  method: z
    .string()
    .transform((text, ctx) => {
      const methods = list(text).map((m) => m.toUpperCase());
      const bad = methods.find((m) => !METHODS.includes(m));
      if (bad !== undefined || methods.length === 0) {
        ctx.addIssue({ code: 'custom', message: `"${bad ?? text}" is not an HTTP method (${METHODS.join(', ')})` });
        return z.NEVER;
      }
      return methods;
    })
    .optional(),
  status: z
    .string()
    .transform((text, ctx) => {
      const ranges = parseStatuses(text);
      if (ranges === null || ranges.length > 20) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a list of up to 20 statuses (404), classes (1xx…5xx) or ranges (500-504)` });
        return z.NEVER;
      }
      return ranges;
    })
    .optional(),
  operation: z
    .string()
    .transform((text, ctx) => {
      const ops = list(text);
      if (ops.length === 0 || ops.length > 50 || ops.some((op) => op.length > 256)) {
        ctx.addIssue({ code: 'custom', message: 'expected 1 to 50 comma-separated operation ids' });
        return z.NEVER;
      }
      return ops;
    })
    .optional(),
  session_id: identifier.optional(),
  correlation_id: identifier.optional(),
  q: z.string().min(1).max(200).optional(),
  path_glob: z
    .string()
    .min(1)
    .max(200)
    .refine((glob) => globMatcher(glob).ok, 'is not a glob that can be matched')
    .optional(),
  path_regex: z
    .string()
    .transform((text, ctx) => {
      const checked = checkPathRegex(text);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', message: `not accepted: ${checked.reason}` });
        return z.NEVER;
      }
      return checked.regex;
    })
    .optional(),
};

type FilterFields = z.infer<z.ZodObject<typeof logFilterFields>>;

/** The validated query fields as a LogFilter. */
export function toLogFilter(fields: FilterFields): LogFilter {
  const filter: LogFilter = {};
  if (fields.time_from !== undefined) filter.from = fields.time_from;
  if (fields.time_to !== undefined) filter.to = fields.time_to;
  if (fields.method) filter.methods = fields.method;
  if (fields.status) filter.statuses = fields.status;
  if (fields.operation) filter.operations = fields.operation;
  if (fields.session_id) filter.sessionId = fields.session_id;
  if (fields.correlation_id) filter.correlationId = fields.correlation_id;
  if (fields.q) filter.q = fields.q;
  if (fields.path_glob) filter.pathGlob = fields.path_glob;
  if (fields.path_regex) filter.pathRegex = fields.path_regex;
  return filter;
}

/** time_from after time_to is a mistake worth naming, not an empty answer. */
export function refineWindow(fields: { time_from?: number; time_to?: number }, ctx: z.RefinementCtx): void {
  if (fields.time_from !== undefined && fields.time_to !== undefined && fields.time_from > fields.time_to) {
    ctx.addIssue({ code: 'custom', path: ['time_to'], message: 'time_to is before time_from' });
  }
}

/** GET /api/logs/search */
export const searchQuery = z
  .object({
    ...logFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .superRefine(refineWindow);

/** GET /api/logs/analyze */
export const analyzeQuery = z
  .object({
    ...logFilterFields,
    group_by: z.enum(['operation', 'status', 'method', 'session', 'minute']).default('operation'),
    top: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict()
  .superRefine(refineWindow);

/** GET /api/export */
export const exportQuery = z
  .object({
    ...logFilterFields,
    format: z.enum(['ndjson', 'csv', 'har']).default('ndjson'),
    limit: z.coerce.number().int().min(1).max(100_000_000).optional(),
  })
  .strict()
  .superRefine(refineWindow);
