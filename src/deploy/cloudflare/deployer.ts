/**
 * The Cloudflare `Deployer` (docs/decisions/0011): each mock is its own Worker script uploaded
 * through the Script Upload API, serving from the account's shared D1 database, where the
 * deployer writes the plan before the upload. Platform-neutral: `fetch` is injected, so the same
 * code runs in the CLI (Node) and in the MCP worker.
 */
import type { MockPlan } from '../../plan';
import { type Problem, problem } from '../../problem';
import { DEPLOY_INVALID, DEPLOY_NAME_TAKEN, DEPLOY_UNKNOWN_MOCK } from '../errors';
import type { DeployedMock, DeployOutcome, Deployer, DeployProgress, DeployRequest, SpecSource } from '../types';
import { SLUG } from '../wire';
import { ADMIN_PATH_PREFIX, reservedPathProblem } from './admin-path';
import { type ApiFailure, type ApiResult, type CloudflareApi, type CloudflareApiOptions, createCloudflareApi } from './api';
import { applyMigrations, findOrCreateDatabase, type Migration, query, type Rows, type Statement } from './d1';
import { ENGINE_SCRIPT, type EngineOutcome, ensureEngine } from './engine';
import { apiProblem } from './errors';
import { readDeployments, toDeployedMock } from './registry';
import { currentPlanStatement, type DeploymentRow, deleteMockStatements, planStatements, setStatusStatement, upsertDeploymentStatement } from './rows';
import {
  accountSubdomain,
  activeVersions,
  attachDomain,
  deleteScript,
  detachDomain,
  listDomains,
  rollBack,
  scriptState,
  setWorkersDev,
  type Target,
  targetName,
  uploadScript,
} from './scripts';
import { buildMetadata, buildUploadForm } from './upload-form';

type Lazy<T> = T | (() => Promise<T>);
type Compiled = { ok: true; plan: MockPlan } | { ok: false; problem: Problem };

export interface CloudflareDeployerOptions extends CloudflareApiOptions {
  /** The bundled mock worker (cli/build-worker.ts), or how to get it; without it the deployer only lists, stops, starts and destroys. */
  script?: Lazy<string>;
  /** migrations/*.sql as data (the deployer applies them to the shared D1). */
  migrations: Lazy<Migration[]>;
  /** Compiles a spec source into a plan (where files and URLs may be read); needed by `deploy`. */
  compile?: (source: SpecSource) => Promise<Compiled>;
  /** Default: the account's own scripts. `dispatch` needs the domain its dispatch Worker serves. */
  target?: Target;
  dispatchDomain?: string;
  /**
   * The bundled test engine (workers/engine). With it, every deploy makes sure the account's engine
   * Worker is current and binds the mock to it (ENGINE, MOCK_TARGET_ORIGIN); without it, mocks
   * get no engine and their /api/load-runs answer 503.
   */
  engine?: Lazy<string>;
  /** The engine Worker's name (default `mockloop-engine`). */
  engineName?: string;
  /** A deterministic admin token per mock (the MCP worker derives them); else minted on creation only. */
  adminTokenFor?: (name: string) => Promise<string>;
  now?: () => number;
}

const STEPS = 6;

/**
 * @example
 * const deployer = new CloudflareDeployer({ token, accountId, script: bundle, migrations });
 * const outcome = await deployer.deployPlan({ name: 'petstore', ttlMs: 7_200_000 }, plan);
 */
export class CloudflareDeployer implements Deployer {
  readonly #options: CloudflareDeployerOptions;
  readonly #api: CloudflareApi;
  readonly #target: Target;
  #account?: Promise<ApiResult<{ databaseId: string; subdomain: string | null }>>;
  /** Engine checks by the hosts asked for: one per deployer (and isolate), not one per deploy. */
  readonly #engines = new Map<string, Promise<EngineOutcome>>();

  constructor(options: CloudflareDeployerOptions) {
    this.#options = options;
    this.#api = createCloudflareApi(options);
    this.#target = options.target ?? { kind: 'workers' };
  }

  /** API calls made so far (for measurements). */
  get calls(): number {
    return this.#api.calls;
  }

