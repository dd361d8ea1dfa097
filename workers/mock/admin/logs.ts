/** Admin routes over the request log: search and one exchange (analysis, reports and export live beside). */
import { logs } from '../../../src/admin-api';
import { analyzeLogs } from '../../../src/db/analysis';
import { getLog } from '../../../src/db/logs';
import { searchLogs } from '../../../src/db/search';
import type { PlanOperationRef } from '../../../src/logs/analysis';
import { toLogFilter } from '../../../src/logs/filters';
import type { Env } from '../env';
import { served } from '../plan-cache';
import { type AdminApp, answer, mount, pathParam } from './mount';
import { refreshPlannerStats } from './planner-stats';
import { ADMIN_BAD_REQUEST, ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseQuery } from './validate';

export function registerLogRoutes(app: AdminApp): void {
  mount(app, logs.searchLogs, async (c) => {
    refreshPlannerStats(c.env, c.executionCtx);
    const query = parseQuery(logs.searchLogs.query, c.req.raw);
    if (query instanceof Response) return query;
    const filter = toLogFilter(query);
    const outcome = await searchLogs(c.env.DB, c.env.MOCK_ID, filter, query.limit, query.offset);
    if (!outcome.ok) return problemResponse(ADMIN_BAD_REQUEST, outcome.reason, [{ location: 'query/path_regex', message: outcome.reason }]);
    return answer(logs.searchLogs, { total: outcome.total, limit: query.limit, offset: query.offset, items: outcome.items });
  });

  mount(app, logs.analyzeLogs, async (c) => {
    refreshPlannerStats(c.env, c.executionCtx);
    const query = parseQuery(logs.analyzeLogs.query, c.req.raw);
    if (query instanceof Response) return query;
    const outcome = await analyzeLogs(c.env.DB, c.env.MOCK_ID, { filter: toLogFilter(query), groupBy: query.group_by, top: query.top, plan: await servedPlan(c.env) });
    if (!outcome.ok) return problemResponse(ADMIN_BAD_REQUEST, outcome.reason, [{ location: 'query/path_regex', message: outcome.reason }]);
    return answer(logs.analyzeLogs, outcome.analysis);
  });

  mount(
    app,
    logs.getLog,
    async (c) => {
      const log = await getLog(c.env.DB, c.env.MOCK_ID, pathParam(c, 'id').toUpperCase());
      return log === null ? problemResponse(ADMIN_NOT_FOUND, `No logged request "${pathParam(c, 'id')}".`) : answer(logs.getLog, log);
    },
    { id: '[0-9A-Za-z]{1,64}' },
  );
}

/** The operations of the plan being served, for coverage (null before a plan is installed). */
export async function servedPlan(env: Env): Promise<{ version: string; operations: PlanOperationRef[] } | null> {
  const plan = (await served(env)).runtime?.plan;
  if (!plan) return null;
  return { version: plan.version, operations: plan.operations.map((op) => ({ id: op.id, method: op.method, path: op.path, statuses: op.responses.map((r) => r.status) })) };
}
