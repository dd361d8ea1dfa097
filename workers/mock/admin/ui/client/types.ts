/** Shapes the admin API answers, as the page reads them. */
import type { RequestLogRecord } from '../../../../../src/logs/record';
import type { LogSummary } from '../../../../../src/logs/summary';

// The server's own types for what it answers: one definition, checked on both sides.
export type { Analysis, Percentiles } from '../../../../../src/logs/analysis';
export type { Highlight } from '../../../../../src/logs/highlight';
export type { LogSummary };

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

