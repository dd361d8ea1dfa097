/**
 * Runs the MCP worker locally: workerd via Miniflare with local D1 (audit log), KV (OAuth) and
 * the ContextStore Durable Object (SQLite-backed), persisted under the state directory. The
 * worker cannot start workers itself, so its DEPLOYER binding is a Node function: the local
 * deployer behind the deployer protocol. With `cloudflare` instead it runs as deployed: no
 * DEPLOYER, the account's credentials as secrets, mocks deployed through the Cloudflare API.
 * The test engine (workers/engine) runs in the same
 * Miniflare and shares the MCP worker's D1 database, as deployed both use `mockloop`: plan runs,
 * load runs and schedule runs list together. The MCP worker's ENGINE binding is a Node function
 * that adds the engine's bearer token (never seen by the MCP worker) and forwards on loopback.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import { createDeployerHandler, type DeployedMock, type Deployer } from '../src/deploy';
import { type Problem, problem } from '../src/problem';
import { LOAD_TARGET_REFUSED, parseHostList, targetRefusal } from '../src/testing/load';
import { buildMcpWorker } from './build-worker';
import { engineWorkerOptions } from './engine-runtime';
import { defaultEngineProcesses, shardHostBindings, shardHostPool } from './engine-shard-hosts';
import { COMPATIBILITY_DATE } from './local-runtime';
import { LocalDeployer } from './local-deployer';
import { applyMigrations } from './migrations';
import { asPortInUse } from './ports';
import { handleRuntimeStdio } from './runtime-stdio';

export interface McpServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Where its D1, KV and Durable Object state live; `false` keeps everything in memory. */
  stateDir: string | false;
  /** The static bearer token. */
  token: string;
  /** The secret the OAuth consent page asks for. */
  operatorSecret: string;
  /** The local deployer behind DEPLOYER; or `cloudflare`. */
  deployer?: Deployer;
  /** Run as deployed (wrangler.mcp.toml): mocks go to this Cloudflare account (e.g. the local fake, scripts/cf-fake). */
  cloudflare?: CloudflareMcpOptions;
  /** Reads a spec URL for the prompts' `spec_url` (the local deployer's readSpecUrl: its address policy). */
  readSpecUrl?: (url: string) => Promise<string>;
  /** Serve loopback requests without credentials (MCP_LOCAL_DEV=no-auth). */
  localDev?: boolean;
  /** The URL clients use, when it is not this server's own (a tunnel, a proxy). */
  publicUrl?: string;
  /** The test engine beside the MCP worker (default on); `false` leaves it (and schedule_test_suite, run_load_test, monitor_test_progress) out. */
  engine?: { allowedHosts?: string; vars?: Record<string, string> } | false;
}

export interface CloudflareMcpOptions {
  accountId: string;
  token: string;
  /** CLOUDFLARE_API_BASE_URL; default the public API. */
  baseUrl?: string;
  /** MOCK_ADMIN_SECRET: each mock's admin token is derived from it. */
  adminSecret: string;
  /** Answers the worker's outbound fetches (the fake's edge for the mocks' public hosts); default the network. */
  outbound?: (request: Request) => Promise<Response>;
  /** Stands in for wrangler.mcp.toml's ENGINE service binding (tests: the engine deployed to the fake); without it, no engine tools. */
  engine?: (request: Request) => Promise<Response>;
}

export interface RunningMcpServer {
  /** The MCP endpoint: `http://127.0.0.1:8787/mcp`. */
  url: string;
  miniflare: Miniflare;
  /** The engine's origin (loopback) and a fetch carrying its token; absent with `engine: false`. */
  engine?: { url: string; fetch(path: string, init?: RequestInit): Promise<Response> };
  dispose(): Promise<void>;
}

/**
 * The engine allows any loopback port on the local stack (its mocks come and go); the binding
 * narrows a run's or a schedule's target (and admin URL) to the stack's mocks as they are now, or
 * a host the operator allowed (LOAD_ALLOWED_HOSTS).
 */
