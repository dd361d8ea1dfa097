/**
 * The request-log pipeline: records gather in an isolate-local batch that is written to D1 in one
 * round trip (see src/db/logs.ts). The request that opens a batch owns it: it alone keeps the
 * batch alive with `ctx.waitUntil` and writes it, either when the batch is full or after
 * LOG_BATCH_MS. Other requests only append, so no request ever awaits another's I/O (workerd
 * forbids that) and no response waits for a write. A failed write is retried before it is given up
 * with an error in the worker's log.
 */
import { insertLogs } from '../../src/db/logs';
import { createTextKeys } from '../../src/logs/text-keys';
import type { RequestLogRecord } from '../../src/logs/record';
import type { Env } from './env';

const RETRIES = 4;

let open: RequestLogRecord[] | null = null;
const textKeys = createTextKeys();

export function enqueueLog(env: Env, ctx: ExecutionContext, record: RequestLogRecord): void {
  const maxRows = Number(env.LOG_BATCH_ROWS ?? 500) || 500;
  const waitMs = Number(env.LOG_BATCH_MS ?? 20);
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
  ctx.waitUntil(
    new Promise<void>((resolve) => setTimeout(resolve, waitMs)).then(() => {
      if (open === batch) open = null;
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
