/**
 * The local runtime: one workerd worker per mock, run by Miniflare with direct sockets (no dev
 * proxy in the way), a mock origin and an admin origin each, local D1 and Durable Objects
 * persisted under the state directory.
 */
import { dirname, join } from 'node:path';
import { Miniflare, type Request as MiniflareRequest, type Response as MiniflareResponse } from 'miniflare';
import type { MockPlan } from '../src/plan';
import { buildMockWorker } from './build-worker';
import { applyMigrations } from './migrations';
import { asPortInUse } from './ports';
import { handleRuntimeStdio } from './runtime-stdio';

/** Must not be newer than what the installed workerd supports. */
export const COMPATIBILITY_DATE = '2026-07-01';

export interface LocalMockOptions {
  name: string;
  port: number;
  adminPort: number;
  adminToken: string;
  /** Extra string bindings (e.g. LOG_BATCH_ROWS for the benchmark). */
  vars?: Record<string, string>;
}

export interface LocalStackOptions {
  host?: string;
  /** Where D1 and Durable Object state live; `false` keeps everything in memory. */
  stateDir: string | false;
  mocks: LocalMockOptions[];
  /** An already built mock worker bundle (buildMockWorker); built now when absent. */
  scriptPath?: string;
  /** The stack's test engine as the mocks' ENGINE binding (their /api/load-runs forward to it). */
  engine?: (request: MiniflareRequest) => Promise<MiniflareResponse>;
}

export interface RunningMock {
  name: string;
  mockUrl: string;
  adminUrl: string;
  adminToken: string;
}

export interface LocalStack {
  mocks: RunningMock[];
  miniflare: Miniflare;
  /** Uploads a plan to a mock through its admin API. */
  installPlan(name: string, plan: MockPlan): Promise<InstallResult>;
  dispose(): Promise<void>;
}

export interface InstallResult {
  version: string;
  operations: Array<{ id: string; method: string; path: string }>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const scriptPath = options.scriptPath ?? (await buildMockWorker());
  const persist = options.stateDir === false ? {} : { d1Persist: join(options.stateDir, 'd1'), durableObjectsPersist: join(options.stateDir, 'do') };
  const miniflare = new Miniflare({
    host,
    port: 0,
    ...persist,
    log: undefined,
    handleRuntimeStdio,
    workers: options.mocks.map((mock) => ({
      name: workerName(mock.name),
      modules: true,
      scriptPath,
      // Module names are relative to this root: the default (the working directory) breaks when
      // mockloop runs from another folder (workerd refuses a module path with `..`).
      modulesRoot: dirname(scriptPath),
      compatibilityDate: COMPATIBILITY_DATE,
      // MOCK_TARGET_ORIGIN: where the engine sends a load run against this mock (loopback: the engine runs on this machine).
      bindings: { MOCK_ID: mock.name, ADMIN_TOKEN: mock.adminToken, MOCKLOOP_LOCAL: '1', MOCK_TARGET_ORIGIN: `http://${targetHost(host)}:${mock.port}`, ...redactSetting(), ...mock.vars },
      ...(options.engine ? { serviceBindings: { ENGINE: options.engine } } : {}),
      d1Databases: { DB: 'mockloop' },
      durableObjects: { MOCK_STATE: { className: 'MockState', useSQLite: true } },
      unsafeDirectSockets: [
        // Proxy style: workerd passes absolute-form and `*` targets to the worker instead of failing them with a bare 500.
        { host, port: mock.port, proxy: true },
        { host, port: mock.adminPort, entrypoint: 'Admin' },
      ],
    })),
  });
  const mocks: RunningMock[] = [];
  try {
    await miniflare.ready;
    if (options.mocks.length > 0) {
      const db = await miniflare.getD1Database('DB', workerName(options.mocks[0].name));
      // SAFETY: Miniflare's D1 proxy implements the D1Database methods applyMigrations uses.
      await applyMigrations(db as unknown as Parameters<typeof applyMigrations>[0]);
    }
    for (const mock of options.mocks) {
      const mockUrl = await miniflare.unsafeGetDirectURL(workerName(mock.name));
      const adminUrl = await miniflare.unsafeGetDirectURL(workerName(mock.name), 'Admin');
      mocks.push({ name: mock.name, mockUrl: trimSlash(mockUrl.href), adminUrl: trimSlash(adminUrl.href), adminToken: mock.adminToken });
    }
  } catch (error) {
    // A failed start leaves no half-started workerd behind.
    await miniflare.dispose().catch(() => {});
    throw asPortInUse(error, host);
  }

  return {
    mocks,
    miniflare,
    async installPlan(name, plan) {
      const mock = mocks.find((m) => m.name === name);
      if (!mock) throw new Error(`No local mock named "${name}"`);
      const res = await fetch(`${mock.adminUrl}/api/plan`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${mock.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(plan),
      });
      if (!res.ok) throw new Error(`Installing the plan of "${name}" failed: ${res.status} ${await res.text()}`);
      // SAFETY: PUT /api/plan answers the plan summary documented in the admin OpenAPI.
      return (await res.json()) as InstallResult;
    },
    dispose: () => miniflare.dispose(),
  };
}

/** The host a local client dials for a mock bound to `host` (a wildcard address: loopback). */
function targetHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function workerName(mock: string): string {
  return `mock-${mock}`;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** MOCKLOOP_LOG_REDACT_FIELDS → each mock's LOG_REDACT_FIELDS (which names the log redacts; see workers/mock/env.ts). */
function redactSetting(): Record<string, string> {
  const setting = process.env.MOCKLOOP_LOG_REDACT_FIELDS;
  return setting === undefined ? {} : { LOG_REDACT_FIELDS: setting };
}
