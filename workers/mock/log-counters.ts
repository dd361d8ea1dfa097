/**
 * What the request log could not keep, counted in the mock's MockState DO (its own storage, so
 * the counts survive a full D1): rows dropped after their write failed, new session ids past the
 * cap of sessions made from traffic, and rows removed by the retention policy.
 */
export interface LogCounters {
  droppedRows: number;
  lastDropAt: number | null;
  lastDropError: string | null;
  sessionsNotRecorded: number;
  retentionDeleted: number;
  lastRetentionAt: number | null;
}

export const EMPTY_LOG_COUNTERS: LogCounters = {
  droppedRows: 0,
  lastDropAt: null,
  lastDropError: null,
  sessionsNotRecorded: 0,
  retentionDeleted: 0,
  lastRetentionAt: null,
};

export type LogCounterDelta = Partial<Pick<LogCounters, 'droppedRows' | 'sessionsNotRecorded' | 'retentionDeleted'>> & { error?: string; at: number };

export function addCounters(current: LogCounters, delta: LogCounterDelta): LogCounters {
  const next = { ...current };
  next.sessionsNotRecorded += delta.sessionsNotRecorded ?? 0;
  if (delta.droppedRows) {
    next.droppedRows += delta.droppedRows;
    next.lastDropAt = delta.at;
    next.lastDropError = (delta.error ?? 'unknown').slice(0, 300);
  }
  if (delta.retentionDeleted !== undefined) {
    next.retentionDeleted += delta.retentionDeleted;
    next.lastRetentionAt = delta.at;
  }
  return next;
}
