/**
 * How long a request-log batch stays open. Each D1 call has a fixed cost (locally three isolate
 * hops and a statement), so under heavy load fewer, larger batches leave more CPU to serving;
 * under light load a short window keeps the log close to real time.
 */

/** Milliseconds of window per request/ms of arrival rate: 20 ms at 1,000 requests/s, 200 ms at 10,000/s. */
const WINDOW_PER_RATE = 20;

/** The window for the next batch, from the last one: `rows` arrived in `elapsedMs`. */
export function adaptWindow(rows: number, elapsedMs: number, minMs: number, maxMs: number): number {
  const perMs = rows / Math.max(elapsedMs, 1);
  return Math.min(maxMs, Math.max(minMs, Math.round(perMs * WINDOW_PER_RATE)));
}
