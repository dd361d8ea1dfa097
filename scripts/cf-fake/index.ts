/**
 * A faithful local stand-in for the Cloudflare API v4 (the endpoints `wrangler deploy` and the
 * MockLoop deployer use) that runs every uploaded Worker in Miniflare behind a Host-routed edge.
 *
 * @example
 * const cf = await startCloudflareFake();
 * // CLOUDFLARE_API_BASE_URL=cf.apiUrl CLOUDFLARE_API_TOKEN=cf.token CLOUDFLARE_ACCOUNT_ID=cf.accountId
 * const res = await cf.edgeFetch(`https://my-worker.${cf.subdomain}.workers.dev/`);
 * await cf.close();
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX, createApi } from './api';
import type { Fake } from './context';
import { type ApiCall, FakeControl, type FaultInput, type TokenGrant } from './control';
import { createEdge, createOutbound, runScheduled } from './edge';
import { createEdgeFetch } from './edge-fetch';
import { listen } from './node-http';
import { FakeRuntime, workerNameFor } from './runtime';
import { type AccountState, hexId, newAccount } from './state';

export type { ApiCall, FaultInput, Permission, TokenGrant } from './control';
export { PERMISSIONS } from './control';

export interface CloudflareFakeOptions {
  host?: string;
  /** API port; 0 (default) picks a free one. */
  port?: number;
  /** Edge port; 0 (default) picks a free one. */
  edgePort?: number;
  accountId?: string;
  /** The account's workers.dev subdomain (`<script>.<subdomain>.workers.dev`). */
  subdomain?: string;
  /** Zones on the account, for custom domains and zone routes (default `example.com`). */
  zones?: string[];
  /** Accepted tokens; a bare string gets every permission. Default: one random token. */
  tokens?: Array<string | TokenGrant>;
  /** Where D1 and Durable Object state live; default a temporary directory removed on close. */
  persistDir?: string;
  /** Receives each line the Workers print; default: dropped. */
  workerLog?: (line: string) => void;
  /**
   * false: store uploaded scripts without running them (the edge answers 503), so a change costs no
   * workerd restart — for measuring the API path of many deploys. Default true.
   */
  runScripts?: boolean;
}

export interface CloudflareFake {
  apiUrl: string;
  edgeUrl: string;
  accountId: string;
  subdomain: string;
  /** The first accepted token. */
  token: string;
  /** Every API call so far (method, path below /client/v4, status), for counting. */
  calls: ApiCall[];
  /** Arms a fault: the next `times` calls matching method + path answer `status`. */
  setFault(fault: FaultInput): void;
  clearFaults(): void;
  /** Fetches a public URL (workers.dev, custom domain) through the edge. */
  edgeFetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /**
   * What a service binding to the Worker `script` does, for a Worker that runs outside the fake
   * (the MCP worker in tests, standing in for its `[[services]]` binding): the request goes to that
   * Worker whatever its routes (none, for the engine).
   */
  serviceFetch(script: string, request: Request): Promise<Response>;
  /** Runs a script's scheduled() handler for one of its Cron Triggers (default: the first), as the clock would. */
  runScheduled(script: string, cron?: string): Promise<{ outcome: string; cron: string }>;
  /** The account state, read-only for assertions. */
  state: AccountState;
  close(): Promise<void>;
}

export async function startCloudflareFake(options: CloudflareFakeOptions = {}): Promise<CloudflareFake> {
  const host = options.host ?? '127.0.0.1';
  const ownDir = options.persistDir === undefined;
  const persistDir = options.persistDir ?? (await mkdtemp(join(tmpdir(), 'cf-fake-')));
  const tokens: TokenGrant[] = (options.tokens ?? [`cf-fake-${hexId()}`]).map((t) => (typeof t === 'string' ? { value: t } : t));
  if (tokens.length === 0) throw new Error('The Cloudflare fake needs at least one accepted token');
  const account = newAccount(options);
  const runtime = await FakeRuntime.start(persistDir, options.workerLog, options.runScripts ?? true);
  const control = new FakeControl();
  const fake: Fake = {
    account,
    runtime,
    control,
    tokens,
    async forgetDurableObjects(script) {
      const dir = join(persistDir, 'do');
      const prefix = `${workerNameFor(script)}-`;
      const entries = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(entries.filter((e) => e.startsWith(prefix)).map((e) => rm(join(dir, e), { recursive: true, force: true })));
    },
  };
  const servers: Server[] = [];
  try {
    const api = await listen(createApi(fake), host, options.port ?? 0);
    servers.push(api.server);
    const edgeHandler = createEdge(account, runtime);
    runtime.routeOutbound(createOutbound(account, edgeHandler));
    const edge = await listen(edgeHandler, host, options.edgePort ?? 0);
    servers.push(edge.server);
    const edgeUrl = `http://${host}:${edge.port}`;
    return {
      apiUrl: `http://${host}:${api.port}${API_PREFIX}`,
      edgeUrl,
      accountId: account.id,
      subdomain: account.subdomain,
      token: tokens[0].value,
      calls: control.calls,
      setFault: (fault) => control.setFault(fault),
      clearFaults: () => control.clearFaults(),
      edgeFetch: createEdgeFetch(edgeUrl),
      state: account,
      async serviceFetch(name, request) {
        const script = account.scripts.get(name);
        if (script === undefined) throw new Error(`No Worker named "${name}" on the fake account`);
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        return runtime.dispatch(workerNameFor(script), request.url, { method: request.method, headers: new Headers(request.headers), body: hasBody ? request.body : null });
      },
      runScheduled(name, cron) {
        const script = account.scripts.get(name);
        if (script === undefined) return Promise.reject(new Error(`No Worker named "${name}" on the fake account`));
        return runScheduled(runtime, script, cron);
      },
      async close() {
        for (const server of servers) {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
        await runtime.dispose();
        if (ownDir) await rm(persistDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const server of servers) server.close();
    await runtime.dispose();
    throw error;
  }
}
