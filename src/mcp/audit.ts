/** The audit log's record and query, as the tools see them (stored in D1 by src/db/audit.ts). */
import { z } from 'zod';

/** Who is calling, as established by the worker's auth (never the credential itself). */
export interface Caller {
  /** `token:static`, `oauth:<client id>`, `local-dev`. */
  id: string;
}

export interface AuditEntry {
  ts: number;
  tool: string;
  caller: string;
  /** JSON of the redacted arguments. */
  arguments: string;
  durationMs: number;
  outcome: 'ok' | 'error';
  error: string | null;
}

export interface StoredAuditEntry extends AuditEntry {
  id: string;
}

export const auditQuerySchema = z.strictObject({
  tool: z.string().min(1).optional().describe('Only calls of this tool.'),
  caller: z.string().min(1).optional().describe('Only calls by this caller (e.g. "token:static", "oauth:<client id>").'),
  outcome: z.enum(['ok', 'error']).optional().describe('Only successful calls, or only failed ones.'),
  time_from: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 time: calls at or after it.'),
  time_to: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 time: calls before it.'),
  limit: z.number().int().min(1).max(25).default(10).describe('Entries per page (newest first), at most 25.'),
  offset: z.number().int().min(0).default(0).describe('Entries to skip, for paging.'),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditPage {
  items: StoredAuditEntry[];
  total: number;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  query(query: AuditQuery): Promise<AuditPage>;
}
