/**
 * Test sessions (table test_sessions, see schema.ts) and their figures, which always come from
 * request_logs: the session index (mock, session_id) keeps those queries to the session's rows.
 * A request counts as a success when its status is below 400.
 */
import type { SessionCounts, SessionDetail, TestSession } from '../logs/session';

interface SessionRow {
  id: string;
  name: string | null;
  metadata: string | null;
  origin: 'api' | 'traffic';
  created_at: number;
  ended_at: number | null;
}

interface CountRow {
  session_id: string;
  requests: number;
  successes: number | null;
  first: number | null;
  last: number | null;
}

function sessionOf(row: SessionRow): TestSession {
  return {
    id: row.id,
    name: row.name,
    // SAFETY: metadata is only written by createSession from a validated JSON object.
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    origin: row.origin,
    state: row.ended_at === null ? 'active' : 'ended',
    createdAt: row.created_at,
    endedAt: row.ended_at,
  };
}

function countsOf(session: TestSession, row: CountRow | undefined, now: number): SessionCounts {
  const requests = row?.requests ?? 0;
  const successes = row?.successes ?? 0;
  const last = row?.last ?? null;
  const end = session.endedAt ?? (session.origin === 'traffic' ? (last ?? session.createdAt) : now);
  return {
    requests,
    successes,
    errors: requests - successes,
    successRate: requests === 0 ? null : Math.round((successes / requests) * 10_000) / 10_000,
    firstRequestAt: row?.first ?? null,
    lastRequestAt: last,
    durationMs: Math.max(0, end - session.createdAt),
  };
}

export type CreateOutcome = { ok: true; session: TestSession; claimed: boolean } | { ok: false; existing: TestSession };

/** Creates a session, or claims one that so far was only seen in traffic. */
export async function createSession(
  db: D1Database,
  mock: string,
  input: { id: string; name?: string; metadata?: Record<string, unknown> },
  now: number,
): Promise<CreateOutcome> {
  const row = await db
    .prepare(
      `INSERT INTO test_sessions (mock, id, name, metadata, origin, created_at) VALUES (?1, ?2, ?3, ?4, 'api', ?5)
       ON CONFLICT (mock, id) DO UPDATE SET name = excluded.name, metadata = excluded.metadata, origin = 'api' WHERE test_sessions.origin = 'traffic'
       RETURNING id, name, metadata, origin, created_at, ended_at, created_at < ?5 AS claimed`,
    )
    .bind(mock, input.id, input.name ?? null, input.metadata === undefined ? null : JSON.stringify(input.metadata), now)
    .first<SessionRow & { claimed: number }>();
  if (row !== null) return { ok: true, session: sessionOf(row), claimed: row.claimed === 1 };
  const existing = await getSessionRow(db, mock, input.id);
  if (existing === null) throw new Error(`Session ${input.id} was neither created nor found`);
  return { ok: false, existing };
}

export type EndOutcome = { ok: true; session: TestSession } | { ok: false; reason: 'not-found' | 'already-ended'; session?: TestSession };

export async function endSession(db: D1Database, mock: string, id: string, now: number): Promise<EndOutcome> {
  const row = await db
    .prepare('UPDATE test_sessions SET ended_at = ?3 WHERE mock = ?1 AND id = ?2 AND ended_at IS NULL RETURNING id, name, metadata, origin, created_at, ended_at')
    .bind(mock, id, now)
    .first<SessionRow>();
  if (row !== null) return { ok: true, session: sessionOf(row) };
  const existing = await getSessionRow(db, mock, id);
  return existing === null ? { ok: false, reason: 'not-found' } : { ok: false, reason: 'already-ended', session: existing };
}

async function getSessionRow(db: D1Database, mock: string, id: string): Promise<TestSession | null> {
  const row = await db.prepare('SELECT id, name, metadata, origin, created_at, ended_at FROM test_sessions WHERE mock = ?1 AND id = ?2').bind(mock, id).first<SessionRow>();
  return row === null ? null : sessionOf(row);
}

/**
 * The last request time a session counts. Once a session has ended, requests that still carry its
 * id are served and logged (a search by session_id finds them) but no longer counted in its figures.
 */
function countedUntil(session: TestSession): number {
  return session.endedAt ?? Number.MAX_SAFE_INTEGER;
}

