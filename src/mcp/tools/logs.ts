/** query_mock_logs and get_performance_metrics: the admin log search and analysis of one mock. */
import { z } from 'zod';
import { type Analysis, logs } from '../../admin-api';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const mockName = z.string().min(1).describe('Name of the mock (see discover_mock_servers).');
const instant = (what: string) => z.string().min(1).max(40).describe(`${what}: ISO 8601 (2026-11-21T15:00:00Z) or epoch milliseconds.`);
const statusCode = z.union([z.number().int().min(100).max(599), z.string().regex(/^(\d{3}|[1-5]xx|\d{3}-\d{3})$/, 'a status (404), a class (4xx) or a range (500-504)')]);

/** The log filters of the admin API, as tool arguments. */
const filterShape = {
  method: z.array(z.string().regex(/^[A-Za-z]{3,7}$/, 'an HTTP method')).min(1).max(9).optional().describe('Only these HTTP methods, e.g. ["GET","POST"].'),
  path_pattern: z.string().min(1).max(500).optional().describe('A glob over the request path (case-sensitive; * ? [a-z]), e.g. "/api/v3/pet/*".'),
  path_regex: z.string().min(1).max(200).optional().describe('A JavaScript regex over the path (no backreferences or lookaround).'),
  status_codes: z.array(statusCode).min(1).max(20).optional().describe('Statuses, classes or ranges: [404, "5xx", "500-504"].'),
  time_from: instant('Earliest request time, inclusive').optional(),
  time_to: instant('Latest request time, inclusive').optional(),
  session_id: z.string().min(1).max(256).optional().describe('Only requests of this test session (their X-Test-Session header).'),
  correlation_id: z.string().min(1).max(256).optional().describe('Only requests with this X-Correlation-Id.'),
  operation_ids: z.array(z.string().min(1)).min(1).max(50).optional().describe('Only these operations (operationIds of the plan).'),
  text: z.string().min(1).max(200).optional().describe('Text looked for (case-insensitive) in the path, query string and both bodies.'),
};

type Filters = { [K in keyof typeof filterShape]?: z.output<(typeof filterShape)[K]> };

/** Admin query names → tool argument names, for errors. */
const FIELD_NAMES = { method: 'method', path_glob: 'path_pattern', path_regex: 'path_regex', status: 'status_codes', time_from: 'time_from', time_to: 'time_to', session_id: 'session_id', correlation_id: 'correlation_id', operation: 'operation_ids', q: 'text' };

function filterQuery(f: Filters) {
  return {
    method: f.method?.map((m) => m.toUpperCase()),
    path_glob: f.path_pattern,
    path_regex: f.path_regex,
    status: f.status_codes,
    time_from: f.time_from,
    time_to: f.time_to,
    session_id: f.session_id,
    correlation_id: f.correlation_id,
    operation: f.operation_ids,
    q: f.text,
  };
}

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable(), avg: z.number().nullable() });

const analysisView = z
  .looseObject({
    window: z.looseObject({ from: z.number().nullable(), to: z.number().nullable(), bucketMs: z.number() }),
    summary: z.looseObject({ requests: z.number(), errors: z.number(), errorRate: z.number(), throughputPerSecond: z.number(), latencyMs: percentiles }),
    groups: z.array(z.looseObject({ requests: z.number() })),
    topErrors: z.array(z.looseObject({ status: z.number(), count: z.number() })),
    slowestOperations: z.array(z.looseObject({})),
    coverage: z.looseObject({}).nullable(),
    anomalies: z.array(z.looseObject({ kind: z.string(), detail: z.string() })),
    recommendations: z.array(z.string()),
  })
  .describe('The admin analysis: summary (latency p50/p95/p99), groups, timeline, top errors, slowest operations, coverage of the plan, anomalies, recommendations.');

