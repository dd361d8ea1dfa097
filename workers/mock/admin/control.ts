/**
 * POST /api/server/control: reload the plan and state, reset steering state and records (all, or
 * one session's), delete the request log (all, or one session's), pause and resume the mock.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { deleteLogs } from '../../../src/db/logs';
import { sessionIdSchema } from '../../../src/scenarios';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { adopt, forget, served } from '../plan-cache';
import { ADMIN_INVALID, problemResponse, zodItems } from './problems';
import { readJson } from './read-json';

const controlBody = z
  .strictObject({
    action: z.enum(['reload-config', 'reset-state', 'reset-logs', 'pause', 'resume']),
    /** reset-state and reset-logs: only this session's state or log. */
    session_id: sessionIdSchema.optional(),
  })
  .refine((b) => b.session_id === undefined || b.action === 'reset-state' || b.action === 'reset-logs', {
    message: 'session_id applies to reset-state and reset-logs only',
    path: ['session_id'],
  });

export function registerControlRoutes(app: Hono<{ Bindings: Env }>): void {
  app.post('/api/server/control', async (c) => {
    const body = await readJson(c.req.raw, 4096);
    if (!body.ok) return body.response;
    const parsed = controlBody.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a control action.', zodItems(parsed.error, 'body'));
    const { action, session_id } = parsed.data;
    const session = session_id ?? null;
    if (action === 'reset-logs') {
      const deleted = await deleteLogs(c.env.DB, c.env.MOCK_ID, session_id);
      return c.json({ action, session_id: session, deleted });
    }
    if (action === 'reload-config') {
      forget();
      const { runtime, steering } = await served(c.env);
      return c.json({ action, planVersion: runtime?.plan.version ?? null, stateVersion: steering?.version ?? null });
    }
    const outcome = await mockStateStub(c.env).control(action, session);
    if (!outcome.ok) return problemResponse(ADMIN_INVALID, outcome.detail);
    await adopt(c.env, outcome.snapshot);
    return c.json({
      action,
      session_id: session,
      paused: outcome.snapshot.steering.state.paused,
      ...(action === 'reset-state' ? { records_deleted: outcome.cleared ?? 0 } : {}),
    });
  });
}
