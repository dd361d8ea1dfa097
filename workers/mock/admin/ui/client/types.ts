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
