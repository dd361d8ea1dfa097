/** Admin routes of test sessions: /api/sessions. Requests join a session through `X-Test-Session: <id>`. */
import { sessions } from '../../../src/admin-api';
import { createSession, endSession, getSession, listSessions } from '../../../src/db/sessions';
import { createUlidFactory } from '../../../src/logs/ulid';
import { problemType } from '../../../src/problem';
import { type AdminApp, answer, mount, pathParam } from './mount';
import { ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseJsonBody, parseQuery } from './validate';

const ADMIN_SESSION_CONFLICT = problemType('admin-session-conflict', 'The session is not in a state that allows this', 409);

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

export function registerSessionRoutes(app: AdminApp): void {
  mount(app, sessions.createSession, async (c) => {
    const body = await parseJsonBody(sessions.createSession.body.schema, c.req.raw);
    if (body instanceof Response) return body;
    const now = Date.now();
    const outcome = await createSession(c.env.DB, c.env.MOCK_ID, { ...body, id: body.id ?? ulid(now) }, now);
    if (!outcome.ok) return problemResponse(ADMIN_SESSION_CONFLICT, `Session "${outcome.existing.id}" already exists.`, [{ location: 'body/id', message: 'already used by a session created through the API' }]);
    const detail = await getSession(c.env.DB, c.env.MOCK_ID, outcome.session.id, now);
    if (detail === null) throw new Error(`Session "${outcome.session.id}" vanished right after it was created.`);
    return answer(sessions.createSession, { ...detail, claimed: outcome.claimed, header: { 'X-Test-Session': outcome.session.id } }, '201', {
      location: `/api/sessions/${encodeURIComponent(outcome.session.id)}`,
    });
  });

  mount(app, sessions.listSessions, async (c) => {
    const query = parseQuery(sessions.listSessions.query, c.req.raw);
    if (query instanceof Response) return query;
    return answer(sessions.listSessions, await listSessions(c.env.DB, c.env.MOCK_ID, query, Date.now()));
  });

  mount(app, sessions.getSession, async (c) => {
    const detail = await getSession(c.env.DB, c.env.MOCK_ID, pathParam(c, 'id'), Date.now());
    return detail === null
      ? problemResponse(ADMIN_NOT_FOUND, `No session "${pathParam(c, 'id')}": create it with POST /api/sessions or send a request with X-Test-Session.`)
      : answer(sessions.getSession, detail);
  });

  mount(app, sessions.endSession, async (c) => {
    const id = pathParam(c, 'id');
    const now = Date.now();
    const outcome = await endSession(c.env.DB, c.env.MOCK_ID, id, now);
    if (!outcome.ok) {
      return outcome.reason === 'not-found'
        ? problemResponse(ADMIN_NOT_FOUND, `No session "${id}".`)
        : problemResponse(ADMIN_SESSION_CONFLICT, `Session "${id}" already ended at ${new Date(outcome.session?.endedAt ?? 0).toISOString()}.`);
    }
    const detail = await getSession(c.env.DB, c.env.MOCK_ID, id, now);
    return detail === null ? problemResponse(ADMIN_NOT_FOUND, `No session "${id}".`) : answer(sessions.endSession, detail);
  });
}
