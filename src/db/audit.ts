/** The MCP audit log in D1. */
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { AuditEntry, AuditPage, AuditQuery } from '../mcp/audit';
import { mcpAuditLog } from './schema';

export async function insertAuditEntry(db: D1Database, id: string, entry: AuditEntry): Promise<void> {
  await drizzle(db).insert(mcpAuditLog).values({ id, ...entry });
}

export async function queryAuditLog(db: D1Database, query: AuditQuery): Promise<AuditPage> {
  const conditions: SQL[] = [];
  if (query.tool) conditions.push(eq(mcpAuditLog.tool, query.tool));
  if (query.caller) conditions.push(eq(mcpAuditLog.caller, query.caller));
  if (query.outcome) conditions.push(eq(mcpAuditLog.outcome, query.outcome));
  if (query.time_from) conditions.push(gte(mcpAuditLog.ts, Date.parse(query.time_from)));
  if (query.time_to) conditions.push(lt(mcpAuditLog.ts, Date.parse(query.time_to)));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const orm = drizzle(db);
  const [rows, totals] = await orm.batch([
    orm.select().from(mcpAuditLog).where(where).orderBy(desc(mcpAuditLog.id)).limit(query.limit).offset(query.offset),
    orm.select({ total: count() }).from(mcpAuditLog).where(where),
  ]);
  return {
    // SAFETY: outcome is only ever written as 'ok' or 'error' (AuditEntry).
    items: rows.map((row) => ({ ...row, outcome: row.outcome as 'ok' | 'error' })),
    total: totals[0]?.total ?? 0,
  };
}
