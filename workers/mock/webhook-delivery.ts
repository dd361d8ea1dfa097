/**
 * Sends the due deliveries of the MockState queue (webhook-table.ts): each one signed per
 * Standard Webhooks, with a deadline, no redirects followed, the answer's first bytes kept, and
 * its verdict (src/proxy/webhooks/schedule.ts) stored. Targets pass the address policy first:
 * private, link-local and reserved addresses never; loopback only where the local runtime allows it.
 */
import { urlRefusal } from '../../src/net';
import { parseRetrySchedule, signatureHeaders, verdictOf } from '../../src/proxy/webhooks';
import { type DeliveryRow, disableEndpoint, dueDeliveries, finishUnsent, getEndpoint, recordAttempt } from './webhook-table';

export interface DeliveryBindings {
  /** The retry schedule (`5s,5m,30m,2h,5h,10h`, the default; tests shorten it). */
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** `1` on the local runtime (never on a deployed worker): callbacks and webhooks may reach loopback addresses. */
  MOCKLOOP_LOCAL?: string;
}

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** Bytes of a receiver's answer kept in the attempt log. */
export const EXCERPT_BYTES = 1024;
/** Deliveries sent per alarm run at most (the rest wait for the next run, a moment later). */
const PER_RUN = 20;

/** Sends what is due; returns how many were attempted. */
export async function deliverDue(sql: SqlStorage, bindings: DeliveryBindings, secret: string): Promise<number> {
  const due = dueDeliveries(sql, Date.now(), PER_RUN);
  const schedule = parseRetrySchedule(bindings.WEBHOOK_RETRY_SCHEDULE);
  const policy = { loopback: bindings.MOCKLOOP_LOCAL === '1', private: false };
  await Promise.all(due.map((row) => deliverOne(sql, row, secret, schedule, policy)));
  return due.length;
}

async function deliverOne(sql: SqlStorage, row: DeliveryRow, secret: string, schedule: readonly number[], policy: { loopback: boolean; private: boolean }): Promise<void> {
  const n = row.attempts + 1;
  const started = Date.now();
  if (row.url === null) return finishUnsent(sql, row.id, 'unresolved', row.error ?? 'no URL');
  const endpoint = getEndpoint(sql, row.url);
  if (endpoint?.disabled_at != null) return finishUnsent(sql, row.id, 'refused', `the endpoint was disabled at ${new Date(endpoint.disabled_at).toISOString()}: ${endpoint.disabled_reason ?? ''}`);
  const target = new URL(row.url);
  const refused = urlRefusal(target, policy);
  if (refused !== undefined) {
    const error = `${target.origin}: ${refused}; not sent`;
    return recordAttempt(sql, { delivery_id: row.id, n, at: started, status: null, latency_ms: 0, error, excerpt: null }, 'refused', null, error);
  }
  const body = row.body ?? '';
  const headers: Record<string, string> = {
    'user-agent': 'MockLoop-Webhooks/1',
    ...(row.content_type === null ? {} : { 'content-type': row.content_type }),
    ...(await signatureHeaders(secret, row.id, Math.floor(started / 1000), body)),
  };
  let status: number | null = null;
  let excerpt: string | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(row.url, {
      method: row.method,
      headers,
      body: row.method === 'GET' || row.method === 'HEAD' ? undefined : body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    status = res.status;
    excerpt = await readExcerpt(res);
  } catch (caught) {
    error = caught instanceof Error && caught.name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : `${target.origin} could not be reached: ${caught instanceof Error ? caught.message : String(caught)}`;
  }
  const latency = Date.now() - started;
  const verdict = verdictOf(status, n, Date.now(), schedule);
  const reason = error ?? (verdict.state === 'delivered' ? null : `answered ${status}`);
  if (verdict.state === 'disabled') disableEndpoint(sql, row.url, `answered 410 Gone to delivery ${row.id}`, Date.now());
  recordAttempt(sql, { delivery_id: row.id, n, at: started, status, latency_ms: latency, error, excerpt }, verdict.state, verdict.state === 'pending' ? verdict.nextAt : null, reason);
  // The URL's query may carry the receiver's tokens: the worker log names the origin and path only.
  console.log(`mockloop: ${row.kind} ${row.name} ${row.id} → ${row.method} ${target.origin}${target.pathname}: ${status ?? error} in ${latency} ms (attempt ${n}, ${verdict.state})`);
}

async function readExcerpt(res: Response): Promise<string | null> {
  if (res.body === null) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(Math.min(size, EXCERPT_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}