  async deploy(request: DeployRequest, onProgress: (step: DeployProgress) => void = () => {}): Promise<DeployOutcome> {
    if (!this.#options.compile) return fail(problem(DEPLOY_INVALID, 'This deployer takes compiled plans only (deployPlan).'));
    onProgress({ stage: 'compiling', message: 'compiling the spec into a mock plan', progress: 0, total: STEPS });
    const compiled = await this.#options.compile(request.source);
    if (!compiled.ok) return fail(compiled.problem);
    return this.deployPlan(request, compiled.plan, onProgress);
  }

  /** Deploys a compiled plan: a new mock, or (same name, `replace`) an update in place. */
  async deployPlan(request: Omit<DeployRequest, 'source'>, plan: MockPlan, onProgress: (step: DeployProgress) => void = () => {}): Promise<DeployOutcome> {
    const step = (n: number, stage: DeployProgress['stage'], message: string) => onProgress({ stage, message, progress: n, total: STEPS });
    const { name } = request;
    const invalid = this.#validate(request, plan);
    if (invalid) return fail(invalid);
    const bundle = this.#options.script;
    if (bundle === undefined) return fail(problem(DEPLOY_INVALID, 'This deployer has no mock worker bundle: it can list, stop, start and destroy mocks, not deploy them.'));
    const now = this.#now();

    const engineName = this.#options.engineName ?? ENGINE_SCRIPT;
    const withEngine = this.#options.engine !== undefined;
    step(1, 'installing', `finding the shared D1 database and applying its migrations${withEngine ? `; checking the test engine "${engineName}"` : ''}`);
    const account = await this.#accountContext();
    if (!account.ok) return this.#failed(account.failure);
    const { databaseId } = account.value;

    const [state, registered] = await Promise.all([scriptState(this.#api, this.#target, name), this.#registryRow(databaseId, name)]);
    if (!state.ok) return this.#failed(state.failure);
    if (!registered.ok) return this.#failed(registered.failure);
    const previous = registered.value;
    if (state.value.exists && !previous) {
      return fail(problem(DEPLOY_NAME_TAKEN, `A Worker named "${name}" exists in this account and was not deployed by mockloop; choose another name.`));
    }
    if (previous && state.value.exists && !request.replace) {
      return fail(problem(DEPLOY_NAME_TAKEN, `A mock named "${name}" is deployed; deploy again with replace to update it in place.`));
    }
    const isUpdate = state.value.exists;

    const mockUrl = this.#mockUrl(name, request.hostname, account.value.subdomain);
    if (withEngine) {
      const engine = await this.#engine(databaseId, this.#mockHosts(request.hostname, account.value.subdomain));
      if (!engine.ok) return fail(engine.problem);
    }

    step(2, 'installing', `writing plan ${plan.version} (${plan.operations.length} operations) to D1`);
    const planWritten = await query(this.#api, databaseId, 'd1 write plan', planStatements(name, plan, now));
    if (!planWritten.ok) return this.#failed(planWritten.failure, isUpdate ? 'The previous version keeps serving.' : await this.#undoNew(databaseId, name, []));

    let rollbackTo: Array<{ version_id: string; percentage: number }> = [];
    if (isUpdate && this.#target.kind === 'workers') {
      const active = await activeVersions(this.#api, name);
      if (!active.ok) return this.#failed(active.failure, 'The previous version keeps serving.');
      rollbackTo = active.value;
    }

    step(3, 'starting', `uploading the Worker "${name}"`);
    const adminToken = request.adminToken ?? (await this.#options.adminTokenFor?.(name)) ?? (isUpdate ? undefined : mintToken());
    const adminHost = request.adminHostname;
    const metadata = buildMetadata({
      mock: name,
      databaseId,
      planVersion: plan.version,
      adminToken,
      adminHost,
      adminPathPrefix: adminHost ? undefined : ADMIN_PATH_PREFIX,
      migrationTag: state.value.migrationTag,
      engine: withEngine ? { service: engineName, targetOrigin: new URL(mockUrl).origin } : undefined,
    });
    const uploaded = await uploadScript(this.#api, this.#target, name, buildUploadForm(metadata, await resolve(bundle)));
    // The engine may be gone since it was checked (10143: the ENGINE binding names no Worker): the next deploy checks again.
    if (!uploaded.ok) this.#engines.clear();
    if (!uploaded.ok) return this.#failed(uploaded.failure, isUpdate ? 'The previous version keeps serving.' : await this.#undoNew(databaseId, name, []));

    // From here a failure undoes the upload: an update rolls back, a new mock is removed.
    const attached: Array<{ id: string; hostname: string }> = [];
    const afterUpload = async (failure: ApiFailure): Promise<DeployOutcome> => {
      if (!isUpdate) return this.#failed(failure, await this.#undoNew(databaseId, name, attached));
      if (rollbackTo.length === 0) return this.#failed(failure, 'The new version stays: a dispatch namespace keeps no earlier version to roll back to; deploy again.');
      const undone = await rollBack(this.#api, name, rollbackTo);
      return this.#failed(failure, undone.ok ? 'The previous version was restored and keeps serving.' : 'Rolling back to the previous version failed too; deploy again.');
    };

    step(4, 'starting', 'routing: workers.dev and custom domains');
    if (this.#target.kind === 'workers' && !request.hostname) {
      const enabled = await setWorkersDev(this.#api, name, true);
      if (!enabled.ok) return afterUpload(enabled.failure);
    }
    const hostnames = [request.hostname, adminHost].filter((h): h is string => Boolean(h));
    // A namespace's scripts have no Custom Domains: the dispatch Worker routes these hostnames (from the registry row).
    if (hostnames.length > 0 && this.#target.kind === 'workers') {
      const known = await listDomains(this.#api, name);
      if (!known.ok) return afterUpload(known.failure);
      for (const hostname of hostnames) {
        if (known.value.some((d) => d.hostname === hostname)) continue;
        const domain = await attachDomain(this.#api, name, hostname);
        if (!domain.ok) return afterUpload(domain.failure);
        attached.push({ id: domain.value.id, hostname });
      }
    }

    step(5, 'installing', 'recording the deployment');
    const row: DeploymentRow = {
      mock: name,
      target: targetName(this.#target),
      mockUrl,
      adminUrl: adminHost ? `https://${adminHost}` : `${mockUrl}${ADMIN_PATH_PREFIX}`,
      basePath: plan.basePath,
      hostnames,
      status: 'running',
      createdAt: isUpdate && previous ? previous.createdAt : now,
      updatedAt: now,
      expiresAt: request.ttlMs === undefined ? (isUpdate && previous ? previous.expiresAt : null) : now + request.ttlMs,
    };
    const recorded = await query(this.#api, databaseId, 'd1 record deployment', [currentPlanStatement(name, plan.version, now), upsertDeploymentStatement(row)]);
    if (!recorded.ok) return afterUpload(recorded.failure);

    step(STEPS, 'ready', `"${name}" is deployed at ${mockUrl}`);
    return {
      ok: true,
      mock: {
        ...toDeployedMock(row, adminToken ?? ''),
        title: plan.title,
        planVersion: plan.version,
        operations: plan.operations.length,
        lastRequestAt: null,
      },
    };
  }

  async list(): Promise<DeployedMock[]> {
    const listed = await this.#list();
    if (!listed.ok) throw new Error(apiProblem(listed.failure).detail);
    return listed.value.mocks;
  }

  /** The deployed mocks (admin tokens only when derivable), or the API's failure (list() throws it). */
  async #list(): Promise<ApiResult<{ databaseId: string; mocks: DeployedMock[]; targets: Map<string, Target> }>> {
    const account = await this.#accountContext();
    if (!account.ok) return account;
    const rows = await readDeployments(this.#api, account.value.databaseId);
    if (!rows.ok) return rows;
    const mocks: DeployedMock[] = [];
    const targets = new Map<string, Target>();
    for (const { target, ...row } of rows.value) {
      mocks.push({ ...row, adminToken: (await this.#options.adminTokenFor?.(row.name)) ?? '' });
      targets.set(row.name, target);
    }
    return { ok: true, value: { databaseId: account.value.databaseId, mocks, targets } };
  }

  stop(name: string): Promise<DeployOutcome> {
    return this.#switch(name, 'stopped');
  }

  start(name: string): Promise<DeployOutcome> {
    return this.#switch(name, 'running');
  }

  /** Removes the script (its Durable Object namespace with it), its custom domains and its D1 rows. */
  async destroy(name: string): Promise<DeployOutcome> {
    const found = await this.#find(name);
    if (!found.ok) return found;
    const { databaseId, target } = found;
    if (target.kind === 'workers') {
      const domains = await listDomains(this.#api, name);
      if (!domains.ok) return this.#failed(domains.failure);
      for (const domain of domains.value) {
        const detached = await detachDomain(this.#api, domain);
        if (!detached.ok) return this.#failed(detached.failure);
      }
    }
    const deleted = await deleteScript(this.#api, target, name);
    if (!deleted.ok && deleted.failure.status !== 404) return this.#failed(deleted.failure);
    const rows = await query(this.#api, databaseId, 'd1 delete rows', deleteMockStatements(name));
    if (!rows.ok) return this.#failed(rows.failure, 'The Worker is gone; its D1 rows remain (destroy again to remove them).');
    return { ok: true, mock: { ...found.mock, status: 'stopped' } };
  }

  /** Destroys every mock past its expiry; answers the names removed and the failures. */
  async destroyExpired(): Promise<{ destroyed: string[]; failed: Array<{ name: string; problem: Problem }> }> {
    const listed = await this.#list();
    if (!listed.ok) return { destroyed: [], failed: [{ name: '*', problem: apiProblem(listed.failure) }] };
    const now = this.#now();
    const destroyed: string[] = [];
    const failed: Array<{ name: string; problem: Problem }> = [];
    for (const mock of listed.value.mocks.filter((m) => m.expiresAt != null && m.expiresAt <= now)) {
      const outcome = await this.destroy(mock.name);
      if (outcome.ok) destroyed.push(mock.name);
      else failed.push({ name: mock.name, problem: outcome.problem });
    }
    return { destroyed, failed };
  }

  async #switch(name: string, status: 'running' | 'stopped'): Promise<DeployOutcome> {
    const found = await this.#find(name);
    if (!found.ok) return found;
    const { databaseId, target } = found;
    const hostnames = found.hostnames;
    // A namespace's scripts have no workers.dev or Custom Domains to switch: the dispatch Worker reads the status recorded below.
    if (target.kind === 'workers' && (hostnames.length === 0 || status === 'stopped')) {
      const changed = await setWorkersDev(this.#api, name, status === 'running');
      if (!changed.ok) return this.#failed(changed.failure);
    }
    if (target.kind === 'dispatch') {
      // Nothing to attach or detach.
    } else if (status === 'stopped') {
      const domains = await listDomains(this.#api, name);
      if (!domains.ok) return this.#failed(domains.failure);
      for (const domain of domains.value) {
        const detached = await detachDomain(this.#api, domain);
        if (!detached.ok) return this.#failed(detached.failure);
      }
    } else {
      for (const hostname of hostnames) {
        const attached = await attachDomain(this.#api, name, hostname);
        if (!attached.ok) return this.#failed(attached.failure);
      }
    }
    const saved = await query(this.#api, databaseId, 'd1 record status', [setStatusStatement(name, status, this.#now())]);
    if (!saved.ok) return this.#failed(saved.failure);
    return { ok: true, mock: { ...found.mock, status } };
  }

  /** A registered mock, with the target it was deployed to (not necessarily this deployer's). */
  async #find(name: string): Promise<{ ok: true; mock: DeployedMock; hostnames: string[]; databaseId: string; target: Target } | { ok: false; problem: Problem }> {
    const listed = await this.#list();
    if (!listed.ok) return { ok: false, problem: apiProblem(listed.failure) };
    const mock = listed.value.mocks.find((m) => m.name === name);
    if (!mock) {
      const known = listed.value.mocks.map((m) => m.name).sort();
      return { ok: false, problem: problem(DEPLOY_UNKNOWN_MOCK, `No deployed mock named "${name}". Deployed: ${known.join(', ') || '(none)'}.`, { known }) };
    }
    const hostnames = [mock.mockUrl, mock.adminUrl].map((url) => new URL(url).hostname).filter((h) => !h.endsWith('.workers.dev'));
    const target = listed.value.targets.get(name) ?? this.#target;
    return { ok: true, mock, hostnames: [...new Set(hostnames)], databaseId: listed.value.databaseId, target };
  }

  #validate(request: Omit<DeployRequest, 'source'>, plan: MockPlan): Problem | null {
    if (!SLUG.test(request.name)) {
      return problem(DEPLOY_INVALID, `name must be a slug (lower-case letters, digits, dashes), got "${request.name}"`, { errors: [{ location: 'name', message: 'not a slug' }] });
    }
    if (this.#target.kind === 'dispatch' && !this.#options.dispatchDomain) {
      return problem(DEPLOY_INVALID, 'A dispatch namespace target needs the domain its dispatch Worker serves (dispatchDomain).');
    }
    if (request.ttlMs !== undefined && !(request.ttlMs > 0)) return problem(DEPLOY_INVALID, 'ttl must be a positive duration');
    return request.adminHostname ? null : reservedPathProblem(plan);
  }

  #mockUrl(name: string, hostname: string | undefined, subdomain: string | null): string {
    if (hostname) return `https://${hostname}`;
    if (this.#target.kind === 'dispatch') return `https://${name}.${this.#options.dispatchDomain}`;
    return `https://${name}.${subdomain}.workers.dev`;
  }

  /** Host patterns of this deployer's mocks: its target's domain, and a mock's own hostname. */
  #mockHosts(hostname: string | undefined, subdomain: string | null): string[] {
    const hosts = this.#target.kind === 'dispatch' ? [`*.${this.#options.dispatchDomain}`] : [`*.${subdomain}.workers.dev`];
    return hostname ? [...hosts, hostname.toLowerCase()] : hosts;
  }

  /** The engine made current once per set of hosts; a failure is not remembered. */
  #engine(databaseId: string, mockHosts: string[]): Promise<EngineOutcome> {
    const key = mockHosts.join(',');
    const known = this.#engines.get(key);
    if (known) return known;
    const pending = (async () => {
      // SAFETY: called only when the engine option is set.
      const bundle = await resolve(this.#options.engine as Lazy<string>);
      return ensureEngine(this.#api, { name: this.#options.engineName ?? ENGINE_SCRIPT, bundle, databaseId, mockHosts });
    })();
    this.#engines.set(key, pending);
    pending.then((r) => {
      if (!r.ok && this.#engines.get(key) === pending) this.#engines.delete(key);
    });
    return pending;
  }

  /** The shared database (found or created, migrated) and the workers.dev subdomain, once per deployer. */
  #accountContext(): Promise<ApiResult<{ databaseId: string; subdomain: string | null }>> {
    this.#account ??= (async () => {
      const db = await findOrCreateDatabase(this.#api);
      if (!db.ok) return db;
      const migrated = await applyMigrations(this.#api, db.value.id, await resolve(this.#options.migrations));
      if (!migrated.ok) return migrated;
      if (this.#target.kind === 'dispatch') return { ok: true as const, value: { databaseId: db.value.id, subdomain: null } };
      const subdomain = await accountSubdomain(this.#api);
      return subdomain.ok ? { ok: true as const, value: { databaseId: db.value.id, subdomain: subdomain.value } } : subdomain;
    })();
    const pending = this.#account;
    // A failure is not remembered: the next call tries again.
    pending.then((r) => {
      if (!r.ok && this.#account === pending) this.#account = undefined;
    });
    return pending;
  }

  async #registryRow(databaseId: string, name: string): Promise<ApiResult<{ createdAt: number; expiresAt: number | null } | null>> {
    const rows = await query(this.#api, databaseId, 'd1 read registry', [{ sql: 'SELECT created_at, expires_at FROM deployments WHERE mock = ?1', params: [name] }]);
    if (!rows.ok) return rows;
    const row: Rows[number] | undefined = rows.value[0]?.[0];
    return { ok: true, value: row ? { createdAt: Number(row.created_at), expiresAt: row.expires_at == null ? null : Number(row.expires_at) } : null };
  }

  /** Removes what a failed deploy of a new mock created; answers the sentence the problem ends with. */
  async #undoNew(databaseId: string, name: string, attached: Array<{ id: string; hostname: string }>): Promise<string> {
    const steps: Array<() => Promise<ApiResult<unknown>>> = [
      ...attached.map((domain) => () => detachDomain(this.#api, domain)),
      () => deleteScript(this.#api, this.#target, name),
      () => query(this.#api, databaseId, 'd1 delete rows', deleteMockStatements(name) satisfies Statement[]),
    ];
    let clean = true;
    for (const undo of steps) {
      const result = await undo();
      if (!result.ok && result.failure.status !== 404) clean = false;
    }
    return clean ? 'Nothing of the new mock was left behind.' : `Cleaning up failed too; run \`mockloop destroy ${name}\`.`;
  }

  #failed(failure: ApiFailure, context?: string): DeployOutcome {
    return fail(apiProblem(failure, context));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function fail(p: Problem): DeployOutcome {
  return { ok: false, problem: p };
}

async function resolve<T>(value: Lazy<T>): Promise<T> {
  // SAFETY: Lazy<T> is T or a thunk of it, and T (a string or an array) is never a function.
  return typeof value === 'function' ? (value as () => Promise<T>)() : value;
}

/** 32 random bytes, base64url: the admin token of a new mock. */
function mintToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
