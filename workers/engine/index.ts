/**
 * The engine worker: one per stack (not per mock), holding the test engine's Durable Objects
 * (RunCoordinator, LoadShard) and the run registry in D1. Mocks' admin origins and the MCP worker
 * reach it through a service binding; the CLI starts it locally (cli/engine-runtime.ts).
 *
 *   POST /runs                 start a load run (202, or problem+json and nothing started)
 *   GET  /runs                 recent runs
 *   GET  /runs/:id             status, progress and live (or final) k6-shaped summary
 *   POST /runs/:id/cancel      stop within a second, keeping what was measured
 *   GET  /runs/:id/report?format=json|junit|text
 */
import { getTestRun, insertTestRun, listTestRuns, loadTestRunResult } from '../../src/db/test-runs';
import { createUlidFactory } from '../../src/logs/ulid';
import { problem, problemResponse, problemType } from '../../src/problem';
import {
  buildPool,
  DEFAULT_CAPS,
  formatSummary,
  type LoadCaps,
  type LoadSummary,
  LOAD_NO_OPERATIONS,
  LOAD_OVER_CAP,
  LOAD_TARGET_REFUSED,
  LOAD_UNKNOWN_RUN,
  parseHostList,
  targetRefusal,
  toJunit,
  validateLoadRun,
} from '../../src/testing/load';
import type { Env } from './env';
import { coordinatorOf, INTERNAL_PREFIX, type RunSetup, type RunView, type ShardAssignment, shardOf } from './protocol';
import type { LoadStats } from '../../src/testing/load';
import { routeSchedules } from './schedules';

export { LoadShard } from './load-shard';
export { RunCoordinator } from './run-coordinator';
export { Scheduler } from './scheduler';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
const UNAUTHORIZED = problemType('engine-unauthorized', 'The engine needs its bearer token', 401);
const NOT_FOUND = problemType('engine-not-found', 'No such engine route', 404);
const TOO_LARGE = problemType('engine-request-too-large', 'The request body is too large', 413);
const NO_SHARD_HOSTS = problemType('engine-shard-hosts-unavailable', 'The local engine could not start its shard processes', 503);
/** A compiled plan can be large; a run request is bounded all the same. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Shards start together this long after the run is accepted (they are told their share first). */
const START_DELAY_MS = 400;

function capsOf(env: Env): LoadCaps {
  const n = (text: string | undefined, fallback: number) => (text && Number(text) > 0 ? Number(text) : fallback);
  return {
    maxRate: n(env.LOAD_MAX_RATE, DEFAULT_CAPS.maxRate),
    maxVus: n(env.LOAD_MAX_VUS, DEFAULT_CAPS.maxVus),
    maxDurationMs: n(env.LOAD_MAX_DURATION_S, DEFAULT_CAPS.maxDurationMs / 1000) * 1000,
    maxRequests: n(env.LOAD_MAX_REQUESTS, DEFAULT_CAPS.maxRequests),
    maxShards: n(env.LOAD_MAX_SHARDS, DEFAULT_CAPS.maxShards),
  };
}

/** Subrequests one shard invocation may make (the Workers paid plan's 1000 unless the operator says otherwise). */
function subrequestsOf(env: Env): number {
  return Number(env.LOAD_SUBREQUESTS_PER_INVOCATION ?? 1000);
}

function coordinator(env: Env, id: string) {
  return coordinatorOf(env.RUN_COORDINATOR, id);
}

