/** Bindings of the engine worker: one per stack, holding the test engine's Durable Objects. */
export interface Env {
  /** D1: the run registry (test_runs, test_run_chunks). */
  DB: D1Database;
  /** RunCoordinator (see protocol.ts for its methods). */
  RUN_COORDINATOR: DurableObjectNamespace;
  /** LoadShard. */
  LOAD_SHARD: DurableObjectNamespace;
  /** Scheduler: every schedule of test plans, with its alarm (workers/engine/scheduler.ts). */
  SCHEDULER: DurableObjectNamespace;
  /** Shortest `every` interval of a schedule in ms (default 60000). */
  SCHEDULE_MIN_INTERVAL_MS?: string;
  /** When set, every request must carry `Authorization: Bearer <ENGINE_TOKEN>` (the local CLI's engine sets one; deployed, the engine is reached through service bindings only). */
  ENGINE_TOKEN?: string;
  /** Hosts a run may target besides this stack's mocks (comma-separated; `*.example.com` allowed). */
  LOAD_ALLOWED_HOSTS?: string;
  /** Host patterns of this stack's mocks (deployed: e.g. `*.mocks.example.com`; locally the CLI's mock origins). */
  MOCK_HOSTS?: string;
  /** `1` on the local stack: loopback targets (where local mocks listen) are allowed. */
  ENGINE_LOCAL?: string;
  /** Caps per run (numbers as text): requests per second, VUs, seconds, requests, shards. */
  LOAD_MAX_RATE?: string;
  LOAD_MAX_VUS?: string;
  LOAD_MAX_DURATION_S?: string;
  LOAD_MAX_REQUESTS?: string;
  LOAD_MAX_SHARDS?: string;
  /** Subrequests one shard invocation may make (1000 on the paid plan, 50 on the free one). */
  LOAD_SUBREQUESTS_PER_INVOCATION?: string;
  /**
   * Local stack only (ENGINE_LOCAL with a token): more workerd processes running this worker, so a
   * run's shards use more than the one thread a workerd process has (on the edge every Durable
   * Object is placed on its own; locally they would all share one). Shard k of a run with more
   * than one runs in host k mod SHARD_HOST_COUNT. See cli/engine-shard-hosts.ts.
   */
  SHARD_HOSTS?: Fetcher;
  SHARD_HOST_COUNT?: string;
  /** In a shard host: the process whose coordinators its shards report to. */
  COORDINATOR_HOST?: Fetcher;
}
