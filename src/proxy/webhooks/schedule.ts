/**
 * The retry schedule of a delivery and what one attempt's outcome means for it. Standard Webhooks
 * suggests immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; a mock keeps the first six
 * retries (about 7.5 hours in all). A setting (`5s,5m,…` or milliseconds) shortens it for tests.
 */

export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];
/** Retries at most, whatever a setting says. */
export const MAX_RETRIES = 10;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5s,5m,30m,2h` → milliseconds; anything unreadable → the default. */
export function parseRetrySchedule(text: string | undefined): readonly number[] {
  if (text === undefined || text.trim() === '') return DEFAULT_RETRY_SCHEDULE_MS;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d{1,9})\s*(ms|s|m|h)?\s*$/.exec(part);
    if (!match) return DEFAULT_RETRY_SCHEDULE_MS;
    out.push(Number(match[1]) * UNITS[match[2] ?? 'ms']);
  }
  return out.slice(0, MAX_RETRIES);
}

export type AttemptVerdict =
  | { state: 'delivered' }
  /** 410 Gone: the receiver asked to stop; its endpoint is disabled. */
  | { state: 'disabled' }
  | { state: 'failed' }
  | { state: 'pending'; nextAt: number };

/**
 * What happens after attempt number `attempt` (1 = the first) answered `status` (null: no
 * answer — timeout, connection error). 2xx delivers; 410 disables; anything else (3xx included:
 * redirects are not followed) is retried while the schedule lasts.
 */
export function verdictOf(status: number | null, attempt: number, now: number, schedule: readonly number[]): AttemptVerdict {
  if (status !== null && status >= 200 && status < 300) return { state: 'delivered' };
  if (status === 410) return { state: 'disabled' };
  const wait = schedule[attempt - 1];
  return wait === undefined ? { state: 'failed' } : { state: 'pending', nextAt: now + wait };
}
