/**
 * The delivery queue of callbacks and webhooks, their attempt log and the receivers' endpoints, in
 * the MockState DO's SQLite storage (no D1 table, no second DO class: the MockState alarm drives
 * the queue). Bounded: pending deliveries, kept finished ones and attempts are capped.
 */

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'disabled' | 'refused' | 'unresolved';

/** What the mock worker asks to send (or, with `error`, reports it could not: an unresolvable URL). */
export interface DeliveryInput {
  kind: 'callback' | 'webhook';
  name: string;
  method: string;
  url: string | null;
  body: string | null;
  contentType: string | null;
  /** Set: nothing is sent; the delivery is kept as `unresolved` with this reason. */
  error?: string;
}

export type DeliveryRow = {
  id: string;
  kind: string;
  name: string;
  method: string;
  url: string | null;
  body: string | null;
  content_type: string | null;
  state: DeliveryState;
  attempts: number;
  created_at: number;
  next_at: number | null;
  error: string | null;
};

export type AttemptRow = {
  delivery_id: string;
  n: number;
  at: number;
  status: number | null;
  latency_ms: number;
  error: string | null;
  excerpt: string | null;
};

export type EndpointRow = {
  url: string;
  webhooks: string | null;
  created_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
};

/** Deliveries waiting at most; past it new ones are kept as `refused` (the queue is full). */
export const MAX_PENDING = 1000;
/** Finished deliveries kept (with their attempts), the newest. */
export const MAX_FINISHED = 1000;
export const MAX_ENDPOINTS = 100;

