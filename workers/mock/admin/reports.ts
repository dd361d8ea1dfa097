/** Admin routes: a session's test report, dashboard stats and diagnostics. */
import { settingsView } from '../upstream';
import { logs } from '../../../src/admin-api';
import { analyzeLogs } from '../../../src/db/analysis';
import { getSession } from '../../../src/db/sessions';
import { logStats, storageSizes } from '../../../src/db/stats';
import { buildReport, reportCsv, reportHtml } from '../../../src/logs/report';
import { mockStateStub } from '../mock-state';
import { servedPlan } from './logs';
import { type AdminApp, answer, mount } from './mount';
import { refreshPlannerStats } from './planner-stats';
import { ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseQuery } from './validate';

/** Lists in a report are longer than in an analysis: a report is read whole, not by an assistant in a loop. */
const REPORT_TOP = 50;

export function registerReportRoutes(app: AdminApp): void {
  mount(app, logs.getTestReport, async (c) => {
    refreshPlannerStats(c.env, c.executionCtx);
    const query = parseQuery(logs.getTestReport.query, c.req.raw);
    if (query instanceof Response) return query;
    const now = Date.now();
    const session = await getSession(c.env.DB, c.env.MOCK_ID, query.session_id, now);
    if (session === null) return problemResponse(ADMIN_NOT_FOUND, `No session "${query.session_id}".`, [{ location: 'query/session_id', message: 'no such session' }]);
    const plan = await servedPlan(c.env);
    const outcome = await analyzeLogs(c.env.DB, c.env.MOCK_ID, { filter: { sessionId: session.id }, groupBy: 'operation', top: REPORT_TOP, plan });
    if (!outcome.ok) throw new Error(outcome.reason);
    const report = buildReport({ mock: c.env.MOCK_ID, session, analysis: outcome.analysis, cells: outcome.cells, plan, now });
    const file = `${c.env.MOCK_ID}-${session.id}-report`;
    if (query.format === 'html') return c.html(reportHtml(report));
    if (query.format === 'csv') return c.body(reportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` });
    return answer(logs.getTestReport, report);
  });

  mount(app, logs.getStats, async (c) => {
    // What the log could not keep (dropped rows when D1 is full, session ids not recorded) comes from the DO, which works without D1.
    const logging = await mockStateStub(c.env).logCounters();
    return answer(logs.getStats, { mock: c.env.MOCK_ID, generatedAt: new Date().toISOString(), ...(await logStats(c.env.DB, c.env.MOCK_ID, Date.now())), logging });
  });

  mount(app, logs.getDebug, async (c) => {
    const [state, storage] = await Promise.all([mockStateStub(c.env).snapshot(), storageSizes(c.env.DB, c.env.MOCK_ID)]);
    return answer(logs.getDebug, {
      mock: c.env.MOCK_ID,
      planVersion: state.planVersion,
      settings: settingsView(state.settings),
      storage,
      logWriter: { batchRows: c.env.LOG_BATCH_ROWS ?? null, batchMs: c.env.LOG_BATCH_MS ?? null, batchMaxMs: c.env.LOG_BATCH_MAX_MS ?? null },
    });
  });
}
