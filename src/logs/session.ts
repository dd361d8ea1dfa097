/** A test session of the request log (X-Test-Session) and its figures: what the admin API, reports and MCP tools show. */

export interface TestSession {
  id: string;
  name: string | null;
  metadata: Record<string, unknown> | null;
  /** `api`: created through the admin API; `traffic`: first seen in an X-Test-Session header. */
  origin: 'api' | 'traffic';
  state: 'active' | 'ended';
  createdAt: number;
  endedAt: number | null;
}

export interface SessionCounts {
  requests: number;
  successes: number;
  errors: number;
  /** successes / requests, null without requests. */
  successRate: number | null;
  firstRequestAt: number | null;
  lastRequestAt: number | null;
  /**
   * From createdAt to endedAt; an active session created through the API runs until now, one seen
   * only in traffic until its last request.
   */
  durationMs: number;
}

export interface SessionDetail extends TestSession, SessionCounts {
  latencyMs: { avg: number | null; max: number | null };
  statuses: Array<{ status: number; count: number }>;
  operations: Array<{ operationId: string | null; method: string; count: number; errors: number }>;
}
