/** One request as the log search lists it: no headers or bodies (GET /api/logs/{id} has those). */
import type { Highlight } from './highlight';

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
