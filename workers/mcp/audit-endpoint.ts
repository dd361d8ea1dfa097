/** GET /mcp/audit: the audit log over HTTP, behind the same auth as the MCP endpoint. */
import { z } from 'zod';
import { auditQuerySchema } from '../../src/mcp';
import { problem, problemResponse, problemType } from '../../src/problem';
import { auditLog } from './deps';
import type { Env } from './env';

const AUDIT_BAD_QUERY = problemType('mcp-audit-bad-query', 'The query parameters are not valid', 400);

const querySchema = auditQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function handleAuditRequest(request: Request, env: Env): Promise<Response> {
  if (request.method !== 'GET') return new Response(null, { status: 405, headers: { allow: 'GET' } });
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      location: ['query', ...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? issue.keys : [])].join('/'),
      message: issue.message,
    }));
    return problemResponse(problem(AUDIT_BAD_QUERY, errors.map((e) => `${e.location}: ${e.message}`).join('; '), { errors }));
  }
  const page = await auditLog(env).query(parsed.data);
  return Response.json({ items: page.items.map((e) => ({ ...e, arguments: JSON.parse(e.arguments) })), total: page.total });
}
