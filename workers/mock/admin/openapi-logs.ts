/**
 * The admin OpenAPI paths and schemas of sessions, log search, analysis, reports, stats, export
 * and debug; spread into ADMIN_OPENAPI (openapi.ts).
 */
import { SESSION_ID_PATTERN } from './sessions';

const problem = { $ref: '#/components/schemas/Problem' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const problemOf = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const unauthorized = { '401': problemOf('Missing or wrong admin token') };
const badQuery = { '400': problemOf('A query parameter is not valid; `errors[].location` names it (query/<name>)') };
const int = { type: 'integer' };
const str = { type: 'string' };
const nullable = (type: string) => ({ type: [type, 'null'] });

const q = (name: string, description: string, schema: object = str) => ({ name, in: 'query', description, schema });

/** The filters every log endpoint takes. */
export const LOG_FILTER_PARAMETERS = [
  q('time_from', 'Earliest request time, inclusive: ISO 8601 (2026-11-21T15:00:00Z) or epoch milliseconds'),
  q('time_to', 'Latest request time, inclusive: ISO 8601 or epoch milliseconds'),
  q('method', 'HTTP methods, comma-separated (GET,POST)'),
  q('status', 'Statuses, classes or ranges, comma-separated: 404, 4xx, 500-504'),
  q('operation', 'Operation ids, comma-separated'),
  q('session_id', 'X-Test-Session of the requests'),
  q('correlation_id', 'X-Correlation-Id of the requests'),
  q('q', 'Text looked for, ASCII case-insensitively, in the path, the query string and both bodies (1–200 characters)'),
  q('path_glob', 'A glob over the path (SQLite GLOB: * ? [a-z], case-sensitive): /v1/books/*'),
  q(
    'path_regex',
    'A JavaScript regex over the path, up to 200 characters. Refused: backreferences, lookaround, a quantifier on a group that holds a quantifier or an alternation ((a+)+, (a|b)*), more than 3 unbounded quantifiers. Tried on at most 200,000 distinct paths (narrow with other filters).',
  ),
];

const LogSummary = {
  type: 'object',
  required: ['id', 'ts', 'method', 'path', 'status', 'latencyMs', 'correlationId', 'highlights'],
  properties: {
    id: { type: 'string', description: 'ULID; GET /api/logs/{id} has the whole exchange' },
    ts: { type: 'integer', description: 'epoch ms' },
    method: str,
    path: str,
    query: str,
    operationId: nullable('string'),
    status: int,
    latencyMs: int,
    sessionId: nullable('string'),
    correlationId: str,
    requestBodySize: int,
    responseBodySize: int,
    highlights: {
      type: 'array',
      description: 'Where q (or path_regex) matched: a fragment of the field and the match inside it',
      items: {
        type: 'object',
        required: ['field', 'fragment', 'start', 'length'],
        properties: { field: { enum: ['path', 'query', 'requestBody', 'responseBody'] }, fragment: str, start: int, length: int },
      },
    },
  },
};

const sessionProperties = {
  id: str,
  name: nullable('string'),
  metadata: { type: ['object', 'null'] },
  origin: { enum: ['api', 'traffic'], description: 'api: created with POST /api/sessions; traffic: first seen in an X-Test-Session header and registered by the log writer' },
  state: { enum: ['active', 'ended'] },
  createdAt: { type: 'integer', description: 'epoch ms; for a traffic session, its first request' },
  endedAt: nullable('integer'),
  requests: int,
  successes: { type: 'integer', description: 'requests answered with a status below 400' },
  errors: int,
  successRate: { type: ['number', 'null'], description: 'successes / requests (0..1), null without requests' },
  firstRequestAt: nullable('integer'),
  lastRequestAt: nullable('integer'),
  durationMs: { type: 'integer', description: 'createdAt to endedAt; an active API session runs until now, a traffic session until its last request' },
};

const Session = { type: 'object', required: Object.keys(sessionProperties), properties: sessionProperties };

const SessionDetail = {
  type: 'object',
  required: [...Object.keys(sessionProperties), 'latencyMs', 'statuses', 'operations'],
  properties: {
    ...sessionProperties,
    latencyMs: { type: 'object', properties: { avg: nullable('number'), max: nullable('integer') } },
    statuses: { type: 'array', items: { type: 'object', properties: { status: int, count: int } } },
    operations: { type: 'array', maxItems: 200, items: { type: 'object', properties: { operationId: nullable('string'), method: str, count: int, errors: int } } },
  },
};

const Percentiles = { type: 'object', properties: { p50: nullable('number'), p95: nullable('number'), p99: nullable('number'), max: nullable('number'), avg: nullable('number') } };

const Analysis = {
  type: 'object',
  description: 'Summaries first; every list is bounded (`top`, default 10)',
  required: ['window', 'summary', 'groups', 'timeline', 'topErrors', 'slowestOperations', 'coverage', 'anomalies', 'recommendations'],
  properties: {
    window: { type: 'object', properties: { from: nullable('integer'), to: nullable('integer'), bucketMs: int } },
    summary: {
      type: 'object',
      properties: {
        requests: int,
        errors: { type: 'integer', description: 'status >= 400' },
        errorRate: { type: 'number' },
        throughputPerSecond: { type: 'number' },
        latencyMs: Percentiles,
        firstRequestAt: nullable('integer'),
        lastRequestAt: nullable('integer'),
      },
    },
    groupBy: { enum: ['operation', 'status', 'method', 'session', 'minute'] },
    groups: { type: 'array', items: { type: 'object', properties: { key: { type: ['string', 'integer', 'null'] }, requests: int, errors: int, errorRate: { type: 'number' }, latencyMs: Percentiles } } },
    timeline: { type: 'array', description: 'At most 120 buckets over the window', items: { type: 'object', properties: { start: int, requests: int, errors: int, avgLatencyMs: { type: 'number' }, maxLatencyMs: int } } },
    topErrors: {
      type: 'array',
      items: { type: 'object', properties: { operationId: nullable('string'), method: str, status: int, count: int, lastSeen: int, sampleIds: { type: 'array', maxItems: 3, items: str } } },
    },
    slowestOperations: { type: 'array', items: { type: 'object', properties: { operationId: nullable('string'), method: str, requests: int, latencyMs: Percentiles } } },
    coverage: {
      type: 'object',
      description: 'Against the plan being served: operations and declared statuses the window never exercised',
      properties: {
        planVersion: nullable('string'),
        operations: { type: 'object', properties: { total: int, exercised: int, ratio: { type: 'number' } } },
        responses: { type: 'object', properties: { total: int, exercised: int, ratio: { type: 'number' } } },
        unexercisedOperations: { type: 'array', items: { type: 'object', properties: { operationId: str, method: str, path: str } } },
        unexercisedStatuses: { type: 'array', items: { type: 'object', properties: { operationId: str, statuses: { type: 'array', items: str } } } },
        undeclaredStatuses: { type: 'array', description: 'Statuses served that the operation does not declare', items: { type: 'object', properties: { operationId: str, status: int, count: int } } },
        more: { type: 'object', description: 'How many items each list left out', additionalProperties: int },
      },
    },
    anomalies: {
      type: 'array',
      items: {
        type: 'object',
        properties: { kind: { enum: ['error-spike', 'latency-spike', 'traffic-spike'] }, start: int, end: int, value: { type: 'number' }, baseline: { type: 'number' }, detail: str },
      },
    },
    recommendations: { type: 'array', maxItems: 8, items: str },
    more: { type: 'object', description: 'How many items each bounded list left out', properties: { groups: int, topErrors: int, slowestOperations: int } },
  },
};

const filtered = (extra: object[] = []) => [...LOG_FILTER_PARAMETERS, ...extra];

export const LOGS_OPENAPI_PATHS = {
  '/api/sessions': {
    get: {
      operationId: 'listSessions',
      summary: 'Test sessions, newest first, with their counts (sessions seen only in traffic are listed with origin "traffic")',
      parameters: [
        q('limit', 'Page size', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
        q('offset', 'Rows to skip', { type: 'integer', minimum: 0, default: 0 }),
        q('state', 'Only active or ended sessions', { enum: ['active', 'ended'] }),
        q('origin', 'Only sessions created through the API, or seen only in traffic', { enum: ['api', 'traffic'] }),
      ],
      responses: { '200': json('A page of sessions', { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: ref('Session') }, total: int } }), ...badQuery, ...unauthorized },
    },
    post: {
      operationId: 'createSession',
      summary: 'Create a test session; requests join it with the header X-Test-Session: <id>. Creating an id already seen in traffic claims it (claimed: true).',
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: { id: { type: 'string', pattern: SESSION_ID_PATTERN, description: 'Minted (a ULID) when absent' }, name: { type: 'string', maxLength: 200 }, metadata: { type: 'object', description: 'Any JSON object up to 16 KiB' } },
            },
          },
        },
      },
      responses: {
        '201': json('Created', { allOf: [ref('SessionDetail'), { type: 'object', properties: { claimed: { type: 'boolean' }, header: { type: 'object' } } }] }),
        '400': problemOf('The body is not JSON'),
        '409': problemOf('A session with this id was already created through the API'),
        '413': problemOf('Body too large'),
        '422': problemOf('A field is not valid; `errors[].location` names it (body/<name>)'),
        ...unauthorized,
      },
    },
  },
  '/api/sessions/{id}': {
    get: {
      operationId: 'getSession',
      summary: 'One session with its counts: requests, success rate, duration, statuses, operations',
      parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
      responses: { '200': json('The session', ref('SessionDetail')), '404': problemOf('No such session'), ...unauthorized },
    },
  },
  '/api/sessions/{id}/end': {
    post: {
      operationId: 'endSession',
      summary: 'End a session (its requests stay; later requests with its id are still logged and counted)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
      responses: { '200': json('The ended session', ref('SessionDetail')), '404': problemOf('No such session'), '409': problemOf('Already ended'), ...unauthorized },
    },
  },
  '/api/logs/search': {
    get: {
      operationId: 'searchLogs',
      summary: 'Search the request log: newest first, with the total and highlighted matches',
      parameters: filtered([
        q('limit', 'Page size', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
        q('offset', 'Rows to skip', { type: 'integer', minimum: 0, maximum: 1000000, default: 0 }),
      ]),
      responses: {
        '200': json('A page of matching requests', { type: 'object', required: ['total', 'items'], properties: { total: int, limit: int, offset: int, items: { type: 'array', items: ref('LogSummary') } } }),
        ...badQuery,
        ...unauthorized,
      },
    },
  },
  '/api/logs/{id}': {
    get: {
      operationId: 'getLog',
      summary: 'One whole exchange: request and response headers and bodies, validation errors',
      parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
      responses: { '200': json('The exchange', ref('RequestLog')), '404': problemOf('No such request'), ...unauthorized },
    },
  },
  '/api/logs/analyze': {
    get: {
      operationId: 'analyzeLogs',
      summary: 'Figures over a time window: counts, error rate, latency percentiles, throughput, top errors, slowest operations, spec coverage, anomalies, recommendations',
      parameters: filtered([
        q('group_by', 'How `groups` is keyed', { enum: ['operation', 'status', 'method', 'session', 'minute'], default: 'operation' }),
        q('top', 'Length of each bounded list', { type: 'integer', minimum: 1, maximum: 50, default: 10 }),
      ]),
      responses: { '200': json('The analysis', ref('Analysis')), ...badQuery, ...unauthorized },
    },
  },
  '/api/testing/report': {
    get: {
      operationId: 'getTestReport',
      summary: "A session's report: traffic, coverage, errors, latency. HTML is one self-contained page with inline SVG charts; CSV has one row per operation.",
      parameters: [
        { name: 'session_id', in: 'query', required: true, schema: str },
        q('format', 'Report format', { enum: ['json', 'html', 'csv'], default: 'json' }),
      ],
      responses: {
        '200': {
          description: 'The report',
          content: { 'application/json': { schema: { type: 'object' } }, 'text/html': { schema: str }, 'text/csv': { schema: str } },
        },
        ...badQuery,
        '404': problemOf('No such session'),
        ...unauthorized,
      },
    },
  },
  '/api/stats': {
    get: {
      operationId: 'getStats',
      summary: 'Totals for a dashboard: requests, errors, latency percentiles, rates over the last minute and hour, sessions',
      responses: { '200': json('The figures', { type: 'object' }), ...unauthorized },
    },
  },
  '/api/export': {
    get: {
      operationId: 'exportLogs',
      summary: 'The request log (filtered like search), oldest first, streamed: NDJSON (one RequestLog per line), CSV, or HAR 1.2',
      parameters: filtered([
        q('format', 'Export format', { enum: ['ndjson', 'csv', 'har'], default: 'ndjson' }),
        q('limit', 'At most this many requests (default: all)', { type: 'integer', minimum: 1 }),
      ]),
      responses: {
        '200': {
          description: 'The requests',
          content: { 'application/x-ndjson': { schema: str }, 'text/csv': { schema: str }, 'application/json': { schema: { type: 'object', description: 'HAR 1.2: { log: { version, creator, entries } }' } } },
        },
        ...badQuery,
        ...unauthorized,
      },
    },
  },
  '/api/debug': {
    get: {
      operationId: 'getDebug',
      summary: 'Plan version, settings and state sizes (log rows, stored texts, sessions, plans)',
      responses: { '200': json('Diagnostics', { type: 'object' }), ...unauthorized },
    },
  },
};

export const LOGS_OPENAPI_SCHEMAS = { LogSummary, Session, SessionDetail, Analysis, Percentiles };
