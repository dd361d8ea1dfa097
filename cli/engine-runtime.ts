/**
 * Runs the engine worker locally: workerd via Miniflare with local D1 (the run registry) and the
 * RunCoordinator and LoadShard Durable Objects, the way cli/mcp-runtime.ts runs the MCP worker.
 * Loopback targets are allowed (ENGINE_LOCAL): the local stack's mocks listen there.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { buildEngineWorker } from './build-worker';
import { COMPATIBILITY_DATE } from './local-runtime';
import { defaultEngineProcesses, shardHostBindings, shardHostPool } from './engine-shard-hosts';
import { applyMigrations } from './migrations';
import { asPortInUse } from './ports';
import { handleRuntimeStdio } from './runtime-stdio';

export interface EngineOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where its D1 and Durable Object state live; `false` (default) keeps everything in memory. */
  stateDir?: string | false;
  /** Hosts a run may target besides the stack's mocks (LOAD_ALLOWED_HOSTS). */
  allowedHosts?: string;
  /** Host patterns of the stack's mocks. */
  mockHosts?: string;
  /** Extra string bindings (caps: LOAD_MAX_RATE…, LOAD_SUBREQUESTS_PER_INVOCATION). */
  vars?: Record<string, string>;
  /** workerd processes a run's shards are spread over besides this one (default: one per core; cli/engine-shard-hosts.ts); 0 keeps them here. */
  processes?: number;
}

export interface RunningEngine {
  /** `http://127.0.0.1:port` */
  url: string;
  /** Bearer token every request to it must carry. */
  token: string;
  /** fetch with the token. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  miniflare: Miniflare;
  dispose(): Promise<void>;
}

/**
 * The engine worker's Miniflare options, for a Miniflare of its own (startEngine) or beside the
 * MCP worker (cli/mcp-runtime.ts), where it shares the MCP worker's D1 database (`database`) as
 * deployed both use the `mockloop` database. `token`: requests must carry it (the direct socket);
 * without one, only workers bound to it reach it.
 */
export async function engineWorkerOptions(options: { token?: string; database: string; allowedHosts?: string; mockHosts?: string; vars?: Record<string, string>; socket?: { host: string; port: number } }): Promise<WorkerOptions> {
  const scriptPath = await buildEngineWorker();
  const bindings: Record<string, string> = { ENGINE_LOCAL: '1', ...options.vars };
  if (options.token) bindings.ENGINE_TOKEN = options.token;
  if (options.allowedHosts) bindings.LOAD_ALLOWED_HOSTS = options.allowedHosts;
  if (options.mockHosts) bindings.MOCK_HOSTS = options.mockHosts;
  return {
    name: 'engine',
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
    d1Databases: { DB: options.database },
    durableObjects: {
      RUN_COORDINATOR: { className: 'RunCoordinator', useSQLite: true },
      LOAD_SHARD: { className: 'LoadShard', useSQLite: true },
      SCHEDULER: { className: 'Scheduler', useSQLite: true },
    },
    ...(options.socket ? { unsafeDirectSockets: [options.socket] } : {}),
  };
}

export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const host = options.host ?? '127.0.0.1';
  const stateDir = options.stateDir ?? false;
  const persist = stateDir === false ? {} : { d1Persist: join(stateDir, 'd1'), durableObjectsPersist: join(stateDir, 'do') };
  const token = randomBytes(24).toString('base64url');
  const engineWorker = await engineWorkerOptions({ token, database: 'mockloop-engine', allowedHosts: options.allowedHosts, mockHosts: options.mockHosts, vars: options.vars, socket: { host, port: options.port ?? 0 } });
  let url = '';
  const withToken = (path: string, init: RequestInit = {}) => fetch(url + path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } });
  const processes = options.processes ?? defaultEngineProcesses();
  const pool = processes > 0 ? shardHostPool(processes, engineWorker, () => url) : undefined;
  const hosts = shardHostBindings(pool);
  const miniflare = new Miniflare({
    host,
    port: 0,
    ...persist,
    handleRuntimeStdio,
    workers: [{ ...engineWorker, bindings: { ...engineWorker.bindings, ...hosts.bindings }, ...(hosts.serviceBindings ? { serviceBindings: hosts.serviceBindings } : {}) }],
  });
  try {
    await miniflare.ready;
    const db = await miniflare.getD1Database('DB', 'engine');
    // SAFETY: Miniflare's D1 proxy implements the D1Database methods applyMigrations uses.
    await applyMigrations(db as unknown as Parameters<typeof applyMigrations>[0]);
    url = (await miniflare.unsafeGetDirectURL('engine')).href.replace(/\/$/, '');
    return {
      url,
      token,
      fetch: withToken,
      miniflare,
      dispose: async () => {
        await pool?.dispose();
        await miniflare.dispose();
      },
    };
  } catch (error) {
    await pool?.dispose();
    await miniflare.dispose().catch(() => {});
    throw asPortInUse(error, host);
  }
}
