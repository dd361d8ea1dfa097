/** query_audit_log: who called which tool, when, with what (redacted), and how it went. */
import { z } from 'zod';
import { auditQuerySchema } from '../audit';
import { defineTool, done } from '../tool';
import type { ToolDeps } from './deps';

export function queryAuditLog(deps: Pick<ToolDeps, 'audit'>) {
  return defineTool({
    name: 'query_audit_log',
    title: 'Query the audit log',
    description: 'Read the MCP server’s audit log, newest first: every tool call with time, caller, redacted arguments, duration and outcome.',
    input: auditQuerySchema,
    output: z.object({
      entries: z.array(
        z.object({
          id: z.string(),
          time: z.string(),
          tool: z.string(),
          caller: z.string(),
          arguments: z.unknown(),
          duration_ms: z.number(),
          outcome: z.enum(['ok', 'error']),
          error: z.string().nullable(),
        }),
      ),
      total: z.number(),
      offset: z.number(),
      next_offset: z.number().nullable(),
    }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const page = await deps.audit.query(args);
      const entries = page.items.map((e) => ({
        id: e.id,
        time: new Date(e.ts).toISOString(),
        tool: e.tool,
        caller: e.caller,
        arguments: JSON.parse(e.arguments),
        duration_ms: e.durationMs,
        outcome: e.outcome,
        error: e.error,
      }));
      const next = args.offset + entries.length < page.total ? args.offset + entries.length : null;
      const errors = entries.filter((e) => e.outcome === 'error').length;
      return done({ entries, total: page.total, offset: args.offset, next_offset: next }, `${page.total} matching call(s); ${entries.length} on this page, ${errors} of them failed.`);
    },
  });
}
