/**
 * D1 schema (drizzle). Migrations in migrations/ are generated from this file by drizzle-kit
 * (`npm run db:generate`) and applied by wrangler, or by the local runtime in the same way.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per mock: which plan version it serves. */
export const mocks = sqliteTable('mocks', {
  name: text('name').primaryKey(),
  currentVersion: text('current_version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Every plan version a mock has served; the body lives in plan_chunks (a plan can exceed D1's 2 MB value limit). */
export const plans = sqliteTable(
  'plans',
  {
    mock: text('mock').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    specVersion: text('spec_version').notNull(),
    operationCount: integer('operation_count').notNull(),
    warningCount: integer('warning_count').notNull(),
    size: integer('size').notNull(),
    chunkCount: integer('chunk_count').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mock, t.version] })],
);

export const planChunks = sqliteTable(
  'plan_chunks',
  {
    mock: text('mock').notNull(),
    version: text('version').notNull(),
    seq: integer('seq').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mock, t.version, t.seq] })],
);

/**
 * The request log: one row per request to a mock origin. Admin traffic is never written here.
 * Every query is per mock, so the primary key (mock, id) also serves newest-first paging. A mock
 * sends the same static response again and again, so a long response body and the response's
 * header set (with its X-Correlation-Id left blank, the row has it) live once in log_texts and
 * the row keeps their keys (see src/db/logs.ts).
 */
export const requestLogs = sqliteTable(
  'request_logs',
  {
    /** ULID: sortable by time. */
    id: text('id').notNull(),
    mock: text('mock').notNull(),
    planVersion: text('plan_version').notNull(),
    /** Epoch milliseconds. */
    ts: integer('ts').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    operationId: text('operation_id'),
    query: text('query').notNull(),
    requestHeaders: text('request_headers').notNull(),
    requestBody: text('request_body'),
    requestBodySize: integer('request_body_size').notNull(),
    status: integer('status').notNull(),
    /** JSON, when not in log_texts under responseHeadersHash. */
    responseHeaders: text('response_headers'),
    responseHeadersHash: text('response_headers_hash'),
    /** The (capped) body, when not in log_texts under responseBodyHash. */
    responseBody: text('response_body'),
    responseBodyHash: text('response_body_hash'),
    responseBodySize: integer('response_body_size').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    clientAddress: text('client_address'),
    userAgent: text('user_agent'),
    sessionId: text('session_id'),
    correlationId: text('correlation_id').notNull(),
    validationErrors: text('validation_errors'),
  },
  (t) => [
    primaryKey({ columns: [t.mock, t.id] }),
    // Time windows; status and latency ride along so a timeline bucket is counted from the index alone.
    index('request_logs_mock_ts').on(t.mock, t.ts, t.status, t.latencyMs),
    // Most requests carry no X-Test-Session: they need no entry (a `session_id = ?` lookup still uses it).
    index('request_logs_mock_session').on(t.mock, t.sessionId).where(sql`${t.sessionId} IS NOT NULL`),
    index('request_logs_mock_correlation').on(t.mock, t.correlationId),
    index('request_logs_mock_status').on(t.mock, t.status),
    // Analysis groups by exactly these columns: in index order it is one pass without a sort.
    // Wider entries, but no extra index to maintain on the write path.
    index('request_logs_mock_operation').on(t.mock, t.operationId, t.method, t.status, t.latencyMs, t.ts),
    // Pruning log_texts when rows are deleted (retention, purge) asks whether any row still uses a text.
    index('request_logs_body_hash').on(t.responseBodyHash).where(sql`${t.responseBodyHash} IS NOT NULL`),
    index('request_logs_headers_hash').on(t.responseHeadersHash).where(sql`${t.responseHeadersHash} IS NOT NULL`),
  ],
);

/** Texts the request log stores once (response bodies, response header sets), by content: the key is a SHA-256 digest of the text. */
export const logTexts = sqliteTable('log_texts', {
  hash: text('hash').primaryKey(),
  text: text('text').notNull(),
});

