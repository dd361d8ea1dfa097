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
