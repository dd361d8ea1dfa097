/** The request log: search, one exchange, analysis, a session's report, dashboard figures, export, diagnostics. */
import { z } from 'zod';
import { analyzeQuery, exportQuery, searchQuery } from '../../logs/filters';
import { analysisSchema, requestLogSchema, searchPageSchema, statsSchema } from '../log-schemas';
import { sessionReportSchema } from '../report-schema';
import { BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';
import { settingsSchema } from '../schemas';

/** What each log filter means; the schemas in src/logs/filters check them. */
export const LOG_FILTER_DESCRIPTIONS: Record<string, string> = {
  time_from: 'Earliest request time, inclusive: ISO 8601 (2026-11-21T15:00:00Z) or epoch milliseconds',
  time_to: 'Latest request time, inclusive: ISO 8601 or epoch milliseconds',
  method: 'HTTP methods, comma-separated (GET,POST)',
  status: 'Statuses, classes or ranges, comma-separated: 404, 4xx, 500-504',
  operation: 'Operation ids, comma-separated',
  session_id: 'X-Test-Session of the requests',
  correlation_id: 'X-Correlation-Id of the requests',
  q: 'Text looked for, ASCII case-insensitively, in the path, the query string and both bodies (1–200 characters)',
  path_glob: 'A glob over the path (SQLite GLOB: * ? [a-z], case-sensitive): /v1/books/*',
  path_regex:
    'A JavaScript regex over the path, up to 200 characters. Refused: backreferences, lookaround, a quantifier on a group that holds a quantifier or an alternation ((a+)+, (a|b)*), more than 3 unbounded quantifiers. Tried on at most 200,000 distinct paths (narrow with other filters).',
  limit: 'Page size',
  offset: 'Rows to skip',
};

export const searchLogs = defineRoute({
  operationId: 'searchLogs',
  method: 'get',
  path: '/api/logs/search',
  summary: 'Search the request log: newest first, with the total and highlighted matches',
  query: searchQuery,
  queryDescriptions: LOG_FILTER_DESCRIPTIONS,
  responses: { '200': { description: 'A page of matching requests', schema: searchPageSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const analyzeLogs = defineRoute({
  operationId: 'analyzeLogs',
  method: 'get',
  path: '/api/logs/analyze',
  summary: 'Figures over a time window: counts, error rate, latency percentiles, throughput, top errors, slowest operations, spec coverage, anomalies, recommendations',
  query: analyzeQuery,
  queryDescriptions: { ...LOG_FILTER_DESCRIPTIONS, group_by: 'How `groups` is keyed', top: 'Length of each bounded list' },
  responses: { '200': { description: 'The analysis', schema: analysisSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

/** Listed after search and analyze: a router that tries routes in order never reads those as ids. */
export const getLog = defineRoute({
  operationId: 'getLog',
  method: 'get',
  path: '/api/logs/{id}',
  summary: 'One whole exchange: request and response headers and bodies, validation errors',
  params: z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'a request id (ULID)') }),
  responses: { '200': { description: 'The exchange', schema: requestLogSchema }, '404': problemAnswer('No such request'), ...UNAUTHORIZED },
});

export const getTestReport = defineRoute({
  operationId: 'getTestReport',
  method: 'get',
  path: '/api/testing/report',
  summary: "A session's report: traffic, coverage, errors, latency. HTML is one self-contained page with inline SVG charts; CSV has one row per operation.",
  query: z
    .object({
      session_id: z
        .string({ error: (issue) => (issue.input === undefined ? 'required: a report covers one test session (GET /api/logs/analyze covers the whole mock)' : undefined) })
        .min(1)
        .max(256)
        .describe('The test session to report on'),
      format: z.enum(['json', 'html', 'csv']).default('json').describe('Report format'),
    })
    .strict(),
  responses: {
    '200': { description: 'The report', schema: sessionReportSchema, content: { 'text/html': z.string(), 'text/csv': z.string() } },
    ...BAD_QUERY,
    '404': problemAnswer('No such session'),
    ...UNAUTHORIZED,
  },
});

export const getStats = defineRoute({
  operationId: 'getStats',
  method: 'get',
  path: '/api/stats',
  summary: 'Totals for a dashboard: requests, errors, latency percentiles, rates over the last minute and hour, sessions',
  responses: { '200': { description: 'The figures', schema: statsSchema }, ...UNAUTHORIZED },
});

export const exportLogs = defineRoute({
  operationId: 'exportLogs',
  method: 'get',
  path: '/api/export',
  summary: 'The request log (filtered like search), oldest first, streamed: NDJSON (one RequestLog per line), CSV, or HAR 1.2',
  query: exportQuery,
  queryDescriptions: { ...LOG_FILTER_DESCRIPTIONS, format: 'Export format', limit: 'At most this many requests (default: all)' },
  responses: {
    '200': {
      description: 'The requests',
      content: {
        'application/x-ndjson': z.string(),
        'text/csv': z.string(),
        'application/json': z.looseObject({}).describe('HAR 1.2: { log: { version, creator, entries } }'),
      },
    },
    ...BAD_QUERY,
    ...UNAUTHORIZED,
  },
});

export const getDebug = defineRoute({
  operationId: 'getDebug',
  method: 'get',
  path: '/api/debug',
  summary: 'Plan version, settings and state sizes (log rows, stored texts, sessions, plans)',
  responses: {
    '200': {
      description: 'Diagnostics',
      schema: z.object({
        mock: z.string(),
        planVersion: z.string().nullable(),
        settings: settingsSchema,
        storage: z.record(z.string(), z.number()).describe('Stored rows by kind'),
        logWriter: z.object({ batchRows: z.string().nullable(), batchMs: z.string().nullable(), batchMaxMs: z.string().nullable() }),
      }),
    },
    ...UNAUTHORIZED,
  },
});
