/** Admin routes of test sessions: /api/sessions. Requests join a session through `X-Test-Session: <id>`. */
import type { Hono } from 'hono';
import { z } from 'zod';
import { createSession, endSession, getSession, listSessions } from '../../../src/db/sessions';
import { createUlidFactory } from '../../../src/logs/ulid';
import { problemType } from '../../../src/problem';
import type { Env } from '../env';
import { ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseJsonBody, parseQuery } from './validate';

const ADMIN_SESSION_CONFLICT = problemType('admin-session-conflict', 'The session is not in a state that allows this', 409);

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

export const SESSION_ID_PATTERN = '^[A-Za-z0-9._:~-]{1,128}$';
const sessionId = z.string().regex(new RegExp(SESSION_ID_PATTERN), 'letters, digits and . _ : ~ - only, 1 to 128 characters');

const createBody = z
  .object({
    id: sessionId.optional(),
    name: z.string().min(1).max(200).optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .refine((m) => JSON.stringify(m).length <= 16 * 1024, 'at most 16 KiB of JSON')
      .optional(),
  })
  .strict();

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
    state: z.enum(['active', 'ended']).optional(),
    origin: z.enum(['api', 'traffic']).optional(),
  })
  .strict();

export function registerSessionRoutes(app: Hono<{ Bindings: Env }>): void {
  app.post('/api/sessions', async (c) => {
    const body = await parseJsonBody(createBody, c.req.raw);
    if (body instanceof Response) return body;
    const now = Date.now();
    const outcome = await createSession(c.env.DB, c.env.MOCK_ID, { ...body, id: body.id ?? ulid(now) }, now);
    if (!outcome.ok) return problemResponse(ADMIN_SESSION_CONFLICT, `Session "${outcome.existing.id}" already exists.`, [{ location: 'body/id', message: 'already used by a session created through the API' }]);
    const detail = await getSession(c.env.DB, c.env.MOCK_ID, outcome.session.id, now);
    return c.json({ ...detail, claimed: outcome.claimed, header: { 'X-Test-Session': outcome.session.id } }, 201, { location: `/api/sessions/${encodeURIComponent(outcome.session.id)}` });
  });

  app.get('/api/sessions', async (c) => {
    const query = parseQuery(listQuery, c.req.raw);
    if (query instanceof Response) return query;
    return c.json(await listSessions(c.env.DB, c.env.MOCK_ID, query, Date.now()));
  });

  app.get('/api/sessions/:id', async (c) => {
    const detail = await getSession(c.env.DB, c.env.MOCK_ID, c.req.param('id'), Date.now());
    return detail === null ? problemResponse(ADMIN_NOT_FOUND, `No session "${c.req.param('id')}": create it with POST /api/sessions or send a request with X-Test-Session.`) : c.json(detail);
  });

  app.post('/api/sessions/:id/end', async (c) => {
    const id = c.req.param('id');
    const now = Date.now();
    const outcome = await endSession(c.env.DB, c.env.MOCK_ID, id, now);
    if (!outcome.ok) {
      return outcome.reason === 'not-found'
        ? problemResponse(ADMIN_NOT_FOUND, `No session "${id}".`)
        : problemResponse(ADMIN_SESSION_CONFLICT, `Session "${id}" already ended at ${new Date(outcome.session?.endedAt ?? 0).toISOString()}.`);
    }
    return c.json(await getSession(c.env.DB, c.env.MOCK_ID, id, now));
  });
}
