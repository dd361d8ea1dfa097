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
 */
import { insertLogs } from '../../src/db/logs';
import { adaptWindow } from '../../src/logs/batch-window';
import { createTextKeys } from '../../src/logs/text-keys';
import type { RequestLogRecord } from '../../src/logs/record';
import type { Env } from './env';

const RETRIES = 4;

let open: RequestLogRecord[] | null = null;
/** The window the next batch gets, from the arrival rate of the last one. */
let nextWindowMs = -1;
const textKeys = createTextKeys();

export function enqueueLog(env: Env, ctx: ExecutionContext, record: RequestLogRecord): void {
  const maxRows = Number(env.LOG_BATCH_ROWS ?? 2000) || 2000;
  const minMs = Number(env.LOG_BATCH_MS ?? 20);
  const maxMs = Math.max(minMs, Number(env.LOG_BATCH_MAX_MS ?? 250));
  if (open !== null) {
    open.push(record);
    if (open.length >= maxRows) {
      // Full: this request writes it now; the owner's timer will find it already taken.
      const full = open;
      open = null;
      ctx.waitUntil(write(env, full));
    }
    return;
  }
  const batch = [record];
  open = batch;
  if (maxRows <= 1) {
    open = null;
    ctx.waitUntil(write(env, batch));
    return;
  }
  const waitMs = nextWindowMs < 0 ? minMs : nextWindowMs;
  const opened = Date.now();
  ctx.waitUntil(
    new Promise<void>((resolve) => setTimeout(resolve, waitMs)).then(() => {
      if (open === batch) open = null;
      nextWindowMs = adaptWindow(batch.length, Date.now() - opened, minMs, maxMs);
      // A batch taken by a request that filled it is written by that request, not here.
      return batch.length < maxRows ? write(env, batch) : undefined;
    }),
  );
}

async function write(env: Env, batch: RequestLogRecord[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await insertLogs(env.DB, batch, textKeys);
      return;
    } catch (error) {
      if (attempt >= RETRIES) {
        console.error(`mockloop: ${batch.length} request-log rows could not be written to D1`, error);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
