/**
 * Runs the MCP worker locally: workerd via Miniflare with local D1 (audit log), KV (OAuth) and
 * the ContextStore Durable Object (SQLite-backed), persisted under the state directory. The
 * worker cannot start workers itself, so its DEPLOYER binding is a Node function: the local
 * deployer behind the deployer protocol. With `cloudflare` instead it runs as deployed: no
 * DEPLOYER, the account's credentials as secrets, mocks deployed through the Cloudflare API.
 */
import { dirname, join } from 'node:path';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import { createDeployerHandler, type Deployer } from '../src/deploy';
import { buildMcpWorker } from './build-worker';
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
}

export interface RunningMcpServer {
  /** The MCP endpoint: `http://127.0.0.1:8787/mcp`. */
  url: string;
  miniflare: Miniflare;
  dispose(): Promise<void>;
}

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
        d1Databases: { DB: 'mockloop-mcp' },
        kvNamespaces: { OAUTH_KV: 'mockloop-oauth' },
        durableObjects: { CONTEXT_STORE: { className: 'ContextStore', useSQLite: true } },
        serviceBindings,
        ...(cloudflare?.outbound ? { outboundService: outboundThrough(cloudflare.outbound) } : {}),
        unsafeDirectSockets: [{ host, port: options.port }],
      },
    ],
  });
  try {
    await miniflare.ready;
    const db = await miniflare.getD1Database('DB', 'mcp');
    // SAFETY: Miniflare's D1 proxy implements the D1Database methods applyMigrations uses.
    await applyMigrations(db as unknown as Parameters<typeof applyMigrations>[0]);
    const origin = await miniflare.unsafeGetDirectURL('mcp');
    return { url: new URL('/mcp', origin).href, miniflare, dispose: () => miniflare.dispose() };
  } catch (error) {
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
