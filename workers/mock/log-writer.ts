/**
 * The request-log pipeline: records gather in an isolate-local batch that is written to D1 in one
 * round trip (see src/db/logs.ts). The request that opens a batch owns it: it alone keeps the
 * batch alive with `ctx.waitUntil` and writes it, either when the batch is full or when its window
 * closes. Other requests only append, so no request ever awaits another's I/O (workerd forbids
 * that) and no response waits for a write. A failed write is retried before it is given up with
 * an error in the worker's log.
 *
 * The window adapts to the traffic: LOG_BATCH_MS (20 ms) up to about 1,000 requests/s, growing
 * with the arrival rate under heavier load (200 ms at 10,000/s), capped at LOG_BATCH_MAX_MS
 * (250 ms). Each D1 call has a fixed cost (three isolate hops and a statement locally), so under
 * load fewer, larger batches leave more of the CPU to serving; when traffic is light, rows still
 * land within 20 ms.
 *
 * The backlog is bounded (decision 0014): past LOG_MAX_UNWRITTEN rows (default 5,000) of answered
 * requests not yet in D1, the request that crosses the bound writes the open batch and its
 * response waits for that write. A write that fails after its retries (D1 full or down) is counted
 * in the mock's MockState DO as dropped rows; the mock keeps answering.
 */
import { insertLogs, MAX_TRAFFIC_SESSIONS } from '../../src/db/logs';
import { adaptWindow } from '../../src/logs/batch-window';
import type { RequestLogRecord } from '../../src/logs/record';
import { createTextKeys } from '../../src/logs/text-keys';
import type { Env } from './env';
import { mockStateStub } from './mock-state';

const RETRIES = 4;

interface Batch {
  rows: RequestLogRecord[];
  /** Taken for writing (full, or flushed by a request over the backlog bound): its timer writes nothing. */
  taken: boolean;
}

let open: Batch | null = null;
/** The window the next batch gets, from the arrival rate of the last one. */
let nextWindowMs = -1;
/** Rows of answered requests not yet committed to D1 (open batch and writes in flight). */
let unwritten = 0;
const textKeys = createTextKeys();

/**
 * Queues a request's log row. Returns null, or, when more than LOG_MAX_UNWRITTEN rows of answered
 * requests are not yet in D1, the write of the open batch: the caller awaits it before its
 * response goes out, so the rows a crash can lose stay bounded (decision 0014).
 */
export function enqueueLog(env: Env, ctx: ExecutionContext, record: RequestLogRecord): Promise<void> | null {
  const maxRows = Number(env.LOG_BATCH_ROWS ?? 2000) || 2000;
  const minMs = Number(env.LOG_BATCH_MS ?? 20);
  const maxMs = Math.max(minMs, Number(env.LOG_BATCH_MAX_MS ?? 250));
  const maxUnwritten = Number(env.LOG_MAX_UNWRITTEN ?? 5000) || 5000;
  unwritten++;
  if (open !== null) {
    const batch = open;
    batch.rows.push(record);
    if (batch.rows.length >= maxRows || unwritten > maxUnwritten) {
      // Full, or the backlog is over its bound: this request writes the batch now.
      batch.taken = true;
      open = null;
      const written = write(env, ctx, batch.rows);
      ctx.waitUntil(written);
      return unwritten > maxUnwritten ? written : null;
    }
    return null;
  }
  const batch: Batch = { rows: [record], taken: false };
  if (maxRows <= 1 || unwritten > maxUnwritten) {
    const written = write(env, ctx, batch.rows);
    ctx.waitUntil(written);
    return unwritten > maxUnwritten ? written : null;
  }
  open = batch;
  const waitMs = nextWindowMs < 0 ? minMs : nextWindowMs;
  const opened = Date.now();
  ctx.waitUntil(
    new Promise<void>((resolve) => setTimeout(resolve, waitMs)).then(() => {
      if (open === batch) open = null;
      nextWindowMs = adaptWindow(batch.rows.length, Date.now() - opened, minMs, maxMs);
      // A batch taken by a request (full, or flushed) is written by that request, not here.
      if (batch.taken) return undefined;
      batch.taken = true;
      return write(env, ctx, batch.rows);
    }),
  );
  return null;
}

async function write(env: Env, ctx: ExecutionContext, batch: RequestLogRecord[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await insertLogs(env.DB, batch, textKeys, Number(env.MAX_TRAFFIC_SESSIONS ?? MAX_TRAFFIC_SESSIONS) || MAX_TRAFFIC_SESSIONS);
      unwritten -= batch.length;
      if (outcome.sessionsRefused > 0) ctx.waitUntil(count(env, { sessionsNotRecorded: outcome.sessionsRefused, at: Date.now() }));
      return;
    } catch (error) {
      if (attempt >= RETRIES) {
        unwritten -= batch.length;
        // D1 full or failing: the mock keeps answering; the rows are counted as dropped (GET /api/stats).
        console.error(`mockloop: ${batch.length} request-log rows could not be written to D1`, error);
        await count(env, { droppedRows: batch.length, error: error instanceof Error ? error.message : String(error), at: Date.now() });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

async function count(env: Env, delta: Parameters<ReturnType<typeof mockStateStub>['addLogCounters']>[0]): Promise<void> {
  try {
    await mockStateStub(env).addLogCounters(delta);
  } catch (error) {
    console.error('mockloop: log counters could not be updated', error);
  }
}
