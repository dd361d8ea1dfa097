/** Shapes of the log routes: a logged exchange, a search hit, sessions, the analysis, the dashboard's figures. */
import { z } from 'zod';
import { logCountersSchema } from './routes/retention';

const int = z.number().int();
const nullableInt = int.nullable();

export const requestLogSchema = z.object({
  id: z.string().describe('ULID'),
  mock: z.string(),
  planVersion: z.string(),
  ts: int.describe('epoch ms'),
  method: z.string(),
  path: z.string(),
  operationId: z.string().nullable(),
  query: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().nullable(),
  requestBodySize: int,
  status: int,
  responseHeaders: z.record(z.string(), z.string()),
  responseBody: z.string().nullable(),
  responseBodySize: int,
  latencyMs: int,
  clientAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  sessionId: z.string().nullable(),
  correlationId: z.string(),
  validationErrors: z.array(z.unknown()).nullable(),
});

export const requestPageSchema = z.object({ items: z.array(requestLogSchema), total: int });

export const highlightSchema = z.object({
  field: z.enum(['path', 'query', 'requestBody', 'responseBody']),
  fragment: z.string(),
  start: int.describe('Offset of the match inside `fragment`'),
  length: int,
});

export const logSummarySchema = z.object({
  id: z.string().describe('ULID; GET /api/logs/{id} has the whole exchange'),
  ts: int.describe('epoch ms'),
  method: z.string(),
  path: z.string(),
  query: z.string(),
  operationId: z.string().nullable(),
  status: int,
  latencyMs: int,
  sessionId: z.string().nullable(),
  correlationId: z.string(),
  requestBodySize: int,
  responseBodySize: int,
  highlights: z.array(highlightSchema).describe('Where q (or path_regex) matched: a fragment of the field and the match inside it'),
});

export const searchPageSchema = z.object({ total: int, limit: int, offset: int, items: z.array(logSummarySchema) });

export const testSessionSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  origin: z.enum(['api', 'traffic']).describe('api: created with POST /api/sessions; traffic: first seen in an X-Test-Session header and registered by the log writer'),
  state: z.enum(['active', 'ended']),
  createdAt: int.describe('epoch ms; for a traffic session, its first request'),
  endedAt: nullableInt,
  requests: int,
  successes: int.describe('requests answered with a status below 400'),
  errors: int,
  successRate: z.number().nullable().describe('successes / requests (0..1), null without requests'),
  firstRequestAt: nullableInt,
  lastRequestAt: nullableInt,
  durationMs: int.describe('createdAt to endedAt; an active API session runs until now, a traffic session until its last request'),
});

export const sessionDetailSchema = testSessionSchema.extend({
  latencyMs: z.object({ avg: z.number().nullable(), max: z.number().nullable() }),
  statuses: z.array(z.object({ status: int, count: int })),
  operations: z.array(z.object({ operationId: z.string().nullable(), method: z.string(), count: int, errors: int })).max(200),
});

export const sessionPageSchema = z.object({ items: z.array(testSessionSchema), total: int });

export const percentilesSchema = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable(), avg: z.number().nullable() });

const counted = z.object({ total: int, exercised: int, ratio: z.number().nullable() });

export const coverageSchema = z
  .object({
    planVersion: z.string().nullable(),
    operations: counted,
    responses: counted,
    unexercisedOperations: z.array(z.object({ operationId: z.string(), method: z.string(), path: z.string() })),
    unexercisedStatuses: z.array(z.object({ operationId: z.string(), statuses: z.array(z.string()) })),
    undeclaredStatuses: z.array(z.object({ operationId: z.string(), status: int, count: int })).describe('Statuses served that the operation does not declare'),
    more: z.object({ unexercisedOperations: int, unexercisedStatuses: int, undeclaredStatuses: int }).describe('How many items each list left out'),
  })
  .describe('Against the plan being served: operations and declared statuses the window never exercised');

export const GROUP_BY = ['operation', 'status', 'method', 'session', 'minute'] as const;

export const analysisSchema = z
  .object({
    window: z.object({ from: nullableInt, to: nullableInt, bucketMs: int }),
    summary: z.object({
      requests: int,
      errors: int.describe('status >= 400'),
      errorRate: z.number(),
      throughputPerSecond: z.number(),
      latencyMs: percentilesSchema,
      firstRequestAt: nullableInt,
      lastRequestAt: nullableInt,
    }),
    groupBy: z.enum(GROUP_BY),
    groups: z.array(z.object({ key: z.union([z.string(), z.number(), z.null()]), requests: int, errors: int, errorRate: z.number(), latencyMs: percentilesSchema })),
    timeline: z.array(z.object({ start: int, requests: int, errors: int, avgLatencyMs: z.number(), maxLatencyMs: z.number() })).describe('At most 120 buckets over the window'),
    topErrors: z.array(z.object({ operationId: z.string().nullable(), method: z.string(), status: int, count: int, lastSeen: int, sampleIds: z.array(z.string()).max(3) })),
    slowestOperations: z.array(z.object({ operationId: z.string().nullable(), method: z.string(), requests: int, latencyMs: percentilesSchema })),
    coverage: coverageSchema.nullable(),
    anomalies: z.array(
      z.object({ kind: z.enum(['error-spike', 'latency-spike', 'traffic-spike']), start: int, end: int, value: z.number(), baseline: z.number(), detail: z.string() }),
    ),
    recommendations: z.array(z.string()).max(8),
    more: z.object({ groups: int, topErrors: int, slowestOperations: int }).describe('How many items each bounded list left out'),
  })
  .describe('Summaries first; every list is bounded (`top`, default 10)');

const requestsErrors = z.object({ requests: int, errors: int });

export const statsSchema = z.object({
  mock: z.string(),
  generatedAt: z.string().describe('ISO 8601'),
  requests: int,
  errors: int,
  errorRate: z.number(),
  latencyMs: percentilesSchema,
  statusClasses: z.record(z.string(), int),
  firstRequestAt: nullableInt,
  lastRequestAt: nullableInt,
  lastMinute: requestsErrors,
  lastHour: requestsErrors,
  sessions: z.object({ total: int, active: int }),
  logging: logCountersSchema.describe('What the log could not keep (decision 0014)'),
});

export type LogEntry = z.output<typeof requestLogSchema>;
export type LogPage = z.output<typeof requestPageSchema>;
export type Highlight = z.output<typeof highlightSchema>;
export type LogSummary = z.output<typeof logSummarySchema>;
export type SearchPage = z.output<typeof searchPageSchema>;
export type TestSession = z.output<typeof testSessionSchema>;
export type SessionDetail = z.output<typeof sessionDetailSchema>;
export type SessionPage = z.output<typeof sessionPageSchema>;
export type Percentiles = z.output<typeof percentilesSchema>;
export type Analysis = z.output<typeof analysisSchema>;
export type Stats = z.output<typeof statsSchema>;