const logItem = z.looseObject({
  id: z.string().describe('GET /api/logs/{id} on the admin API has the whole exchange.'),
  ts: z.number(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  latencyMs: z.number(),
  operationId: z.string().nullable().optional(),
  sessionId: z.string().nullable().optional(),
  correlationId: z.string(),
});

/** The admin API's interfaces as the looser output-schema types (the output schema checks them at run time). */
// SAFETY: register.ts parses every result with the tool's output schema before sending it.
const asLoose = <T>(value: unknown): T => value as T;

const ms = (n: number | null) => (n === null ? '–' : `${n} ms`);

export function latencyLine(a: Pick<Analysis, 'summary'>): string {
  const s = a.summary;
  return `${s.requests} request(s), ${s.errors} error(s) (${(s.errorRate * 100).toFixed(1)}%), latency p50 ${ms(s.latencyMs.p50)}, p95 ${ms(s.latencyMs.p95)}, p99 ${ms(s.latencyMs.p99)}, max ${ms(s.latencyMs.max)}`;
}

export function queryMockLogs(deps: ToolDeps) {
  return defineTool({
    name: 'query_mock_logs',
    title: 'Query the request log of a mock',
    description:
      "Search a mock's request log (newest first) with the admin API's filters; with analyze: true also the analysis of the matching requests (latency percentiles, error patterns, coverage of the plan, anomalies, recommendations).",
    input: z.strictObject({
      mock_name: mockName,
      ...filterShape,
      limit: z.number().int().min(1).max(200).default(50).describe('Requests per page.'),
      offset: z.number().int().min(0).max(1_000_000).default(0).describe('Requests to skip, for paging (see next_offset).'),
      analyze: z.boolean().default(false).describe('Also analyse every matching request (not just this page).'),
      group_by: z.enum(['operation', 'status', 'method', 'session', 'minute']).default('operation').describe('How the analysis groups requests.'),
      top: z.number().int().min(1).max(50).default(10).describe('Length of each list in the analysis.'),
    }),
    output: z.object({
      mock_name: z.string(),
      total: z.number().describe('Requests matching the filters.'),
      offset: z.number(),
      limit: z.number(),
      next_offset: z.number().nullable(),
      items: z.array(logItem),
      analysis: analysisView.optional(),
    }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const filters = filterQuery(args);
      const page = await reached.admin.call(logs.searchLogs, { query: { ...filters, limit: args.limit, offset: args.offset } });
      if (!page.ok) return failed(asToolProblem(page.problem, { fields: FIELD_NAMES }));
      let analysis: Analysis | undefined;
      if (args.analyze) {
        const analyzed = await reached.admin.call(logs.analyzeLogs, { query: { ...filters, group_by: args.group_by, top: args.top } });
        if (!analyzed.ok) return failed(asToolProblem(analyzed.problem, { fields: FIELD_NAMES }));
        analysis = analyzed.value;
      }
      const items = page.value.items.map((item) => ({ ...item, time: new Date(item.ts).toISOString() }));
      const next = args.offset + items.length < page.value.total ? args.offset + items.length : null;
      const lines = items.slice(0, 10).map((i) => `${i.time} ${i.method} ${i.path} → ${i.status} (${i.latencyMs} ms)`);
      const more = items.length > 10 ? `\n… and ${items.length - 10} more on this page.` : '';
      const summary = `${page.value.total} matching request(s) in "${args.mock_name}"; showing ${items.length} from ${args.offset}.${analysis ? `\nAnalysis: ${latencyLine(analysis)}.` : ''}${lines.length ? `\n${lines.join('\n')}` : ''}${more}`;
      return done({ mock_name: args.mock_name, total: page.value.total, offset: args.offset, limit: args.limit, next_offset: next, items, ...(analysis ? { analysis: asLoose<z.infer<typeof analysisView>>(analysis) } : {}) }, summary);
    },
  });
}

export function getPerformanceMetrics(deps: ToolDeps) {
  return defineTool({
    name: 'get_performance_metrics',
    title: 'Performance metrics of a mock',
    description:
      "Latency percentiles, throughput, error rate, slowest operations and anomalies from a mock's logged requests: all of them, one test session's, or a time window (last_minutes, or time_from/time_to).",
    input: z
      .strictObject({
        mock_name: mockName,
        session_id: z.string().min(1).max(256).optional().describe('Only the requests of this test session.'),
        last_minutes: z.number().int().min(1).max(525_600).optional().describe('Only the requests of the last N minutes (instead of time_from/time_to).'),
        time_from: instant('Window start, inclusive').optional(),
        time_to: instant('Window end, inclusive').optional(),
        group_by: z.enum(['operation', 'status', 'method', 'session', 'minute']).default('operation').describe('How the per-group figures are keyed.'),
        top: z.number().int().min(1).max(50).default(10).describe('Length of each list (groups, slowest operations, errors).'),
      })
      .superRefine((args, ctx) => {
        if (args.last_minutes !== undefined && (args.time_from !== undefined || args.time_to !== undefined)) {
          ctx.addIssue({ code: 'custom', path: ['last_minutes'], message: 'give last_minutes or time_from/time_to, not both' });
        }
      }),
    output: z.object({
      mock_name: z.string(),
      session_id: z.string().nullable(),
      window: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
      requests: z.number(),
      errors: z.number(),
      error_rate: z.number(),
      throughput_per_second: z.number(),
      latency_ms: percentiles,
      groups: z.array(z.looseObject({ requests: z.number() })),
      slowest_operations: z.array(z.looseObject({})),
      anomalies: z.array(z.looseObject({ kind: z.string(), detail: z.string() })),
      recommendations: z.array(z.string()),
    }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const from = args.last_minutes !== undefined ? String(Date.now() - args.last_minutes * 60_000) : args.time_from;
      const query = { session_id: args.session_id, time_from: from, time_to: args.time_to, group_by: args.group_by, top: args.top };
      const analyzed = await reached.admin.call(logs.analyzeLogs, { query });
      if (!analyzed.ok) return failed(asToolProblem(analyzed.problem, { fields: FIELD_NAMES }));
      const a = analyzed.value;
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const scope = args.session_id !== undefined ? ` of session "${args.session_id}"` : '';
      return done(
        {
          mock_name: args.mock_name,
          session_id: args.session_id ?? null,
          window: { from: iso(a.window.from), to: iso(a.window.to) },
          requests: a.summary.requests,
          errors: a.summary.errors,
          error_rate: a.summary.errorRate,
          throughput_per_second: a.summary.throughputPerSecond,
          latency_ms: a.summary.latencyMs,
          groups: asLoose<Array<{ requests: number }>>(a.groups),
          slowest_operations: asLoose<Array<Record<string, unknown>>>(a.slowestOperations),
          anomalies: asLoose<Array<{ kind: string; detail: string }>>(a.anomalies),
          recommendations: a.recommendations,
        },
        `"${args.mock_name}"${scope}: ${latencyLine(a)}, ${a.summary.throughputPerSecond.toFixed(2)} req/s.${a.anomalies.length ? ` ${a.anomalies.length} anomaly(ies).` : ''}`,
      );
    },
  });
}
