/**
 * The local `Deployer`: compiles a spec in Node (where files and URLs can be read) and starts the
 * mock as its own Miniflare (one workerd process per mock, see docs/decisions/0005), with a mock
 * origin and an admin origin on their own ports. A registry under the state directory remembers
 * every mock, so a restarted stack brings back the ones that were running.
 */
import { type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DEPLOY_FAILED,
  DEPLOY_INVALID,
  DEPLOY_NAME_TAKEN,
  DEPLOY_STEPS,
  DEPLOY_UNKNOWN_MOCK,
  type DeployedMock,
  type DeployOutcome,
  type Deployer,
  type DeployProgress,
  type DeployRequest,
  SLUG,
} from '../src/deploy';
import { compilePlan, type MockPlan } from '../src/plan';
import { problem } from '../src/problem';
import { loadSpec } from '../src/spec';
import { buildMockWorker } from './build-worker';
import { type LocalStack, startLocalStack } from './local-runtime';
import { freePort, PortInUseError } from './ports';
import { fetchSpecText } from './spec-fetch';
import { compileSpec, defaultSpecAccess, type SpecAccess } from './spec-source';

export interface LocalDeployerOptions {
  host?: string;
  /** State root: mock `x` lives in `<stateDir>/mocks/x`, the registry in `<stateDir>/mocks.json`. `false`: memory only. */
  stateDir: string | false;
  /**
   * What a spec named by a deploy request (an MCP caller) may read: files under `specDirs`
   * (default: the working directory), never the state directory; public addresses unless allowed.
   */
  specAccess?: Partial<SpecAccess>;
}

/** What the registry keeps of a mock (the admin token too: the state directory is the operator's). */
interface MockRecord {
  name: string;
  port: number;
  adminPort: number;
  adminToken: string;
  basePath: string;
  title: string;
  createdAt: number;
  status: 'running' | 'stopped';
}

interface Entry {
  record: MockRecord;
  stack?: LocalStack;
  /** Kept for in-memory stacks, whose D1 (and so the plan) is gone once the worker stops. */
  plan?: MockPlan;
}

export type EngineForward = (request: MiniflareRequest) => Promise<MiniflareResponse>;

/** What the mocks' ENGINE binding answers while no engine is attached (the MCP server brings one). */
export function noEngine(): MiniflareResponse {
  const body = { type: 'https://mockloop.dev/problems/load-no-engine', title: 'No test engine is bound to this mock', status: 503, detail: 'The test engine runs with the stack’s MCP server: start the stack with it (mockloop mock … with the MCP server on).' };
  return new MiniflareResponse(JSON.stringify(body), { status: 503, headers: { 'content-type': 'application/problem+json' } });
}

export class LocalDeployer implements Deployer {
  readonly #host: string;
  readonly #stateDir: string | false;
  readonly #specAccess: SpecAccess;
  readonly #entries = new Map<string, Entry>();
  #script?: Promise<string>;
  /** Deploys, starts and stops run one at a time: each changes the registry and binds ports. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The stack's test engine (attached by the MCP server that runs it); the mocks' ENGINE binding forwards here. */
  #engine?: EngineForward;

  /** Binds the mocks' ENGINE (their /api/load-runs) to this engine; `undefined` unbinds (they answer 503). */
  attachEngine(engine: EngineForward | undefined): void {
    this.#engine = engine;
  }

