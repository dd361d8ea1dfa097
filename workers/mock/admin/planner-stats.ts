/**
 * SQLite plans the log queries better with statistics (ANALYZE): it then knows that `mock` has one
 * value and a correlation id names one row. `PRAGMA optimize` refreshes them only when they are
 * missing or stale, bounded in work; it runs after the response, at most every ten minutes per
 * isolate, and only when someone reads the log: the write path never pays for it.
 */
import type { Env } from '../env';

const EVERY_MS = 10 * 60_000;
let lastRun = 0;

export function refreshPlannerStats(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }): void {
  const now = Date.now();
  if (now - lastRun < EVERY_MS) return;
  lastRun = now;
  ctx.waitUntil(
    env.DB.prepare('PRAGMA optimize')
      .run()
      .then(
        () => undefined,
        (error: unknown) => console.error('mockloop: PRAGMA optimize failed', error),
      ),
  );
}
