/** Shapes the admin API answers, as the page reads them. */
import type { RequestLogRecord } from '../../../../../src/logs/record';

export type LogEntry = Omit<RequestLogRecord, 'responseHeadersTemplate'>;

export interface LogPage {
  items: LogEntry[];
  total: number;
}

export interface Health {
  status: string;
  mock: string;
  planVersion: string | null;
}

export interface Settings {
  validateRequests: boolean;
  enforceSecurity: boolean;
  cors: boolean;
}

export interface PlanSummary {
  version: string;
  title: string;
  specVersion: string;
  basePath: string;
  operations: Array<{ id: string; method: string; path: string; responses: string[] }>;
  warnings: Array<{ location?: string; message?: string; code?: string }>;
  versions?: Array<{ version: string; createdAt?: number; [key: string]: unknown }>;
}

/** Where a search matched (GET /api/logs/search). */
export interface Highlight {
  field: 'path' | 'query' | 'requestBody' | 'responseBody';
  fragment: string;
  start: number;
  length: number;
}

/** One row of GET /api/logs/search: no headers or bodies (GET /api/logs/{id} has those). */
export interface LogSummary {
  id: string;
  ts: number;
  method: string;
  path: string;
  query: string;
  operationId: string | null;
  status: number;
  latencyMs: number;
  sessionId: string | null;
  correlationId: string;
  requestBodySize: number;
  responseBodySize: number;
  highlights: Highlight[];
}

export interface SearchPage {
  total: number;
  limit: number;
  offset: number;
  items: LogSummary[];
}

/** GET /api/sessions items; GET /api/sessions/{id} adds latency, statuses and operations. */
export interface TestSession {
  id: string;
  name: string | null;
  metadata: Record<string, unknown> | null;
  origin: 'api' | 'traffic';
  state: 'active' | 'ended';
  createdAt: number;
  endedAt: number | null;
  requests: number;
  successes: number;
  errors: number;
  successRate: number | null;
  firstRequestAt: number | null;
  lastRequestAt: number | null;
  durationMs: number;
}

export interface SessionDetail extends TestSession {
  latencyMs: { avg: number | null; max: number | null };
  statuses: Array<{ status: number; count: number }>;
  operations: Array<{ operationId: string | null; method: string; count: number; errors: number }>;
}

export interface SessionPage {
  items: TestSession[];
  total: number;
}

/** GET /api/mock-data/scenarios */
export interface ScenarioList {
  active: string | null;
  session_id: string | null;
  items: Array<{
    name: string;
    description: string | null;
    stateful: boolean;
    rules: number;
    has_default: boolean;
    revision: number;
    active: boolean;
    /** `live` and/or `session <id>`. */
    active_in: string[];
  }>;
}

/** A scenario as stored (GET /api/mock-data/scenarios/{name} adds revision and active_in). */
export interface Scenario {
  name: string;
  description?: string;
  stateful?: boolean;
  default?: Record<string, unknown>;
  rules: Array<Record<string, unknown> & { endpoint: string; method: string }>;
  revision?: number;
  active_in?: string[];
}

export interface ScenarioValidation {
  valid: boolean;
  errors: Array<{ location: string; message: string; code?: string }>;
}

/** GET /api/mock-data/state: what the mock's (or a session's) requests see. */
export interface SteeringStateView {
  paused: boolean;
  version: number;
  session_id: string | null;
  session_isolated: boolean;
  active_scenario: string | null;
  stateful: boolean;
  overrides: Array<Record<string, unknown> & { endpoint: string; method: string; status?: number }>;
  sessions: Array<{ session_id: string; active_scenario: string | null; overrides: number; created_at: number | null }>;
}

/** Latency figures in ms (null without requests). */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  avg: number | null;
}

/** GET /api/logs/analyze */
export interface Analysis {
  window: { from: number | null; to: number | null; bucketMs: number };
  summary: { requests: number; errors: number; errorRate: number; throughputPerSecond: number; latencyMs: Percentiles; firstRequestAt: number | null; lastRequestAt: number | null };
  groupBy: string;
  groups: Array<{ key: string | number | null; requests: number; errors: number; errorRate: number; latencyMs: Percentiles }>;
  timeline: Array<{ start: number; requests: number; errors: number; avgLatencyMs: number; maxLatencyMs: number }>;
  topErrors: Array<{ operationId: string | null; method: string; status: number; count: number; lastSeen: number; sampleIds: string[] }>;
  slowestOperations: Array<{ operationId: string | null; method: string; requests: number; latencyMs: Percentiles }>;
  coverage: {
    planVersion: string | null;
    operations: { total: number; exercised: number; ratio: number | null };
    responses: { total: number; exercised: number; ratio: number | null };
    unexercisedOperations: Array<{ operationId: string; method: string; path: string }>;
    unexercisedStatuses: Array<{ operationId: string; statuses: string[] }>;
    undeclaredStatuses: Array<{ operationId: string; status: number; count: number }>;
    more: { unexercisedOperations: number; unexercisedStatuses: number; undeclaredStatuses: number };
  } | null;
  anomalies: Array<{ kind: string; start: number; end: number; value: number; baseline: number; detail: string }>;
  recommendations: string[];
  more: { groups: number; topErrors: number; slowestOperations: number };
}
