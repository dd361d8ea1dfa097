/**
 * Shard hosts: more workerd processes running the engine worker, for the local stack only.
 *
 * A workerd process runs its JavaScript on one thread, so every Durable Object of a local engine
 * would share one core; on the edge each LoadShard is placed on its own and a run's shards send in
 * parallel. To keep that shape locally, a run with more than one shard has shard k run in host
 * k mod hosts (workers/engine/protocol.ts `hostOf`); the coordinator's process (Miniflare, with
 * D1) keeps the coordinators and single-shard runs. Hosts are plain workerd (cli/workerd-process.ts):
 * Miniflare would put its outbound interceptor worker in front of every request a shard sends,
 * which more than doubles a request's CPU, and the edge has no such hop.
 *
 * The SHARD_HOSTS binding lands here; the hosts' shards report back through COORDINATOR_HOST, an
 * external service pointing at the coordinator's socket. Hosts start on the first run that needs
 * them (the engine asks for them before it sets the run's clock) and carry only shards: no D1, no
 * target checks (the coordinator's process refused or accepted the run). Every call carries the
 * engine's token.
 */
import { availableParallelism } from 'node:os';
import { type Request as MiniflareRequest, Response as MiniflareResponse, type WorkerOptions } from 'miniflare';
import { startWorkerd, type WorkerdBinding, type WorkerdProcess } from './workerd-process';

/** Shard hosts an engine uses at most (MOCKLOOP_ENGINE_PROCESSES overrides the default: one per core). */
const MAX_PROCESSES = 8;

export function defaultEngineProcesses(): number {
  const asked = Number(process.env.MOCKLOOP_ENGINE_PROCESSES);
  const n = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.min(MAX_PROCESSES, Math.max(1, n));
}

export interface ShardHostPool {
  /** Hosts (SHARD_HOST_COUNT). */
  readonly count: number;
  /** The SHARD_HOSTS service binding. */
  binding(request: MiniflareRequest): Promise<MiniflareResponse>;
  dispose(): Promise<void>;
}

/**
 * `worker`: the engine worker's options (the same script, token and vars as the coordinator's
 * process); `primary`: the coordinator's process's origin (known once it listens, before any run).
 */
export function shardHostPool(count: number, worker: WorkerOptions, primary: () => string): ShardHostPool {
  const hosts = new Map<number, Promise<WorkerdProcess>>();
  let disposed = false;
  // SAFETY: engineWorkerOptions gives string bindings only.
  const vars = (worker.bindings ?? {}) as Record<string, string>;
  const token = vars.ENGINE_TOKEN ?? '';

  const host = (k: number): Promise<WorkerdProcess> => {
    const existing = hosts.get(k);
    if (existing) return existing;
    const started = (async () => {
      if (!worker.scriptPath || !worker.compatibilityDate) throw new Error('the engine worker has no script path');
      const origin = new URL(primary());
      if (origin.hostname === '0.0.0.0' || origin.hostname === '[::]') origin.hostname = '127.0.0.1';
      const bindings: WorkerdBinding[] = [
        ...Object.entries(vars).map(([name, text]) => ({ name, text })),
        { name: 'LOAD_SHARD', durableObjectNamespace: 'LoadShard' },
        { name: 'RUN_COORDINATOR', durableObjectNamespace: 'RunCoordinator' },
        { name: 'SCHEDULER', durableObjectNamespace: 'Scheduler' },
        { name: 'COORDINATOR_HOST', external: origin.host },
      ];
      // Loopback is where the local stack's mocks listen; the coordinator checked the run's target.
      return startWorkerd({ scriptPath: worker.scriptPath, compatibilityDate: worker.compatibilityDate, bindings, durableObjects: ['LoadShard', 'RunCoordinator', 'Scheduler'], allow: ['public', 'private', 'local'] });
    })();
    hosts.set(k, started);
    // A host that did not start is tried again by the next run that needs it.
    started.catch(() => {
      if (hosts.get(k) === started) hosts.delete(k);
    });
    return started;
  };

  return {
    count,
    async binding(request) {
      if (disposed) return new MiniflareResponse('the engine is stopping', { status: 503 });
      const url = new URL(request.url);
      if (url.pathname === '/internal/warm') {
        // SAFETY: the engine worker sends {hosts: n}.
        const { hosts: n } = (await request.json()) as { hosts: number };
        try {
          await Promise.all(Array.from({ length: Math.min(count, Math.max(0, n)) }, (_, k) => host(k)));
        } catch (error) {
          return new MiniflareResponse(error instanceof Error ? error.message : String(error), { status: 503 });
        }
        return new MiniflareResponse(null, { status: 204 });
      }
      const k = Number(request.headers.get('x-shard-host'));
      if (!Number.isInteger(k) || k < 0 || k >= count) return new MiniflareResponse(`no shard host ${k}`, { status: 404 });
      const { url: origin } = await host(k);
      const res = await fetch(origin + url.pathname, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: await request.text() }).catch((e) => { console.error('DEBUG', e, e.cause); throw e; });
      return new MiniflareResponse(res.status === 204 ? null : await res.text(), { status: res.status });
    },
    async dispose() {
      disposed = true;
      await Promise.all([...hosts.values()].map((h) => h.then((p) => p.dispose()).catch(() => {})));
    },
  };
}

/** The bindings that give an engine worker its shard hosts. */
export function shardHostBindings(pool: ShardHostPool | undefined): { serviceBindings?: Record<string, ShardHostPool['binding']>; bindings?: Record<string, string> } {
  if (!pool || pool.count === 0) return {};
  return { serviceBindings: { SHARD_HOSTS: (request) => pool.binding(request) }, bindings: { SHARD_HOST_COUNT: String(pool.count) } };
}