async function startRun(request: Request, env: Env): Promise<Response> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return problemResponse(problem(TOO_LARGE, `At most ${MAX_BODY_BYTES} bytes.`));
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return problemResponse(problem(TOO_LARGE, `At most ${MAX_BODY_BYTES} bytes.`));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const validated = validateLoadRun(body, capsOf(env));
  if (!validated.ok) return problemResponse(validated.problem);
  const config = validated.value;
  const refusal = targetRefusal(config.target.url, {
    allowedHosts: parseHostList(env.LOAD_ALLOWED_HOSTS),
    mockHosts: parseHostList(env.MOCK_HOSTS),
    local: env.ENGINE_LOCAL === '1',
  });
  if (refusal) return problemResponse(problem(LOAD_TARGET_REFUSED, refusal));
  const { testPlan } = config;
  const budget = subrequestsOf(env);
  // An iteration of a test plan runs within one invocation: all its steps (and a report) must fit its subrequests.
  if (testPlan && testPlan.steps.length > budget - 2) {
    const message = `${testPlan.steps.length} steps do not fit one invocation's ${budget} subrequests (at most ${budget - 2} steps)`;
    return problemResponse(problem(LOAD_OVER_CAP, `/testPlan/steps: ${message}`, { errors: [{ location: '/testPlan/steps', message }] }));
  }
  const { pool, skipped } = config.plan && !testPlan ? buildPool(config.plan, { weights: config.weights, seed: config.seed }) : { pool: { entries: [] }, skipped: [] };
  if (!testPlan && pool.entries.length === 0) return problemResponse(problem(LOAD_NO_OPERATIONS, skipped.map((s) => `${s.operation}: ${s.reason}`).join('; ') || 'The plan declares no operations.'));

  // Locally, a run's shards go to other workerd processes; they start before the clock does.
  const hostCount = Number(env.SHARD_HOST_COUNT ?? 0);
  if (env.SHARD_HOSTS && hostCount > 0 && config.shards > 1) {
    const warmed = await env.SHARD_HOSTS.fetch(`http://engine${INTERNAL_PREFIX}warm`, { method: 'POST', body: JSON.stringify({ hosts: Math.min(hostCount, config.shards) }) });
    // Nothing started: the run is refused with the reason, and the next run tries the hosts again.
    if (!warmed.ok) return problemResponse(problem(NO_SHARD_HOSTS, `${await warmed.text()} (a run with one shard needs no shard process)`));
    await warmed.body?.cancel();
  }
  const now = Date.now();
  const id = ulid(now);
  const labels: Record<string, string> = {};
  for (const op of config.plan?.operations ?? []) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    labels[op.id] = label;
    if (op.operationId) labels[op.operationId] = label;
  }
  const options = {
    model: config.model,
    start: config.start,
    stages: config.stages,
    durationMs: config.durationMs,
    iterations: config.iterations,
    thresholds: config.thresholdTexts,
    shards: config.shards,
    weights: config.weights,
    seed: config.seed,
    ...(testPlan ? { testPlan: testPlan.name } : {}),
  };
  await insertTestRun(env.DB, { id, kind: 'load', mock: config.target.mock ?? null, target: config.target.url, options, createdAt: now });
  const setup: RunSetup = {
    id,
    target: config.target.url,
    ...(config.target.mock ? { mock: config.target.mock } : {}),
    model: config.model,
    start: config.start,
    ...(config.stages ? { stages: config.stages } : {}),
    durationMs: config.durationMs,
    iterations: config.iterations,
    shards: config.shards,
    startAt: now + START_DELAY_MS,
    seed: config.seed,
    timeoutMs: config.timeoutMs,
    thresholds: config.thresholds,
    labels,
    pool,
    ...(testPlan ? { testPlan } : {}),
  };
  await coordinator(env, id).begin(setup);
  return Response.json({ id, status: 'running', model: config.model, shards: config.shards, durationMs: config.durationMs, iterations: config.iterations, operations: testPlan ? testPlan.steps.map((s) => s.name) : pool.entries.map((e) => e.label), skipped }, { status: 202 });
}

interface StoredResult {
  id: string;
  target: string;
  status: string;
  reason: string | null;
  startedAt: number;
  finishedAt: number | null;
  summary: LoadSummary;
}

async function runView(env: Env, id: string): Promise<RunView | (StoredResult & { progress: number }) | null> {
  const row = await getTestRun(env.DB, id);
  if (row?.kind !== 'load') return null;
  if (row.status === 'running' || row.status === 'queued') return coordinator(env, id).view();
  // SAFETY: the coordinator stores this document shape for kind `load`.
  const stored = (await loadTestRunResult(env.DB, id)) as (StoredResult & { stats?: unknown }) | null;
  if (!stored) return coordinator(env, id).view();
  // The histograms are kept for comparisons; a view or a report shows the summary.
  const { stats: _stats, ...view } = stored;
  return { ...view, progress: 100 };
}

