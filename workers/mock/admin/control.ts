/**
 * POST /api/server/control: reload the plan and state, reset steering state and records (all, or
 * one session's), delete the request log (all, or one session's), pause and resume the mock.
 */
import { records } from '../../../src/admin-api';
import { deleteLogs } from '../../../src/db/logs';
import { mockStateStub } from '../mock-state';
import { adopt, forget, served } from '../plan-cache';
import { ADMIN_INVALID, problemResponse, zodItems } from './problems';
import { type AdminApp, answer, mount } from './mount';
import { readJson } from './read-json';

export function registerControlRoutes(app: AdminApp): void {
  mount(app, records.controlServer, async (c) => {
    const body = await readJson(c.req.raw, 4096);
    if (!body.ok) return body.response;
    const parsed = records.controlServer.body.schema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a control action.', zodItems(parsed.error, 'body'));
    const { action, session_id } = parsed.data;
    const session = session_id ?? null;
    if (action === 'reset-logs') {
      const deleted = await deleteLogs(c.env.DB, c.env.MOCK_ID, session_id);
      return answer(records.controlServer, { action, session_id: session, deleted });
    }
    if (action === 'reload-config') {
      forget();
      const { runtime, steering } = await served(c.env);
      return answer(records.controlServer, { action, planVersion: runtime?.plan.version ?? null, stateVersion: steering?.version ?? null });
    }
    const outcome = await mockStateStub(c.env).control(action, session);
    if (!outcome.ok) return problemResponse(ADMIN_INVALID, outcome.detail);
    await adopt(c.env, outcome.snapshot);
    return answer(records.controlServer, {
      action,
      session_id: session,
      paused: outcome.snapshot.steering.state.paused,
      ...(action === 'reset-state' ? { records_deleted: outcome.cleared ?? 0 } : {}),
    });
  });
}
