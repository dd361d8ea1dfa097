/**
 * What crosses the engine's Durable Object stubs: the run setup, a shard's assignment, a run's
 * view, and the stubs' methods. Kept apart from the classes so the worker entry and the two
 * classes depend on this file instead of on each other.
 */
import type { TestRunStatus } from '../../src/db/test-runs';
import type { LoadStats, LoadSummary, RequestPool, ShardPlan, Threshold } from '../../src/testing/load';
import type { TestPlan } from '../../src/testing/plans';

export interface RunSetup {
  id: string;
  target: string;
  mock?: string;
  model: 'open' | 'closed';
  start: number;
  stages?: Array<{ durationMs: number; target: number }>;
  durationMs: number;
  iterations: number;
  shards: number;
  startAt: number;
  seed: string | number;
  timeoutMs: number;
  thresholds: Threshold[];
  /** Operation labels by operationId, so a threshold may name either. */
  labels: Record<string, string>;
  pool: RequestPool;
  /** Each iteration runs this test plan's steps (instead of drawing from the pool). */
  testPlan?: TestPlan;
}

export interface RunView {
  id: string;
  status: TestRunStatus;
  target: string;
  /** 0–100, by elapsed time (or iterations, when they end the run first). */
  progress: number;
  elapsedMs: number;
  /** Epoch ms: when the shards began, and when the run ended (null while it runs). */
  startedAt: number;
  finishedAt: number | null;
  /** Epoch ms at which a cancel reached the run (cancelled runs only). */
  cancelledAt?: number;
  reason: string | null;
  summary: LoadSummary;
}

export interface ShardAssignment {
  plan: ShardPlan;
  /** Base URL the requests' paths are appended to. */
  target: string;
  timeoutMs: number;
}

export interface CoordinatorRpc {
  begin(setup: RunSetup): Promise<void>;
  report(index: number, stats: LoadStats, done: boolean): Promise<void>;
  cancel(): Promise<RunView | null>;
  view(): Promise<RunView | null>;
}

export interface ShardRpc {
  begin(assignment: ShardAssignment): Promise<void>;
  cancel(): Promise<void>;
}

export function coordinatorOf(ns: DurableObjectNamespace, runId: string): CoordinatorRpc {
  // SAFETY: the namespace is bound to RunCoordinator (wrangler.engine.toml, cli/engine-runtime.ts), which implements CoordinatorRpc.
  return ns.get(ns.idFromName(runId)) as unknown as CoordinatorRpc;
}

export function shardOf(ns: DurableObjectNamespace, runId: string, index: number): ShardRpc {
  // SAFETY: the namespace is bound to LoadShard, which implements ShardRpc.
  return ns.get(ns.idFromName(`${runId}/${index}`)) as unknown as ShardRpc;
}

/**
 * The same two calls over HTTP, for shards in another local workerd process (SHARD_HOSTS) and for
 * their reports back (COORDINATOR_HOST). Both ends are this worker's internal routes.
 */
export const INTERNAL_PREFIX = '/internal/';

async function post(fetcher: Fetcher, path: string, body: unknown, headers: Record<string, string>): Promise<void> {
  const res = await fetcher.fetch(`http://engine${INTERNAL_PREFIX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
}

export function remoteShard(hosts: Fetcher, host: number, runId: string, index: number): ShardRpc {
  return {
    begin: (assignment) => post(hosts, 'shard/begin', { runId, index, assignment }, { 'x-shard-host': String(host) }),
    cancel: () => post(hosts, 'shard/cancel', { runId, index }, { 'x-shard-host': String(host) }),
  };
}

/** `token`: the engine's, which the coordinator's process asks of every call (a shard host reaches its socket directly). */
export function remoteCoordinator(fetcher: Fetcher, runId: string, token: string | undefined): Pick<CoordinatorRpc, 'report'> {
  return { report: (index, stats, done) => post(fetcher, 'report', { runId, index, stats, done }, token ? { authorization: `Bearer ${token}` } : {}) };
}

/**
 * Which shard host runs shard `index` of a run of `shards`: null for the coordinator's own process
 * (no hosts, or a single shard: not worth a process of its own), else index mod hosts.
 */
export function hostOf(index: number, shards: number, hostCount: number): number | null {
  return hostCount > 0 && shards > 1 ? index % hostCount : null;
}
