/**
 * `mockloop load`: a load run from the command line, for CI. Resolves the target (a mock of the
 * local stack by name or URL, or a URL whose host LOAD_ALLOWED_HOSTS lists) and its request mix
 * (the mock's plan or `--spec`), checks everything before anything starts, runs the engine worker
 * locally (cli/engine-runtime.ts), prints a k6-like summary and exits 0 when every threshold held,
 * 99 when one failed (k6's convention), 1 on bad input or a failed run, 105 when interrupted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MockPlan } from '../src/plan';
import { formatSummary, type LoadSummary, parseHostList, type Stage, targetRefusal, toJunit, validateLoadRun } from '../src/testing/load';
import { startEngine } from './engine-runtime';
import { compileSpecAt } from './spec-source';

/** Exit codes (the README's table): `run` and `probe` use 2 for bad input too; 99 and 105 are k6's. */
const EXIT_BAD_INPUT = 2;

export interface LoadCommandOptions {
  target: string;
  rate?: string;
  vus?: string;
  duration?: string;
  iterations?: string;
  stages?: string;
  thresholds: string[];
  json?: string;
  junit?: string;
  spec?: string;
  /** A test plan file: each iteration runs its steps. */
  plan?: string;
  shards?: string;
  seed?: string;
  stateDir: string;
}

class InputError extends Error {}

interface Registered {
  name: string;
  port: number;
  adminPort: number;
  adminToken: string;
  basePath: string;
  status: string;
}

/** `200/s`, `200`, `1200/m` → per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new InputError(`--rate ${text}: write requests per second, e.g. 200/s (or per minute: 600/m)`);
  return Number(m[1]) / (m[2] === 'm' ? 60 : 1);
}

/** `30s`, `500ms`, `2m` → ms. */
export function parseLoadDuration(text: string, flag = '--duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new InputError(`${flag} ${text}: write a duration such as 30s, 500ms or 2m`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
}

/** `10s:50,20s:200` → stages (each: how long, and the level reached at its end). */
export function parseStages(text: string): Stage[] {
  return text.split(',').map((part) => {
    const m = /^\s*([^:]+):\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) throw new InputError(`--stages ${text}: write duration:target pairs, e.g. 10s:50,20s:200`);
    return { durationMs: parseLoadDuration(m[1], '--stages'), target: Number(m[2]) };
  });
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${flag} ${text}: a positive whole number`);
  return n;
}

async function registry(stateDir: string): Promise<Registered[]> {
  try {
    // SAFETY: written by LocalDeployer (cli/local-deployer.ts) as a list of its mock records.
    return JSON.parse(await readFile(join(resolve(stateDir), 'state', 'mocks.json'), 'utf8')) as Registered[];
  } catch {
    return [];
  }
}

async function planOfMock(mock: Registered): Promise<MockPlan> {
  const res = await fetch(`http://127.0.0.1:${mock.adminPort}/api/plan?full=true`, { headers: { authorization: `Bearer ${mock.adminToken}` } }).catch(() => null);
  if (!res?.ok) throw new InputError(`mock "${mock.name}" is not running (start it with: mockloop mock <spec> --name ${mock.name})`);
  // SAFETY: GET /api/plan?full=true answers the compiled MockPlan.
  return (await res.json()) as MockPlan;
}

interface ResolvedTarget {
  url: string;
  mock?: string;
  /** The spec's plan (the request mix); absent with a test plan for a URL that is not a mock of this stack. */
  plan?: MockPlan;
  mockHosts: string[];
}

