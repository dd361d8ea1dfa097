import type { MockState } from './mock-state';

/** Bindings of a mock worker: the same bundle serves every mock, told apart by MOCK_ID. */
export interface Env {
  /** The mock's slug name (`bookshop`). */
  MOCK_ID: string;
  DB: D1Database;
  MOCK_STATE: DurableObjectNamespace<MockState>;
  /** Bearer token that guards the admin origin. Without it every admin call is refused. */
  ADMIN_TOKEN?: string;
  /** Deployed: the admin origin's hostname. Requests to it go to the admin API (locally the Admin entrypoint does this). */
  ADMIN_HOST?: string;
  /** Deployed without an admin hostname: the path prefix (`/__mockloop`) under which the mock's own host serves the admin API. */
  ADMIN_PATH_PREFIX?: string;
  /** Deployed: the plan version the deployer wrote to D1 with this upload; MockState adopts it once (docs/decisions/0011). */
  PLAN_VERSION?: string;
  /** Log batching: rows per D1 write (default 500) and how long a batch may wait (ms, default 20). */
  LOG_BATCH_ROWS?: string;
  LOG_BATCH_MS?: string;
  LOG_BATCH_MAX_MS?: string;
  /**
   * Names whose values the log never keeps (headers, query parameters, body fields; matched by
   * part, see src/logs/secret-fields.ts): unset → the default list, `none` → off, `a,b` → these
   * instead, `+a,b` → these too.
   */
  LOG_REDACT_FIELDS?: string;
  /** Rows of answered requests that may wait for D1 at most (default 5,000); past it responses wait for the write. */
  LOG_MAX_UNWRITTEN?: string;
  /** `1` on the local runtime: the upstream (proxy modes) may be a loopback address. Never set on a deployed worker. */
  MOCKLOOP_LOCAL?: string;
  /** Sessions made from X-Test-Session traffic at most (default 10,000); later new ids get no session row. */
  MAX_TRAFFIC_SESSIONS?: string;
  /** Callback/webhook retry schedule (`5s,5m,30m,2h,5h,10h` by default; see src/proxy/webhooks/schedule.ts). */
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** The stack's test engine (workers/engine): /api/load-runs forward to it; without it they answer 503. */
  ENGINE?: Fetcher;
  /** This mock's own origin as the engine reaches it (locally `http://127.0.0.1:<port>`; deployed, its public origin). */
  MOCK_TARGET_ORIGIN?: string;
}