/**
 * Test sessions of a mock. Requests join one through `X-Test-Session: <id>`. A session is either
 * created through the admin API (origin `api`) or registered by the log writer the first time its
 * id appears in traffic (origin `traffic`, created_at = its first request); creating an id that
 * traffic registered claims it. Counts are never stored here: they come from request_logs.
 */
export const testSessions = sqliteTable(
  'test_sessions',
  {
    mock: text('mock').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    /** JSON object. */
    metadata: text('metadata'),
    origin: text('origin', { enum: ['api', 'traffic'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [primaryKey({ columns: [t.mock, t.id] }), index('test_sessions_mock_created').on(t.mock, t.createdAt)],
);

/**
 * The MCP server's audit log: one row per tool call. Arguments are stored after redaction
 * (src/mcp/redact.ts); tokens never reach this table.
 */
export const mcpAuditLog = sqliteTable(
  'mcp_audit_log',
  {
    /** ULID: sortable by time. */
    id: text('id').primaryKey(),
    /** Epoch milliseconds when the call started. */
    ts: integer('ts').notNull(),
    tool: text('tool').notNull(),
    /** Who called: `token:static`, `oauth:<client id>`, `local-dev`. */
    caller: text('caller').notNull(),
    /** JSON of the redacted arguments. */
    arguments: text('arguments').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** `ok` or `error`. */
    outcome: text('outcome').notNull(),
    /** The problem's title and detail for an error. */
    error: text('error'),
  },
  (t) => [index('mcp_audit_log_ts').on(t.ts), index('mcp_audit_log_tool_ts').on(t.tool, t.ts)],
);

/**
 * Mocks deployed to Cloudflare by the deployer (src/deploy/cloudflare): the registry that
 * `mockloop deployments` lists and `destroy --expired` reads. Local mocks have no row.
 */
export const deployments = sqliteTable(
  'deployments',
  {
    mock: text('mock').primaryKey(),
    /** `workers` (a script of the account) or `dispatch:<namespace>`. */
    target: text('target').notNull(),
    mockUrl: text('mock_url').notNull(),
    adminUrl: text('admin_url').notNull(),
    /** The plan's base path (`/v2`), so `mock_url + base_path` is the API root. */
    basePath: text('base_path').notNull(),
    /** JSON array of the custom hostnames attached to the script (mock and admin). */
    hostnames: text('hostnames').notNull(),
    /** `running` or `stopped` (workers.dev and custom domains detached). */
    status: text('status').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Epoch milliseconds after which `destroy --expired` removes the mock; null: never. */
    expiresAt: integer('expires_at'),
  },
  (t) => [index('deployments_expires').on(t.expiresAt)],
);

/**
 * Test-engine runs (src/testing): load runs, test-plan runs and security-probe runs share one
 * registry. `summary` is a small JSON document (the figures a list shows); the whole result
 * (k6-shaped summary with series, a plan's step results, a probe's findings) lives in
 * test_run_chunks because it can exceed what one D1 value or statement should carry.
 */
export const testRuns = sqliteTable(
  'test_runs',
  {
    /** ULID. */
    id: text('id').primaryKey(),
    /** `load`, `plan` or `probe`. */
    kind: text('kind').notNull(),
    /** The mock the run targets (its name), or null for an allowed external host. */
    mock: text('mock'),
    /** The target's base URL, credentials never included. */
    target: text('target').notNull(),
    /** `queued`, `running`, `passed`, `failed` (a threshold or an expectation broke), `cancelled`, `error`. */
    status: text('status').notNull(),
    /** JSON: the options the run was started with (secrets removed). */
    options: text('options').notNull(),
    /** JSON: headline figures for lists and comparisons. */
    summary: text('summary'),
    /** The schedule that started it, if any. */
    scheduleId: text('schedule_id'),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** Why the run ended in `error` or `cancelled`. */
    reason: text('reason'),
  },
  (t) => [index('test_runs_kind_created').on(t.kind, t.createdAt), index('test_runs_mock_created').on(t.mock, t.createdAt)],
);

export const testRunChunks = sqliteTable(
  'test_run_chunks',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);
