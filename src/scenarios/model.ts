/**
 * The steering model, validated with zod at every boundary (admin API, MCP tools, scenario files).
 * Field names keep the original MockLoop ones (`endpoint`, `new_response`, `scenario_name`,
 * `session_id`). A rule says what one operation answers; a scenario is a named set of rules with a
 * default for the operations it does not name.
 */
import { z } from 'zod';
import { MAX_DELAY_MS } from '../runtime/faults';

export { MAX_DELAY_MS };
export const MAX_RULES = 500;
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const delay = z.number().int().min(0).max(MAX_DELAY_MS);

export const latencySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), ms: delay }),
  z
    .strictObject({ type: z.literal('uniform'), min_ms: delay, max_ms: delay })
    .refine((l) => l.min_ms <= l.max_ms, { message: 'min_ms must not exceed max_ms', path: ['min_ms'] }),
  z.strictObject({
    type: z.literal('lognormal'),
    /** The median delay; half the requests wait less. */
    median_ms: z.number().min(1).max(MAX_DELAY_MS),
    /** The spread of ln(delay): 0 is fixed, 1 has a long tail. */
    sigma: z.number().min(0).max(4),
    /** A cap on the tail (default MAX_DELAY_MS). */
    max_ms: delay.optional(),
  }),
]);

export const faultSchema = z
  .strictObject({
    /** The share of requests answered with an error instead (0..1). */
    error_rate: z.number().min(0).max(1).optional(),
    /** The error status(es) to answer with; without it, the operation's own declared 5xx and 429 responses. */
    error_status: z.union([z.number().int().min(400).max(599), z.array(z.number().int().min(400).max(599)).min(1).max(20)]).optional(),
    /** `Retry-After` (seconds) sent with a 429 or 503 the spec gives no value for. */
    retry_after: z.number().int().min(0).max(86_400).optional(),
    /** Send the status and headers with no body at all. */
    empty: z.boolean().optional(),
    /** Send a broken body: truncated, no longer parseable, with the declared content type. */
    malformed: z.boolean().optional(),
    /** Send the body slowly: `chunk_bytes` at a time, `interval_ms` apart. */
    dribble: z.strictObject({ chunk_bytes: z.number().int().min(1).max(65_536), interval_ms: delay }).optional(),
    /** Makes the fault's random choices (error rate, latency) repeat from activation on. */
    seed: z.union([z.number().int(), z.string().max(100)]).optional(),
  })
  .refine((f) => !(f.empty && f.malformed), { message: 'empty and malformed exclude each other', path: ['malformed'] });

/** Where the answer comes from when the mock has an upstream (docs/decisions/0020). */
export const proxyModeSchema = z.enum(['mock', 'proxy', 'spy', 'record', 'diff']);

const volatileSchema = z.strictObject({
  pointer: z.string().regex(/^\/(body|headers\/[a-z0-9!#$%&'*+.^_`|~-]+)(\/.*)?$/, '/body/… or /headers/<lower-case name>').max(1024),
  kind: z.enum(['uuid', 'date-time', 'date', 'epoch-ms', 'epoch-s', 'token']),
});

/** Recorded exchanges of one operation: per request path and query, the responses in the order the upstream gave them. */
export const recordedSchema = z
  .array(
    z.strictObject({
      path: z.string().min(1).max(2048).optional(),
      query: z.string().max(8192).optional(),
      responses: z
        .array(
          z.strictObject({
            status: z.number().int().min(100).max(599),
            headers: z.record(z.string(), z.string().max(8192)).default({}),
            body: z.string().max(1_000_000).nullable().default(null),
            delay_ms: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
            volatile: z.array(volatileSchema).max(100).optional(),
          }),
        )
        .min(1)
        .max(100),
    }),
  )
  .max(200);

const headerMap = z.record(z.string().regex(HEADER_NAME, 'not a valid header name'), z.string().max(8192)).refine((h) => Object.keys(h).length <= 50, 'at most 50 headers');

/** What a rule changes about the response, shared by rules, a scenario's default and overrides. */
const responseFields = {
  /** A status the operation declares (exactly, through its range like 4XX, or `default`). */
  status: z.number().int().min(100).max(599).optional(),
  headers: headerMap.optional(),
  /** The literal body (JSON; a string is sent as is for non-JSON media types). */
  new_response: z.json().optional(),
  /** A named example of the chosen response. */
  example: z.string().min(1).max(200).optional(),
  /** Fresh synthesised data each request. */
  dynamic: z.boolean().optional(),
  latency: latencySchema.optional(),
  fault: faultSchema.optional(),
  /** Where the answer comes from when the mock has an upstream: `proxy` everything but this, `spy`, `record`, `diff`. */
  mode: proxyModeSchema.optional(),
  /** Recorded exchanges, replayed in order (made by POST /api/recordings or a HAR import). */
  recorded: recordedSchema.optional(),
};

function oneBodySource(rule: { new_response?: unknown; example?: string; dynamic?: boolean }): boolean {
  return [rule.new_response !== undefined, rule.example !== undefined, rule.dynamic === true].filter(Boolean).length <= 1;
}
const ONE_BODY = { message: 'choose one of new_response, example and dynamic', path: ['new_response'] };

export const ruleDefaultSchema = z.strictObject(responseFields).refine(oneBodySource, ONE_BODY);

const ruleShape = {
  /** The path template as the spec writes it (with or without the base path), or an operationId. */
  endpoint: z.string().min(1).max(2048),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(METHODS)),
  ...responseFields,
};

export const ruleSchema = z.strictObject(ruleShape).refine(oneBodySource, ONE_BODY);

export const scenarioNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64')
  .refine((name) => name !== 'active' && name !== 'validate', 'is reserved by the admin API');
export const sessionIdSchema = z.string().min(1).max(200);

export const scenarioSchema = z.strictObject({
  name: scenarioNameSchema,
  description: z.string().max(2000).optional(),
  /** Stateful CRUD while this scenario is active. */
  stateful: z.boolean().optional(),
  /** Applies to every operation no rule names. */
  default: ruleDefaultSchema.optional(),
  rules: z.array(ruleSchema).max(MAX_RULES).default([]),
});

/** Body of POST /api/mock-data/update. */
export const updateSchema = z
  .strictObject({ ...ruleShape, scenario_name: scenarioNameSchema.optional(), session_id: sessionIdSchema.optional() })
  .refine(oneBodySource, ONE_BODY)
  .refine((u) => !(u.scenario_name && u.session_id), { message: 'give scenario_name or session_id, not both', path: ['session_id'] });

export type Latency = z.infer<typeof latencySchema>;
export type Recorded = z.infer<typeof recordedSchema>;
export type Fault = z.infer<typeof faultSchema>;
export type RuleDefault = z.infer<typeof ruleDefaultSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type Update = z.infer<typeof updateSchema>;