async function stackTargetRefusal(body: ArrayBuffer, mocks: DeployedMock[], allowedHosts: string | undefined): Promise<Problem | undefined> {
  let parsed: { target?: { url?: unknown }; admin?: { url?: unknown } };
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined; // the engine answers the malformed body
  }
  const policy = { allowedHosts: parseHostList(allowedHosts), mockHosts: mocks.flatMap((m) => [new URL(m.mockUrl).host, new URL(m.adminUrl).host]), local: true };
  for (const [location, value] of [['/target/url', parsed?.target?.url], ['/admin/url', parsed?.admin?.url]] as const) {
    if (typeof value !== 'string') continue;
    const reason = targetRefusal(value, policy);
    if (reason) return problem(LOAD_TARGET_REFUSED, reason, { errors: [{ location, message: reason }] });
  }
  return undefined;
}

/** The local name of the D1 database the MCP worker and the engine share (deployed: `mockloop`). */
const MCP_DATABASE = 'mockloop-mcp';
/** Where the local deployer's mocks listen (any port: the binding checks the port). */
const LOOPBACK_HOSTS = '127.0.0.1,localhost,[::1]';

export async function startMcpServer(options: McpServerOptions): Promise<RunningMcpServer> {
  const host = options.host ?? '127.0.0.1';
  const { cloudflare } = options;
  const scriptPath = await buildMcpWorker(undefined, { deployable: cloudflare !== undefined });
  const persist =
    options.stateDir === false
      ? {}
      : { d1Persist: join(options.stateDir, 'd1'), kvPersist: join(options.stateDir, 'kv'), durableObjectsPersist: join(options.stateDir, 'do') };
  const bindings: Record<string, string> = { MCP_TOKEN: options.token, OPERATOR_SECRET: options.operatorSecret };
  if (options.localDev) bindings.MCP_LOCAL_DEV = 'no-auth';
  if (options.publicUrl) bindings.MCP_PUBLIC_URL = options.publicUrl;
  if (cloudflare) {
    bindings.CLOUDFLARE_ACCOUNT_ID = cloudflare.accountId;
    bindings.CLOUDFLARE_API_TOKEN = cloudflare.token;
    bindings.MOCK_ADMIN_SECRET = cloudflare.adminSecret;
    if (cloudflare.baseUrl) bindings.CLOUDFLARE_API_BASE_URL = cloudflare.baseUrl;
  }
  const serviceBindings: Record<string, (request: MiniflareRequest) => Promise<MiniflareResponse>> = {};
  const { deployer } = options;
  if (deployer) {
    const handleDeploy = createDeployerHandler(deployer);
    // SAFETY: Miniflare's Request implements the Fetch API Request the handler reads.
    serviceBindings.DEPLOYER = async (request) => toMiniflare(await handleDeploy(request as unknown as Request));
  }
  const readSpecUrl = options.readSpecUrl ?? (deployer instanceof LocalDeployer ? (url: string) => deployer.readSpecUrl(url) : undefined);
  if (readSpecUrl) {
    // The prompts' spec_url: fetched here, where names resolve and the checked address is pinned.
    serviceBindings.SPEC_FETCH = async (request) => {
      const url = new URL(request.url).searchParams.get('url') ?? '';
      try {
        return new MiniflareResponse(await readSpecUrl(url));
      } catch (error) {
        return new MiniflareResponse(error instanceof Error ? error.message : String(error), { status: 422 });
      }
    };
  }
  const engineToken = randomBytes(24).toString('base64url');
  let engineOrigin = '';
  const engineFetch = (path: string, init: RequestInit = {}) => fetch(engineOrigin + path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${engineToken}` } });
  // The engine comes with the local deployer (its mocks are on loopback); as deployed (`cloudflare`) it is a worker of its own.
  const engineWorker =
    options.engine === false || !deployer
      ? undefined
      : await engineWorkerOptions({ token: engineToken, database: MCP_DATABASE, mockHosts: LOOPBACK_HOSTS, allowedHosts: options.engine?.allowedHosts, vars: options.engine?.vars, socket: { host: '127.0.0.1', port: 0 } });
  if (engineWorker && deployer) {
    const forward = async (request: MiniflareRequest) => {
      const url = new URL(request.url);
      // The engine reads only these; hop-by-hop headers (content-length, connection…) stay behind.
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'accept']) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      if (request.method === 'POST' && (url.pathname === '/runs' || url.pathname === '/schedules') && body) {
        const refusal = await stackTargetRefusal(body, await deployer.list(), options.engine ? options.engine.allowedHosts : undefined);
        if (refusal) return new MiniflareResponse(JSON.stringify(refusal), { status: refusal.status, headers: { 'content-type': 'application/problem+json' } });
      }
      const res = await engineFetch(url.pathname + url.search, { method: request.method, headers, body });
      return new MiniflareResponse(await res.arrayBuffer(), { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' } });
    };
    serviceBindings.ENGINE = forward;
    // The local mocks' admin origins reach the same engine (their /api/load-runs), through the same checks.
    if (deployer instanceof LocalDeployer) deployer.attachEngine(forward);
  }
  // A run's shards spread over workerd processes of their own (cli/engine-shard-hosts.ts).
  const pool = engineWorker ? shardHostPool(defaultEngineProcesses(), engineWorker, () => engineOrigin) : undefined;
  const hosts = shardHostBindings(pool);
  // As deployed: the account's engine Worker, through what stands in for the service binding.
  if (cloudflare?.engine) serviceBindings.ENGINE = outboundThrough(cloudflare.engine);
  const miniflare = new Miniflare({
    host,
    port: 0,
    ...persist,
    handleRuntimeStdio,
    workers: [
      {
        name: 'mcp',
        modules: true,
        scriptPath,
        // Module names are relative to this root: the default (the working directory) breaks when
        // mockloop runs from another folder (workerd refuses a module path with `..`).
        modulesRoot: dirname(scriptPath),
        compatibilityDate: COMPATIBILITY_DATE,
        compatibilityFlags: ['nodejs_compat', 'global_fetch_strictly_public'],
        bindings,
        d1Databases: { DB: MCP_DATABASE },
        kvNamespaces: { OAUTH_KV: 'mockloop-oauth' },
        durableObjects: { CONTEXT_STORE: { className: 'ContextStore', useSQLite: true } },
        serviceBindings,
        ...(cloudflare?.outbound ? { outboundService: outboundThrough(cloudflare.outbound) } : {}),
        unsafeDirectSockets: [{ host, port: options.port }],
      },
      ...(engineWorker ? [{ ...engineWorker, bindings: { ...engineWorker.bindings, ...hosts.bindings }, ...(hosts.serviceBindings ? { serviceBindings: hosts.serviceBindings } : {}) }] : []),
    ],
  });
  try {
    await miniflare.ready;
    const db = await miniflare.getD1Database('DB', 'mcp');
    // SAFETY: Miniflare's D1 proxy implements the D1Database methods applyMigrations uses.
    await applyMigrations(db as unknown as Parameters<typeof applyMigrations>[0]);
    const origin = await miniflare.unsafeGetDirectURL('mcp');
    if (engineWorker) engineOrigin = (await miniflare.unsafeGetDirectURL('engine')).href.replace(/\/$/, '');
    return { url: new URL('/mcp', origin).href, miniflare, ...(engineWorker ? { engine: { url: engineOrigin, fetch: engineFetch } } : {}), dispose: async () => {
        if (engineWorker && deployer instanceof LocalDeployer) deployer.attachEngine(undefined);
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

function toMiniflare(res: Response): MiniflareResponse {
  // SAFETY: the body is a web ReadableStream, which Miniflare's Response accepts.
  return new MiniflareResponse(res.body as never, { status: res.status, headers: Object.fromEntries(res.headers) });
}

/** The worker's outbound fetches answered by a Node function (Fetch API in, Fetch API out). */
function outboundThrough(outbound: (request: Request) => Promise<Response>) {
  return async (request: MiniflareRequest): Promise<MiniflareResponse> => {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    // SAFETY: Miniflare's undici Request carries the same method, headers and body as a Fetch API Request.
    const body = hasBody ? (request.body as unknown as ReadableStream<Uint8Array> | null) : null;
    const forwarded = new Request(request.url, { method: request.method, headers: Object.fromEntries(request.headers), body, duplex: 'half', redirect: 'manual' } as RequestInit);
    return toMiniflare(await outbound(forwarded));
  };
}