/** Newest first, each with its counts. */
export async function listSessions(
  db: D1Database,
  mock: string,
  options: { limit: number; offset: number; state?: 'active' | 'ended'; origin?: 'api' | 'traffic' },
  now: number,
): Promise<{ items: Array<TestSession & SessionCounts>; total: number }> {
  const terms = ['mock = ?1'];
  if (options.state === 'active') terms.push('ended_at IS NULL');
  if (options.state === 'ended') terms.push('ended_at IS NOT NULL');
  if (options.origin) terms.push(`origin = '${options.origin === 'api' ? 'api' : 'traffic'}'`);
  const where = terms.join(' AND ');
  const [page, count] = await db.batch([
    db.prepare(`SELECT id, name, metadata, origin, created_at, ended_at FROM test_sessions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3`).bind(mock, options.limit, options.offset),
    db.prepare(`SELECT COUNT(*) AS total FROM test_sessions WHERE ${where}`).bind(mock),
  ]);
  // SAFETY: the SELECT names SessionRow's columns.
  const sessions = (page.results as unknown as SessionRow[]).map(sessionOf);
  const counts = new Map<string, CountRow>();
  if (sessions.length > 0) {
    const rows = await db
      .prepare(
        `SELECT l.session_id, COUNT(*) AS requests, SUM(l.status < 400) AS successes, MIN(l.ts) AS first, MAX(l.ts) AS last
         FROM json_each(?2) AS s JOIN request_logs AS l ON l.mock = ?1 AND l.session_id = s.value ->> 0 AND l.ts <= s.value ->> 1 GROUP BY l.session_id`,
      )
      // An ended session counts only the requests before its end (see countedUntil).
      .bind(mock, JSON.stringify(sessions.map((s) => [s.id, countedUntil(s)])))
      .all<CountRow>();
    for (const row of rows.results) counts.set(row.session_id, row);
  }
  return {
    items: sessions.map((s) => ({ ...s, ...countsOf(s, counts.get(s.id), now) })),
    total: (count.results[0] as { total: number } | undefined)?.total ?? 0,
  };
}

export async function getSession(db: D1Database, mock: string, id: string, now: number): Promise<SessionDetail | null> {
  const session = await getSessionRow(db, mock, id);
  if (session === null) return null;
  const until = countedUntil(session);
  const [totals, statuses, operations] = await db.batch([
    db
      .prepare(
        `SELECT session_id, COUNT(*) AS requests, SUM(status < 400) AS successes, MIN(ts) AS first, MAX(ts) AS last, AVG(latency_ms) AS avg_latency,
         MAX(latency_ms) AS max_latency FROM request_logs WHERE mock = ?1 AND session_id = ?2 AND ts <= ?3`,
      )
      .bind(mock, id, until),
    db.prepare('SELECT status, COUNT(*) AS count FROM request_logs WHERE mock = ?1 AND session_id = ?2 AND ts <= ?3 GROUP BY status ORDER BY status').bind(mock, id, until),
    db
      .prepare(
        `SELECT operation_id AS operationId, method, COUNT(*) AS count, SUM(status >= 400) AS errors FROM request_logs WHERE mock = ?1 AND session_id = ?2 AND ts <= ?3
         GROUP BY operation_id, method ORDER BY count DESC LIMIT 200`,
      )
      .bind(mock, id, until),
  ]);
  const total = totals.results[0] as (CountRow & { avg_latency: number | null; max_latency: number | null }) | undefined;
  return {
    ...session,
    ...countsOf(session, total?.requests ? total : undefined, now),
    latencyMs: { avg: total?.avg_latency == null ? null : Math.round(total.avg_latency * 100) / 100, max: total?.max_latency ?? null },
    // SAFETY: the SELECTs above name these fields.
    statuses: statuses.results as unknown as SessionDetail['statuses'],
    operations: operations.results as unknown as SessionDetail['operations'],
  };
}

/** How many sessions a mock has (for /api/debug). */
export async function countSessions(db: D1Database, mock: string): Promise<number> {
  return (await db.prepare('SELECT COUNT(*) AS n FROM test_sessions WHERE mock = ?1').bind(mock).first<{ n: number }>())?.n ?? 0;
}
