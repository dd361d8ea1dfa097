/**
 * Shard hosts: more workerd processes running the engine worker, for the local stack only.
 *
 * A workerd process runs its JavaScript on one thread, so every Durable Object of a local engine
 * shares one core; on the edge each LoadShard is placed on its own and a run's shards send in
 * parallel. To keep that shape locally, the engine's coordinator sends shard k to process
 * k mod (hosts + 1) (workers/engine/protocol.ts `hostOf`), 0 being its own: the SHARD_HOSTS
 * binding lands here, and the hosts' shards report back through COORDINATOR_HOST. Hosts start on
 * the first run that needs them (the engine asks for them before it sets the run's clock) and
 * carry only shards: no D1 of their own is read, no target is checked there (the coordinator's
 * process refused or accepted the run). Every call carries the engine's token.
 */
import { availableParallelism } from 'node:os';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse, type WorkerOptions } from 'miniflare';
import { handleRuntimeStdio } from './runtime-stdio';

/** Processes an engine uses at most, its own included (MOCKLOOP_ENGINE_PROCESSES overrides the default: one per core). */
const MAX_PROCESSES = 8;

export function defaultEngineProcesses(): number {
  const asked = Number(process.env.MOCKLOOP_ENGINE_PROCESSES);
  const n = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.min(MAX_PROCESSES, Math.max(1, n));
}

export interface ShardHostPool {
  /** Hosts besides the engine's own process (SHARD_HOST_COUNT). */
  readonly count: number;
  /** The SHARD_HOSTS service binding. */
  binding(request: MiniflareRequest): Promise<MiniflareResponse>;
  dispose(): Promise<void>;
}

/**
 * `worker`: the engine worker's options (the same script, token and vars as the coordinator's
 * process); `primary`: fetch to the coordinator's process, with the token.
 */
export function shardHostPool(count: number, worker: WorkerOptions, primary: (path: string, init: RequestInit) => Promise<Response>): ShardHostPool {
  const hosts: Array<Promise<Miniflare>> = [];
  let disposed = false;
  const token = (worker.bindings as Record<string, string> | undefined)?.ENGINE_TOKEN ?? '';

  const toPrimary = async (request: MiniflareRequest): Promise<MiniflareResponse> => {
    const url = new URL(request.url);
    const res = await primary(url.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await request.text() });
    return new MiniflareResponse(res.status === 204 ? null : await res.text(), { status: res.status });
  };

  const host = (k: number): Promise<Miniflare> => {
    hosts[k] ??= (async () => {
      const { unsafeDirectSockets: _socket, d1Databases: _db, ...rest } = worker;
      const mf = new Miniflare({
        host: '127.0.0.1',
        port: 0,
        handleRuntimeStdio,
        workers: [{ ...rest, name: 'engine', d1Databases: { DB: `shard-host-${k}` }, serviceBindings: { COORDINATOR_HOST: toPrimary } }],
      });
      await mf.ready;
      return mf;
    })();
    return hosts[k];
  };

  return {
    count,
    async binding(request) {
      if (disposed) return new MiniflareResponse('the engine is stopping', { status: 503 });
      const url = new URL(request.url);
      if (url.pathname === '/internal/warm') {
        // SAFETY: the engine worker sends {hosts: n}.
        const { hosts: n } = (await request.json()) as { hosts: number };
        await Promise.all(Array.from({ length: Math.min(count, Math.max(0, n)) }, (_, k) => host(k)));
        return new MiniflareResponse(null, { status: 204 });
      }
      const k = Number(request.headers.get('x-shard-host'));
      if (!Number.isInteger(k) || k < 0 || k >= count) return new MiniflareResponse(`no shard host ${k}`, { status: 404 });
      const mf = await host(k);
      const res = await mf.dispatchFetch(url.href, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: await request.text() });
      return new MiniflareResponse(res.status === 204 ? null : await res.text(), { status: res.status });
    },
    async dispose() {
      disposed = true;
      await Promise.all(hosts.map((h) => h.then((mf) => mf.dispose()).catch(() => {})));
    },
  };
}

/** The bindings that give an engine worker its shard hosts. */
export function shardHostBindings(pool: ShardHostPool | undefined): { serviceBindings?: Record<string, ShardHostPool['binding']>; bindings?: Record<string, string> } {
  if (!pool || pool.count === 0) return {};
  return { serviceBindings: { SHARD_HOSTS: (request) => pool.binding(request) }, bindings: { SHARD_HOST_COUNT: String(pool.count) } };
}
