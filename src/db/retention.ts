/**
 * Retention of a mock's request log: rows older than the policy's age and rows beyond its newest
 * `maxRows` are deleted, a step of DELETE_STEP rows per statement so no statement runs long. Run by
 * the mock's MockState alarm (see workers/mock/retention-alarm.ts). Deployed, every mock of an
 * account shares one D1 database: a bound per mock keeps one busy mock from filling it for all.
 * The response texts the deleted rows used (log_texts) go with them once no row uses them.
 */
import { deleteStep, RETURNING_TEXT_KEYS } from './logs';

export interface RetentionPolicy {
  /** Rows older than this many days are deleted. */
  maxAgeDays: number;
  /** At most this many rows are kept, the newest. */
  maxRows: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxRows: 1_000_000 };

const DELETE_STEP = 5000;
/** Statements one enforcement runs at most; the next alarm continues. */
const MAX_STEPS = 200;
const DAY_MS = 86_400_000;

/** Deletes what the policy no longer keeps; returns how many rows went. */
export async function enforceRetention(db: D1Database, mock: string, policy: RetentionPolicy, now: number): Promise<number> {
  let deleted = 0;
  let steps = 0;
  const cutoff = now - policy.maxAgeDays * DAY_MS;
  const old = db.prepare(`DELETE FROM request_logs WHERE mock = ?1 AND id IN (SELECT id FROM request_logs WHERE mock = ?1 AND ts < ?2 LIMIT ${DELETE_STEP}) ${RETURNING_TEXT_KEYS}`).bind(mock, cutoff);
  while (steps++ < MAX_STEPS) {
    const changes = await deleteStep(db, old);
    deleted += changes;
    if (changes < DELETE_STEP) break;
  }
  // The time of the newest row beyond the cap, read in the (mock, ts) index; rows at or before it go.
  const edge = await db
    .prepare('SELECT ts FROM request_logs INDEXED BY request_logs_mock_ts WHERE mock = ?1 ORDER BY ts DESC LIMIT 1 OFFSET ?2')
    .bind(mock, policy.maxRows)
    .first<{ ts: number }>();
  if (edge === null) return deleted;
  const extra = db.prepare(`DELETE FROM request_logs WHERE mock = ?1 AND id IN (SELECT id FROM request_logs WHERE mock = ?1 AND ts <= ?2 LIMIT ${DELETE_STEP}) ${RETURNING_TEXT_KEYS}`).bind(mock, edge.ts);
  while (steps++ < MAX_STEPS) {
    const changes = await deleteStep(db, extra);
    deleted += changes;
    if (changes < DELETE_STEP) break;
  }
  return deleted;
}

/** Deletes session rows: one session's, or every session of the mock. */
export async function deleteSessions(db: D1Database, mock: string, sessionId?: string): Promise<number> {
  const statement =
    sessionId === undefined
      ? db.prepare('DELETE FROM test_sessions WHERE mock = ?1').bind(mock)
      : db.prepare('DELETE FROM test_sessions WHERE mock = ?1 AND id = ?2').bind(mock, sessionId);
  return (await statement.run()).meta.changes;
}
