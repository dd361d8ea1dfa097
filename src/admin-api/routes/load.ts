/** Load runs against this mock, on the stack's test engine: start, list, watch, cancel, reports. */
import { z } from 'zod';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';

const ENGINE_ANSWERS = { '503': problemAnswer('No test engine is bound to this mock (locally: start the stack with its MCP server; deployed: bind ENGINE)'), '502': problemAnswer('The test engine could not be reached') } as const;

const durations = z.object({ avg: z.number(), min: z.number(), med: z.number(), max: z.number(), 'p(90)': z.number(), 'p(95)': z.number(), 'p(99)': z.number() });
const requestMetrics = z.object({
  http_req_duration: z.object({ values: durations }),
  http_reqs: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }),
  http_req_failed: z.object({ values: z.object({ rate: z.number(), passes: z.number(), fails: z.number() }) }),
  checks: z.object({ values: z.object({ rate: z.number(), passes: z.number(), fails: z.number() }) }),
});

export const loadSummarySchema = z
  .object({
    state: z.object({ testRunDurationMs: z.number(), shards: z.number(), subrequests: z.number(), invocations: z.number() }),
    metrics: requestMetrics.extend({ iterations: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }), dropped_iterations: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }) }),
    operations: z.record(z.string(), requestMetrics),
    series: z.array(z.object({ t: z.number(), reqs: z.number(), failed: z.number(), dropped: z.number(), avg: z.number(), p50: z.number(), p95: z.number(), max: z.number() })).describe('Per second since the start'),
    thresholds: z.array(z.object({ threshold: z.string(), ok: z.boolean(), actual: z.number(), operation: z.string().optional(), metric: z.string() })),
  })
  .meta({ id: 'LoadSummary', description: 'k6-shaped summary (handleSummary data), merged across shards from histograms' });

export const loadRunViewSchema = z.object({
  id: z.string(),
  status: z.string().describe('running, passed, failed, cancelled'),
  target: z.string(),
  progress: z.number().describe('0–100'),
  elapsedMs: z.number().optional(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  reason: z.string().nullable(),
  summary: loadSummarySchema,
});

/** A run as listed: what was asked, and the headline figures once it ended. */
const loadRunRowSchema = z
  .object({
    id: z.string(),
    status: z.string().describe('queued, running, passed, failed, cancelled, error'),
    createdAt: z.number(),
    startedAt: z.number().nullable().optional(),
    finishedAt: z.number().nullable().optional(),
    reason: z.string().nullable().optional(),
    model: z.string().optional().describe('open (arrival rate) or closed (virtual users)'),
    start: z.number().optional().describe('Requests per second (open) or VUs (closed) at the start'),
    stages: z.array(z.object({ durationMs: z.number(), target: z.number() })).optional(),
    durationMs: z.number().optional(),
    summary: z
      .object({
        http_reqs: z.object({ count: z.number(), rate: z.number() }),
        http_req_duration: durations,
        http_req_failed: z.number().describe('Rate of failed requests'),
        dropped_iterations: z.number(),
        thresholds: z.array(z.object({ threshold: z.string(), ok: z.boolean() })),
      })
      .nullable()
      .optional()
      .describe('Headline figures, once the run ended'),
  })
  .loose();

export const startLoadRun = defineRoute({
  operationId: 'startLoadRun',
  method: 'post',
  path: '/api/load-runs',
  summary: 'Start a load run against this mock on the test engine (requests synthesised from its plan, or a test plan per iteration); answers at once with the run id',
  body: {
    required: false,
    schema: z
      .object({
        rate: z.number().positive().optional().describe('Open model: requests per second (default 50 without vus and stages)'),
        vus: z.number().int().positive().optional().describe('Closed model: virtual users'),
        durationS: z.number().positive().optional().describe('Seconds (default 10 without stages and iterations)'),
        stages: z.array(z.object({ durationS: z.number().positive(), target: z.number().min(0) }).strict()).min(1).max(50).optional().describe('Ramping stages (rate or VUs)'),
        iterations: z.number().int().positive().optional().describe('Stop after this many iterations (requests; with testPlan, runs of the plan)'),
        thresholds: z.array(z.string().min(1).max(300)).max(50).default([]).describe('k6-style lines: p95<200, rate<0.01, GET /books:p95<100, max<500 abortOnFail'),
        shards: z.number().int().positive().optional().describe('Shard Durable Objects'),
        seed: z.union([z.string().max(100), z.number()]).optional().describe('Seed of the synthesised requests'),
        testPlan: z
          .union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())])
          .optional()
          .describe('A test plan (YAML/JSON text or object, the format of `mockloop run`): each iteration runs its steps in order (variables, extraction; expectations count as checks; metrics and thresholds per step name) instead of the spec’s request mix. Its setup, teardown, scenarios, iterations and `schema: true` are refused; problems by JSON pointer (/testPlan/…)'),
      })
      .strict(),
  },
  responses: {
    '202': { description: 'Started', schema: z.object({ id: z.string(), status: z.string(), model: z.string(), shards: z.number(), operations: z.array(z.string()) }).loose() },
    ...BAD_BODY,
    '403': problemAnswer('The engine refused the target'),
    '409': problemAnswer('The mock has no plan'),
    ...ENGINE_ANSWERS,
    ...UNAUTHORIZED,
  },
});

export const listLoadRuns = defineRoute({
  operationId: 'listLoadRuns',
  method: 'get',
  path: '/api/load-runs',
  summary: 'Load runs of this mock, newest first',
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size') }).strict(),
  responses: { '200': { description: 'Runs', schema: z.object({ items: z.array(loadRunRowSchema) }) }, ...BAD_QUERY, ...ENGINE_ANSWERS, ...UNAUTHORIZED },
});

export const getLoadRun = defineRoute({
  operationId: 'getLoadRun',
  method: 'get',
  path: '/api/load-runs/{id}',
  summary: 'A load run: status, progress and its live (or final) summary',
  params: z.object({ id: z.string() }),
  responses: { '200': { description: 'The run', schema: loadRunViewSchema }, '404': problemAnswer('No such load run of this mock'), ...ENGINE_ANSWERS, ...UNAUTHORIZED },
});

export const cancelLoadRun = defineRoute({
  operationId: 'cancelLoadRun',
  method: 'post',
  path: '/api/load-runs/{id}/cancel',
  summary: 'Stop a load run within a second, keeping what was measured',
  params: z.object({ id: z.string() }),
  responses: { '200': { description: 'The run as it ended', schema: loadRunViewSchema }, '404': problemAnswer('No such load run of this mock'), ...ENGINE_ANSWERS, ...UNAUTHORIZED },
});

export const getLoadRunReport = defineRoute({
  operationId: 'getLoadRunReport',
  method: 'get',
  path: '/api/load-runs/{id}/report',
  summary: 'A load run’s report: JSON (the run), JUnit XML (one test case per threshold), or one self-contained HTML page with inline SVG charts (latency p50/p95 per second, throughput, errors)',
  params: z.object({ id: z.string() }),
  query: z.object({ format: z.enum(['json', 'junit', 'html']).default('json').describe('Report format') }).strict(),
  responses: {
    '200': { description: 'The report', schema: loadRunViewSchema, content: { 'application/xml': z.string(), 'text/html': z.string() } },
    ...BAD_QUERY,
    '404': problemAnswer('No such load run of this mock'),
    ...ENGINE_ANSWERS,
    ...UNAUTHORIZED,
  },
});