export function createWebhookTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, method TEXT NOT NULL, url TEXT, body TEXT, content_type TEXT,
    state TEXT NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL, next_at INTEGER, error TEXT)`);
  sql.exec('CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_at) WHERE next_at IS NOT NULL');
  sql.exec(`CREATE TABLE IF NOT EXISTS webhook_attempts (
    delivery_id TEXT NOT NULL, n INTEGER NOT NULL, at INTEGER NOT NULL, status INTEGER, latency_ms INTEGER NOT NULL, error TEXT, excerpt TEXT,
    PRIMARY KEY (delivery_id, n))`);
  sql.exec(`CREATE TABLE IF NOT EXISTS webhook_endpoints (
    url TEXT PRIMARY KEY, webhooks TEXT, created_at INTEGER NOT NULL, disabled_at INTEGER, disabled_reason TEXT)`);
}

/** Queues deliveries (due at `now`); returns their rows as stored. */
export function insertDeliveries(sql: SqlStorage, inputs: readonly DeliveryInput[], now: number, newId: () => string): DeliveryRow[] {
  let pending = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending'").one().n;
  const out: DeliveryRow[] = [];
  for (const input of inputs) {
    const full = input.error === undefined && pending >= MAX_PENDING;
    const state: DeliveryState = input.error !== undefined ? 'unresolved' : full ? 'refused' : 'pending';
    const error = input.error ?? (full ? `the delivery queue holds ${MAX_PENDING} deliveries already` : null);
    const row: DeliveryRow = {
      id: newId(),
      kind: input.kind,
      name: input.name,
      method: input.method,
      url: input.url,
      body: input.body,
      content_type: input.contentType,
      state,
      attempts: 0,
      created_at: now,
      next_at: state === 'pending' ? now : null,
      error,
    };
    if (state === 'pending') pending++;
    sql.exec(
      'INSERT INTO webhook_deliveries (id, kind, name, method, url, body, content_type, state, attempts, created_at, next_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      row.id, row.kind, row.name, row.method, row.url, row.body, row.content_type, row.state, row.attempts, row.created_at, row.next_at, row.error,
    );
    out.push(row);
  }
  pruneFinished(sql);
  return out;
}

export function dueDeliveries(sql: SqlStorage, now: number, limit: number): DeliveryRow[] {
  return sql.exec<DeliveryRow>("SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?", now, limit).toArray();
}

export function nextDueAt(sql: SqlStorage): number | null {
  return sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM webhook_deliveries WHERE state = 'pending'").one().at;
}

/** Stores one attempt and the delivery's new state. */
export function recordAttempt(sql: SqlStorage, attempt: AttemptRow, state: DeliveryState, nextAt: number | null, error: string | null): void {
  sql.exec(
    'INSERT OR REPLACE INTO webhook_attempts (delivery_id, n, at, status, latency_ms, error, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    attempt.delivery_id, attempt.n, attempt.at, attempt.status, attempt.latency_ms, attempt.error, attempt.excerpt,
  );
  sql.exec('UPDATE webhook_deliveries SET state = ?, attempts = ?, next_at = ?, error = ? WHERE id = ?', state, attempt.n, nextAt, error, attempt.delivery_id);
}

/** A delivery that is never attempted (its endpoint was disabled meanwhile). */
export function finishUnsent(sql: SqlStorage, id: string, state: DeliveryState, error: string): void {
  sql.exec('UPDATE webhook_deliveries SET state = ?, next_at = NULL, error = ? WHERE id = ?', state, error, id);
}

/** Newest first, each with its attempts. */
export function listDeliveries(sql: SqlStorage, limit: number, state?: DeliveryState): Array<DeliveryRow & { attemptLog: AttemptRow[] }> {
  const rows =
    state === undefined
      ? sql.exec<DeliveryRow>('SELECT * FROM webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT ?', limit).toArray()
      : sql.exec<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE state = ? ORDER BY created_at DESC, id DESC LIMIT ?', state, limit).toArray();
  return rows.map((row) => ({ ...row, attemptLog: sql.exec<AttemptRow>('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY n', row.id).toArray() }));
}

/** Empties the queue and the attempt log; returns how many deliveries went. */
export function clearDeliveries(sql: SqlStorage): number {
  sql.exec('DELETE FROM webhook_attempts');
  return sql.exec('DELETE FROM webhook_deliveries').rowsWritten;
}

function pruneFinished(sql: SqlStorage): void {
  const finished = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state != 'pending'").one().n;
  if (finished <= MAX_FINISHED) return;
  const gone = sql
    .exec<{ id: string }>("SELECT id FROM webhook_deliveries WHERE state != 'pending' ORDER BY created_at, id LIMIT ?", finished - MAX_FINISHED)
    .toArray();
  for (const { id } of gone) {
    sql.exec('DELETE FROM webhook_attempts WHERE delivery_id = ?', id);
    sql.exec('DELETE FROM webhook_deliveries WHERE id = ?', id);
  }
}

// Endpoints: keyed by origin + path (a callback's query string varies per request).

export function endpointKey(url: string): string {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}

export function getEndpoint(sql: SqlStorage, url: string): EndpointRow | null {
  return sql.exec<EndpointRow>('SELECT * FROM webhook_endpoints WHERE url = ?', endpointKey(url)).toArray()[0] ?? null;
}

export function listEndpoints(sql: SqlStorage): EndpointRow[] {
  return sql.exec<EndpointRow>('SELECT * FROM webhook_endpoints ORDER BY created_at, url').toArray();
}

/** Registers (or re-enables) an endpoint; false when MAX_ENDPOINTS are registered already. */
export function putEndpoint(sql: SqlStorage, url: string, webhooks: string[] | null, now: number): EndpointRow | null {
  const key = endpointKey(url);
  const existing = getEndpoint(sql, key);
  if (!existing && sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_endpoints').one().n >= MAX_ENDPOINTS) return null;
  sql.exec(
    'INSERT INTO webhook_endpoints (url, webhooks, created_at) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET webhooks = excluded.webhooks, disabled_at = NULL, disabled_reason = NULL',
    key, webhooks === null ? null : JSON.stringify(webhooks), now,
  );
  return getEndpoint(sql, key);
}

export function removeEndpoint(sql: SqlStorage, url: string): boolean {
  return sql.exec('DELETE FROM webhook_endpoints WHERE url = ?', endpointKey(url)).rowsWritten > 0;
}

/** A 410 from the receiver: the endpoint is disabled (registered now when it was not). */
export function disableEndpoint(sql: SqlStorage, url: string, reason: string, now: number): void {
  sql.exec(
    'INSERT INTO webhook_endpoints (url, webhooks, created_at, disabled_at, disabled_reason) VALUES (?, NULL, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason',
    endpointKey(url), now, now, reason,
  );
}

/** Enabled endpoints that take webhook `name` (all of them, or those listing it). */
export function endpointsFor(sql: SqlStorage, name: string): string[] {
  return listEndpoints(sql)
    .filter((e) => e.disabled_at === null && (e.webhooks === null || (JSON.parse(e.webhooks) as string[]).includes(name)))
    .map((e) => e.url);
}
