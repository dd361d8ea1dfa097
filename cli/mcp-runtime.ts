/**
 * Runs the MCP worker locally: workerd via Miniflare with local D1 (audit log), KV (OAuth) and
 * the ContextStore Durable Object (SQLite-backed), persisted under the state directory. The
 * worker cannot start workers itself, so its DEPLOYER binding is a Node function: the local
 * deployer behind the deployer protocol.
 */
import { dirname, join } from 'node:path';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import { createDeployerHandler, type Deployer } from '../src/deploy';
import { buildMcpWorker } from './build-worker';
import { COMPATIBILITY_DATE } from './local-runtime';
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
  deployer: Deployer;
  /** Serve loopback requests without credentials (MCP_LOCAL_DEV=no-auth). */
  localDev?: boolean;
  /** The URL clients use, when it is not this server's own (a tunnel, a proxy). */
  publicUrl?: string;
}

export interface RunningMcpServer {
  /** The MCP endpoint: `http://127.0.0.1:8787/mcp`. */
  url: string;
  miniflare: Miniflare;
  dispose(): Promise<void>;
}

export async function startMcpServer(options: McpServerOptions): Promise<RunningMcpServer> {
  const host = options.host ?? '127.0.0.1';
  const scriptPath = await buildMcpWorker();
  const persist =
    options.stateDir === false
      ? {}
      : { d1Persist: join(options.stateDir, 'd1'), kvPersist: join(options.stateDir, 'kv'), durableObjectsPersist: join(options.stateDir, 'do') };
  const handleDeploy = createDeployerHandler(options.deployer);
  const bindings: Record<string, string> = { MCP_TOKEN: options.token, OPERATOR_SECRET: options.operatorSecret };
  if (options.localDev) bindings.MCP_LOCAL_DEV = 'no-auth';
  if (options.publicUrl) bindings.MCP_PUBLIC_URL = options.publicUrl;
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
        serviceBindings: {
          DEPLOYER: async (request: MiniflareRequest) => {
            // SAFETY: Miniflare's Request implements the Fetch API Request the handler reads.
            const res = await handleDeploy(request as unknown as Request);
            // SAFETY: the body is a web ReadableStream, which Miniflare's Response accepts.
            return new MiniflareResponse(res.body as never, { status: res.status, headers: Object.fromEntries(res.headers) });
          },
        },
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
