/**
 * The request log's retention and personal-data purge (decision 0014):
 * - GET /api/retention: the policy and what the log could not keep (dropped rows, session ids not
 *   recorded, rows removed by retention);
 * - PATCH /api/retention {maxAgeDays?, maxRows?}: changes the policy, enforced within a second and
 *   then hourly by the MockState alarm;
 * - POST /api/purge {session_id?}: deletes everything stored about one test session (its log rows,
 *   its session row, its steering state and stateful records), or about every request of the mock.
 */
import type { Hono } from 'hono';
import { retention } from '../../../src/admin-api/routes';
import { purgeBodySchema, retentionPatchSchema } from '../../../src/admin-api/routes/retention';
import { deleteLogs } from '../../../src/db/logs';
import { deleteSessions } from '../../../src/db/retention';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { adopt } from '../plan-cache';
import { answer, mount } from './mount';
import { ADMIN_INVALID, problemResponse, zodItems } from './problems';
import { readJson } from './read-json';

export function registerRetentionRoutes(app: Hono<{ Bindings: Env }>): void {
  mount(app, retention.getRetention, async (c) => {
    const stub = mockStateStub(c.env);
    const [policy, counters] = await Promise.all([stub.retention(), stub.logCounters()]);
    return answer(retention.getRetention, { policy, counters });
  });

  mount(app, retention.patchRetention, async (c) => {
    const body = await readJson(c.req.raw, 4096);
    if (!body.ok) return body.response;
    const parsed = retentionPatchSchema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a retention patch.', zodItems(parsed.error, 'body'));
    return answer(retention.patchRetention, { policy: await mockStateStub(c.env).setRetention(parsed.data) });
  });

  mount(app, retention.purge, async (c) => {
    const body = await readJson(c.req.raw, 4096);
    if (!body.ok) return body.response;
    const parsed = purgeBodySchema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a purge request.', zodItems(parsed.error, 'body'));
    const session = parsed.data.session_id;
    const rows = await deleteLogs(c.env.DB, c.env.MOCK_ID, session);
    const sessions = await deleteSessions(c.env.DB, c.env.MOCK_ID, session);
    // Steering state and stateful records: the session's, or (for the whole mock) every scope's.
    const outcome = await mockStateStub(c.env).control('reset-state', session ?? null);
    // The whole mock: callback deliveries too (their URLs are made from requests; decision 0021).
    if (session === undefined) await mockStateStub(c.env).clearDeliveries();
    if (outcome.ok) await adopt(c.env, outcome.snapshot);
    return answer(retention.purge, { session_id: session ?? null, log_rows_deleted: rows, sessions_deleted: sessions, records_deleted: outcome.ok ? (outcome.cleared ?? 0) : 0 });
  });
}