async function report(env: Env, id: string, format: string): Promise<Response> {
  const view = await runView(env, id);
  if (!view) return problemResponse(problem(LOAD_UNKNOWN_RUN, `No load run "${id}".`));
  const head = { id: view.id, target: view.target, status: view.status };
  if (format === 'junit') return new Response(toJunit(view.summary, head), { headers: { 'content-type': 'application/xml; charset=utf-8' } });
  if (format === 'text') return new Response(formatSummary(view.summary, head), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return Response.json(view);
}

/** What a run list shows of a run's request: its model, start level, stages and duration (not its weights or seed). */
function loadOf(options: unknown): { model?: string; start?: number; stages?: unknown; durationMs?: number } {
  // SAFETY: startRun stores these fields in `options` for kind `load`.
  const o = (options ?? {}) as { model?: string; start?: number; stages?: unknown; durationMs?: number };
  return { model: o.model, start: o.start, stages: o.stages, durationMs: o.durationMs };
}

async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'runs') return problemResponse(problem(NOT_FOUND, `${request.method} ${url.pathname}`));
  if (parts.length === 1 && request.method === 'POST') return startRun(request, env);
  if (parts.length === 1 && request.method === 'GET') {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
    const runs = await listTestRuns(env.DB, { kind: 'load', mock: url.searchParams.get('mock') ?? undefined, limit });
    return Response.json({ items: runs.map(({ options, ...run }) => ({ ...run, ...loadOf(options) })) });
  }
  const id = parts[1] ?? '';
  if (parts.length === 2 && request.method === 'GET') {
    const view = await runView(env, id);
    return view ? Response.json(view) : problemResponse(problem(LOAD_UNKNOWN_RUN, `No load run "${id}".`));
  }
  if (parts.length === 3 && parts[2] === 'cancel' && request.method === 'POST') {
    const row = await getTestRun(env.DB, id);
    if (row?.kind !== 'load') return problemResponse(problem(LOAD_UNKNOWN_RUN, `No load run "${id}".`));
    return Response.json(await coordinator(env, id).cancel());
  }
  if (parts.length === 3 && parts[2] === 'report' && request.method === 'GET') return report(env, id, url.searchParams.get('format') ?? 'json');
  return problemResponse(problem(NOT_FOUND, `${request.method} ${url.pathname}`));
}

/**
 * Calls between local workerd processes of the engine (SHARD_HOSTS): a shard's begin and cancel,
 * and its reports to the coordinator. Only on the local stack, behind the engine's token: a
 * deployed engine has every shard in its own namespace and no such routes.
 */
async function internal(request: Request, env: Env, path: string): Promise<Response> {
  if (env.ENGINE_LOCAL !== '1' || !env.ENGINE_TOKEN || request.method !== 'POST') return problemResponse(problem(NOT_FOUND, `${request.method} ${new URL(request.url).pathname}`));
  // SAFETY: only the engine's own processes hold the token these routes need; they send these shapes (protocol.ts).
  const body = (await request.json()) as { runId: string; index: number; assignment?: ShardAssignment; stats?: LoadStats; done?: boolean };
  if (path === 'shard/begin' && body.assignment) await shardOf(env.LOAD_SHARD, body.runId, body.index).begin(body.assignment);
  else if (path === 'shard/cancel') await shardOf(env.LOAD_SHARD, body.runId, body.index).cancel();
  else if (path === 'report' && body.stats) await coordinatorOf(env.RUN_COORDINATOR, body.runId).report(body.index, body.stats, body.done === true);
  else return problemResponse(problem(NOT_FOUND, `POST ${INTERNAL_PREFIX}${path}`));
  return new Response(null, { status: 204 });
}

export default {
  async fetch(request, env) {
    if (env.ENGINE_TOKEN && request.headers.get('authorization') !== `Bearer ${env.ENGINE_TOKEN}`) return problemResponse(problem(UNAUTHORIZED));
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(INTERNAL_PREFIX)) return internal(request, env, pathname.slice(INTERNAL_PREFIX.length));
    return (await routeSchedules(request, env)) ?? route(request, env);
  },
} satisfies ExportedHandler<Env>;