  constructor(options: LocalDeployerOptions) {
    this.#host = options.host ?? '127.0.0.1';
    this.#stateDir = options.stateDir === false ? false : resolve(options.stateDir);
    const denyDirs = [...(options.specAccess?.denyDirs ?? []), ...(this.#stateDir === false ? [] : [this.#stateDir])];
    this.#specAccess = defaultSpecAccess({ ...options.specAccess, denyDirs });
  }

  /** Reads the registry and starts every mock that was running when the stack last stopped (but those in `except`). */
  async restore(except: string[] = [], onFailure: (name: string, detail: string) => void = () => {}): Promise<DeployedMock[]> {
    if (this.#stateDir === false) return [];
    let records: MockRecord[];
    try {
      // SAFETY: the registry is written by #save from MockRecord values.
      records = JSON.parse(await readFile(this.#registryPath(), 'utf8')) as MockRecord[];
    } catch {
      return [];
    }
    const started: DeployedMock[] = [];
    for (const record of records) {
      this.#entries.set(record.name, { record: { ...record } });
      if (record.status === 'running' && !except.includes(record.name)) {
        const outcome = await this.start(record.name);
        if (outcome.ok) started.push(outcome.mock);
        else onFailure(record.name, outcome.problem.detail ?? outcome.problem.title);
      }
    }
    return started;
  }

  /**
   * Reading and compiling run outside the queue: a slow or hung spec fetch must not hold up other
   * deploys, starts and stops (it has a deadline of its own).
   */
  async deploy(request: DeployRequest, onProgress: (step: DeployProgress) => void = () => {}): Promise<DeployOutcome> {
    const refused = this.#refusal(request);
    if (refused) return refused;
    const step = (n: number, stage: DeployProgress['stage'], text: string) => onProgress({ stage, message: text, progress: n, total: DEPLOY_STEPS });
    step(0, 'reading', request.source.kind === 'text' ? 'reading the spec text' : `reading ${request.source.location}`);
    const compiled = await this.#compile(request, () => step(1, 'compiling', 'compiling the spec into a mock plan'));
    if (!compiled.ok) return compiled;
    return this.#serial(() => this.#deploy(request, onProgress, compiled.plan));
  }

  /** Deploys a plan compiled already (the CLI compiles first, to print it and name the mock). */
  deployPlan(request: Omit<DeployRequest, 'source'>, plan: MockPlan): Promise<DeployOutcome> {
    return this.#serial(() => this.#deploy({ ...request, source: { kind: 'text', text: '' } }, () => {}, plan));
  }

  /** Fetches a spec URL for the MCP worker's prompts under the same address policy as deploys; never a file. */
  readSpecUrl(url: string): Promise<string> {
    if (!/^https?:\/\//i.test(url)) return Promise.reject(new Error('only http(s) URLs are read; files never are'));
    return fetchSpecText(url, { policy: this.#specAccess.network }, this.#specAccess.limits);
  }

  async list(): Promise<DeployedMock[]> {
    return [...this.#entries.values()].map((entry) => this.#view(entry)).sort((a, b) => a.name.localeCompare(b.name));
  }

  stop(name: string): Promise<DeployOutcome> {
    return this.#serial(async () => {
      const entry = this.#entries.get(name);
      if (!entry) return this.#unknown(name);
      await this.#halt(entry);
      entry.record.status = 'stopped';
      await this.#save();
      return { ok: true, mock: this.#view(entry) };
    });
  }

  start(name: string): Promise<DeployOutcome> {
    return this.#serial(async () => {
      const entry = this.#entries.get(name);
      if (!entry) return this.#unknown(name);
      if (!entry.stack) {
        try {
          await this.#launch(entry);
          // A persisted mock still has its plan in D1; an in-memory one gets it again.
          if (entry.plan && (await this.#planVersion(entry)) === null) await entry.stack!.installPlan(name, entry.plan);
        } catch (error) {
          await this.#halt(entry);
          return { ok: false, problem: problem(DEPLOY_FAILED, `Starting "${name}" failed: ${message(error)}`, portInUse(error)) };
        }
      }
      entry.record.status = 'running';
      await this.#save();
      return { ok: true, mock: this.#view(entry) };
    });
  }

  /** Stops every worker (the registry keeps their last status, so `restore` brings them back). */
  async dispose(): Promise<void> {
    await this.#queue.catch(() => {});
    await Promise.all([...this.#entries.values()].map((entry) => this.#halt(entry)));
  }

  /** A request that cannot be deployed whatever its spec says (checked again inside the queue). */
  #refusal(request: Pick<DeployRequest, 'name' | 'replace'>): DeployOutcome | undefined {
    if (!SLUG.test(request.name)) {
      return { ok: false, problem: problem(DEPLOY_INVALID, `name must be a slug (lower-case letters, digits, dashes), got "${request.name}"`, { errors: [{ location: 'name', message: 'not a slug' }] }) };
    }
    if (this.#entries.has(request.name) && !request.replace) {
      return { ok: false, problem: problem(DEPLOY_NAME_TAKEN, `A mock named "${request.name}" exists; choose another name or replace it.`, { known: [...this.#entries.keys()] }) };
    }
    return undefined;
  }

  async #deploy(request: DeployRequest, onProgress: (step: DeployProgress) => void, plan: MockPlan): Promise<DeployOutcome> {
    const step = (n: number, stage: DeployProgress['stage'], text: string) => onProgress({ stage, message: text, progress: n, total: DEPLOY_STEPS });
    const refused = this.#refusal(request);
    if (refused) return refused;
    const existing = this.#entries.get(request.name);

    step(2, 'starting', `starting a workerd worker for "${request.name}" (${plan.operations.length} operations)`);
    if (existing) await this.#halt(existing);
    const entry: Entry = {
      record: {
        name: request.name,
        // A replaced mock keeps its URLs.
        port: request.port ?? existing?.record.port ?? (await freePort(this.#host)),
        adminPort: request.adminPort ?? existing?.record.adminPort ?? (await freePort(this.#host)),
        adminToken: request.adminToken ?? existing?.record.adminToken ?? randomBytes(24).toString('base64url'),
        basePath: plan.basePath,
        title: plan.title,
        createdAt: existing?.record.createdAt ?? Date.now(),
        status: 'running',
      },
      plan: this.#stateDir === false ? plan : undefined,
    };
    // Ports picked here were free a moment ago; another process may bind one before workerd does
    // (a probe, then a bind): then pick again, a few times. A port the caller asked for is kept.
    const picked = { port: request.port === undefined && existing === undefined, adminPort: request.adminPort === undefined && existing === undefined };
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.#launch(entry);
          break;
        } catch (error) {
          const busy = error instanceof PortInUseError ? error.port : undefined;
          const repick = busy !== undefined && attempt < 4 && ((picked.port && busy === entry.record.port) || (picked.adminPort && busy === entry.record.adminPort));
          if (!repick) throw error;
          await this.#halt(entry);
          if (picked.port && busy === entry.record.port) entry.record.port = await freePort(this.#host);
          else entry.record.adminPort = await freePort(this.#host);
        }
      }
      step(3, 'installing', `installing plan ${plan.version} through the admin API`);
      await entry.stack!.installPlan(request.name, plan);
    } catch (error) {
      await this.#halt(entry);
      // A failed replace brings the previous mock back, so the failure loses nothing.
      if (existing?.record.status === 'running') await this.#launch(existing).catch(() => this.#halt(existing));
      return { ok: false, problem: problem(DEPLOY_FAILED, `Starting "${request.name}" failed: ${message(error)}`, portInUse(error)) };
    }
    this.#entries.set(request.name, entry);
    await this.#save();
    step(DEPLOY_STEPS, 'ready', `"${request.name}" is serving`);
    return { ok: true, mock: this.#view(entry) };
  }

  async #compile(request: DeployRequest, compiling: () => void): Promise<{ ok: true; plan: MockPlan } | { ok: false; problem: ReturnType<typeof problem> }> {
    if (request.source.kind === 'text') {
      compiling();
      // Inline text has no place for relative external $refs to resolve against: none are read.
      const loaded = await loadSpec({ text: request.source.text, location: 'spec_text' });
      return loaded.ok ? { ok: true, plan: compilePlan(loaded.value) } : loaded;
    }
    // The location comes from a deploy request (an MCP caller): read only what the operator allowed.
    const outcome = await compileSpec(request.source.location, this.#specAccess, false, compiling);
    return outcome.ok ? { ok: true, plan: outcome.plan } : { ok: false, problem: outcome.problem };
  }

  async #launch(entry: Entry): Promise<void> {
    const { record } = entry;
    this.#script ??= buildMockWorker();
    if (this.#stateDir !== false) await adoptSharedState(this.#stateDir, record.name);
    entry.stack = await startLocalStack({
      host: this.#host,
      stateDir: this.#stateDir === false ? false : join(this.#stateDir, 'mocks', record.name),
      scriptPath: await this.#script,
      mocks: [{ name: record.name, port: record.port, adminPort: record.adminPort, adminToken: record.adminToken }],
      engine: (request) => (this.#engine ? this.#engine(request) : Promise.resolve(noEngine())),
    });
  }

  async #halt(entry: Entry): Promise<void> {
    const stack = entry.stack;
    entry.stack = undefined;
    await stack?.dispose();
  }

  async #planVersion(entry: Entry): Promise<string | null> {
    const res = await fetch(`${this.#view(entry).adminUrl}/health`);
    return ((await res.json()) as { planVersion: string | null }).planVersion;
  }

  #view(entry: Entry): DeployedMock {
    const { record } = entry;
    const running = entry.stack?.mocks[0];
    const host = this.#host.includes(':') ? `[${this.#host}]` : this.#host;
    return {
      name: record.name,
      status: entry.stack ? 'running' : 'stopped',
      mockUrl: running?.mockUrl ?? `http://${host}:${record.port}`,
      adminUrl: running?.adminUrl ?? `http://${host}:${record.adminPort}`,
      adminToken: record.adminToken,
      basePath: record.basePath,
      title: record.title,
      createdAt: record.createdAt,
    };
  }

  #unknown(name: string): DeployOutcome {
    const known = [...this.#entries.keys()].sort();
    return { ok: false, problem: problem(DEPLOY_UNKNOWN_MOCK, `No mock named "${name}". Known mocks: ${known.join(', ') || '(none)'}.`, { known }) };
  }

  #registryPath(): string {
    return join(this.#stateDir as string, 'mocks.json');
  }

  async #save(): Promise<void> {
    if (this.#stateDir === false) return;
    await mkdir(this.#stateDir, { recursive: true });
    const records = [...this.#entries.values()].map((entry) => entry.record);
    await writeFile(this.#registryPath(), JSON.stringify(records, null, 2), { mode: 0o600 });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}

/** The busy port, so a caller can name the flag or argument that chose it. */
function portInUse(error: unknown): { portInUse: number } | undefined {
  return error instanceof PortInUseError ? { portInUse: error.port } : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Before mocks had a state directory each, every mock of a `mockloop mock` run kept its D1 and
 * Durable Object files in `<state>/d1` and `<state>/do`. A mock started with no state of its own
 * gets a copy of those (its rows are found by its name, its MockState by its worker's name), so
 * an upgrade keeps its plan, scenarios and logs. The shared files stay for the other mocks.
 */
async function adoptSharedState(root: string, name: string): Promise<void> {
  const own = join(root, 'mocks', name);
  if ((await exists(own)) || !(await exists(join(root, 'd1')))) return;
  await mkdir(own, { recursive: true });
  for (const dir of ['d1', 'do']) if (await exists(join(root, dir))) await cp(join(root, dir), join(own, dir), { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