async function resolveTarget(o: LoadCommandOptions): Promise<ResolvedTarget> {
  const mocks = await registry(o.stateDir);
  const specPlan = async (): Promise<MockPlan | undefined> => {
    if (!o.spec) return undefined;
    const compiled = await compileSpecAt(o.spec);
    if (!compiled.ok) throw new InputError(`--spec ${o.spec}: ${compiled.problem.detail ?? compiled.problem.title}`);
    return compiled.plan;
  };
  if (!/^https?:\/\//i.test(o.target)) {
    const mock = mocks.find((m) => m.name === o.target);
    if (!mock) throw new InputError(`no mock named "${o.target}" in ${resolve(o.stateDir)}${mocks.length ? ` (known: ${mocks.map((m) => m.name).join(', ')})` : ''}; give a mock name or a URL`);
    const plan = (await specPlan()) ?? (await planOfMock(mock));
    const host = `127.0.0.1:${mock.port}`;
    return { url: `http://${host}${plan.basePath}`, mock: mock.name, plan, mockHosts: [host] };
  }
  let url: URL;
  try {
    url = new URL(o.target);
  } catch {
    throw new InputError(`${o.target} is not a URL`);
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? mocks.find((m) => String(m.port) === url.port) : undefined;
  const plan = (await specPlan()) ?? (local ? await planOfMock(local) : undefined);
  if (!plan && o.plan === undefined) throw new InputError(`${url.host} is not a mock of this stack: give --spec <file> for its request mix, or --plan <file>`);
  const base = url.pathname === '/' && local && plan ? `${url.origin}${plan.basePath}` : o.target.replace(/\/+$/, '');
  return { url: base, ...(local ? { mock: local.name } : {}), ...(plan ? { plan } : {}), mockHosts: local ? [url.host] : [] };
}

async function readPlan(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`--plan ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function buildRequest(o: LoadCommandOptions, target: ResolvedTarget, testPlan: string | undefined): Record<string, unknown> {
  if (o.rate !== undefined && o.vus !== undefined) throw new InputError('give --rate (open model) or --vus (closed model), not both');
  if (o.stages !== undefined && o.duration !== undefined) throw new InputError('--stages set the duration: drop --duration');
  const request: Record<string, unknown> = { target: { url: target.url, ...(target.mock ? { mock: target.mock } : {}) }, thresholds: o.thresholds };
  // A test plan replaces the spec's request mix; the engine checks it (problems by pointer under /testPlan).
  if (testPlan !== undefined) request.testPlan = testPlan;
  else request.plan = target.plan;
  if (o.rate !== undefined) request.rate = parseRate(o.rate);
  if (o.vus !== undefined) request.vus = positiveInt(o.vus, '--vus');
  if (o.rate === undefined && o.vus === undefined && o.stages === undefined) request.rate = 50;
  if (o.stages !== undefined) request.stages = parseStages(o.stages);
  if (o.duration !== undefined) request.durationMs = parseLoadDuration(o.duration);
  else if (o.stages === undefined && o.iterations === undefined) request.durationMs = 10_000;
  if (o.iterations !== undefined) request.iterations = positiveInt(o.iterations, '--iterations');
  if (o.shards !== undefined) request.shards = positiveInt(o.shards, '--shards');
  if (o.seed !== undefined) request.seed = o.seed;
  return request;
}

interface View {
  id: string;
  status: string;
  target: string;
  progress?: number;
  reason?: string | null;
  summary: LoadSummary;
}

export async function loadCommand(o: LoadCommandOptions): Promise<number> {
  let target: ResolvedTarget;
  let request: Record<string, unknown>;
  try {
    target = await resolveTarget(o);
    request = buildRequest(o, target, o.plan === undefined ? undefined : await readPlan(o.plan));
    const checked = validateLoadRun(request, capsFromEnv());
    if (!checked.ok) throw new InputError(checked.problem.detail ?? checked.problem.title);
    const refusal = targetRefusal(target.url, { allowedHosts: parseHostList(process.env.LOAD_ALLOWED_HOSTS), mockHosts: target.mockHosts, local: true });
    if (refusal) throw new InputError(refusal);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`mockloop load: ${error.message}`);
    return EXIT_BAD_INPUT;
  }

  const engine = await startEngine({ allowedHosts: process.env.LOAD_ALLOWED_HOSTS, mockHosts: target.mockHosts.join(','), vars: capVars() });
  try {
    const res = await engine.fetch('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    const started = (await res.json()) as { id: string; shards: number; operations: string[]; detail?: string; title?: string };
    if (res.status !== 202) {
      console.error(`mockloop load: ${started.detail ?? started.title}`);
      return EXIT_BAD_INPUT;
    }
    console.error(`load run ${started.id}: ${target.url}, ${started.operations.length} ${o.plan === undefined ? 'operation(s)' : 'step(s) per iteration'}, ${started.shards} shard(s)`);
    let interrupted = false;
    const onSignal = () => {
      if (interrupted) return;
      interrupted = true;
      console.error('interrupted: stopping the run, keeping what was measured');
      void engine.fetch(`/runs/${started.id}/cancel`, { method: 'POST' }).catch(() => {});
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let view: View;
    let lastLine = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      view = (await (await engine.fetch(`/runs/${started.id}`)).json()) as View;
      if (view.status !== 'running' && view.status !== 'queued') break;
      if (Date.now() - lastLine > 2000) {
        lastLine = Date.now();
        const m = view.summary.metrics;
        console.error(`  ${view.progress ?? 0}%  ${m.http_reqs.values.count} reqs  p95=${m.http_req_duration.values['p(95)']}ms  failed=${(m.http_req_failed.values.rate * 100).toFixed(2)}%  dropped=${m.dropped_iterations.values.count}`);
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const head = { id: view.id, target: view.target, status: view.status };
    process.stdout.write(formatSummary(view.summary, head));
    if (view.reason && view.status !== 'passed') console.error(`run ${view.status}: ${view.reason}`);
    if (o.json) await writeFile(o.json, `${JSON.stringify(view, null, 2)}\n`);
    if (o.junit) await writeFile(o.junit, toJunit(view.summary, head));
    if (view.summary.thresholds.some((t) => !t.ok)) return 99;
    if (interrupted || view.status === 'cancelled') return 105;
    return view.status === 'passed' ? 0 : 1;
  } finally {
    await engine.dispose();
  }
}

const CAP_VARS = ['LOAD_MAX_RATE', 'LOAD_MAX_VUS', 'LOAD_MAX_DURATION_S', 'LOAD_MAX_REQUESTS', 'LOAD_MAX_SHARDS', 'LOAD_SUBREQUESTS_PER_INVOCATION'] as const;

function capVars(): Record<string, string> {
  return Object.fromEntries(CAP_VARS.filter((k) => process.env[k]).map((k) => [k, String(process.env[k])]));
}

function capsFromEnv() {
  const n = (k: string, fallback: number) => (Number(process.env[k]) > 0 ? Number(process.env[k]) : fallback);
  return { maxRate: n('LOAD_MAX_RATE', 2000), maxVus: n('LOAD_MAX_VUS', 300), maxDurationMs: n('LOAD_MAX_DURATION_S', 600) * 1000, maxRequests: n('LOAD_MAX_REQUESTS', 500_000), maxShards: n('LOAD_MAX_SHARDS', 64) };
}
