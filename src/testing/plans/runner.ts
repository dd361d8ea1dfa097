/**
 * Runs a checked TestPlan with an injected fetch: the same code runs in Node (the CLI) and in a
 * Worker or Durable Object (the MCP tools). Bounded by the plan's limits, a run deadline, a
 * per-request timeout, a response read limit, and the caller's AbortSignal (cancellation keeps the
 * results so far).
 */
import { type ActionResult, type AdminAccess, type FetchLike, runAction, storeScenario } from './admin-actions';
import { checkExpectations, type ObservedResponse, type PlanLookup, type StepFailure, select } from './checks';
import { type OutgoingRequest, send } from './http';
import type { IterationResult, PlanRunResult, StepResult } from './result';
import { PLAN_LIMITS, type PlanIteration, type PlanStep, type TestPlan } from './schema';
import { fillTemplate, TemplateTooLarge, UnknownVariable, type Variables } from './template';

export interface RunPlanOptions {
  /** Base URL of the API, with its base path (`http://127.0.0.1:4010/v1`); wins over the plan's. */
  target?: string;
  fetch: FetchLike;
  admin?: AdminAccess;
  /** The mock's plan, for `schema: true` and for naming the operation each step reached. */
  lookup?: PlanLookup;
  /** Run only this iteration (its name or index). */
  iteration?: string | number;
  /** Names the run's test sessions (`<runId>-<iteration index>`). */
  runId?: string;
  signal?: AbortSignal;
  now?: () => number;
  onProgress?: (done: number, total: number, message: string) => void | Promise<void>;
}

export type RunPlanOutcome = { ok: true; result: PlanRunResult } | { ok: false; reason: string };

const DEFAULT_RUN_TIMEOUT_MS = 60_000;
const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/**
 * @example
 * const outcome = await runTestPlan(plan, { target: mock.url, fetch, admin: { url: mock.adminUrl, token: mock.token } });
 * if (outcome.ok) console.log(outcome.result.status, outcome.result.failures);
 */
export async function runTestPlan(plan: TestPlan, options: RunPlanOptions): Promise<RunPlanOutcome> {
  const target = (options.target ?? plan.target)?.replace(/\/+$/, '');
  if (!target) return { ok: false, reason: 'the plan names no target: give one (--target, or the mock to run against)' };
  let base: URL;
  try {
    base = new URL(target);
  } catch {
    return { ok: false, reason: `the target "${target}" is not a URL` };
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return { ok: false, reason: 'the target must be an http(s) URL' };
  const iterations = pickIterations(plan, options.iteration);
  if (!iterations.ok) return iterations;

  const now = options.now ?? (() => performance.now());
  const clock = options.now ?? (() => Date.now());
  const deadline = new AbortController();
  const runTimeout = plan.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const timer = setTimeout(() => deadline.abort(), runTimeout);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const startedAt = clock();
  const began = now();
  const total = iterations.value.reduce((n, it) => n + stepsOf(plan, it.iteration).length, 0);
  let done = 0;
  const results: IterationResult[] = [];
  const stored: ActionResult[] = [];
  try {
    for (const scenario of plan.scenarios ?? []) stored.push(await storeScenario(scenario, options.admin, options.fetch, signal));
    for (const { iteration, index } of iterations.value) {
      if (signal.aborted) break;
      const session = plan.isolate ? `${options.runId ?? 'plan'}-${index}` : undefined;
      const iterationStart = now();
      const setup: ActionResult[] = [];
      const steps: StepResult[] = [];
      const variables: Record<string, unknown> = { ...plan.variables, ...iteration.variables, iteration: iteration.name, ...(session ? { session } : {}) };
      const actions = [...(plan.setup ?? []), ...(iteration.scenario !== undefined ? [{ scenario: iteration.scenario }] : [])];
      for (const action of actions) setup.push(await runAction(action, options.admin, session, options.fetch, signal));
      const setupFailed = [...stored, ...setup].find((a) => !a.ok);
      for (const { step, index: stepIndex } of stepsOf(plan, iteration)) {
        if (signal.aborted) break;
        const result = setupFailed
          ? skipped(step, stepIndex, { check: 'setup', location: '/setup', message: `not run: setup failed (${setupFailed.detail})` })
          : await runStep(step, stepIndex, { target, base, variables, session, options, signal, now, stepTimeout: plan.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS });
        steps.push(result);
        done++;
        await options.onProgress?.(done, total, `${iteration.name}: ${step.name} ${result.passed ? 'passed' : 'failed'}`);
      }
      // Teardown runs even after a failure or a cancellation, with a signal of its own.
      const teardown: ActionResult[] = [];
      const tearSignal = AbortSignal.timeout(DEFAULT_STEP_TIMEOUT_MS);
      for (const action of plan.teardown ?? []) teardown.push(await runAction(action, options.admin, session, options.fetch, tearSignal));
      if (session && options.admin && actions.length > 0) await runAction({ reset: true }, options.admin, session, options.fetch, tearSignal);
      const passed = setup.every((a) => a.ok) && steps.every((s) => s.passed) && teardown.every((a) => a.ok);
      results.push({ iteration: iteration.name, index, scenario: iteration.scenario ?? null, ...(session ? { session } : {}), passed, setup, steps, teardown, durationMs: round(now() - iterationStart) });
    }
  } finally {
    clearTimeout(timer);
  }
  const cancelled = options.signal?.aborted === true;
  const timedOut = !cancelled && deadline.signal.aborted;
  const all = results.flatMap((it) => it.steps.map((s) => ({ it, s })));
  const failures = all.flatMap(({ it, s }) => s.failures.map((f) => ({ iteration: it.iteration, step: s.step, ...f })));
  if (timedOut) failures.push({ iteration: results.at(-1)?.iteration ?? '', step: '', check: 'timeout', location: '/timeoutMs', message: `the run passed its time limit (${runTimeout} ms); ${total - done} step(s) not run` });
  for (const a of stored) if (!a.ok) failures.push({ iteration: '', step: '', check: 'setup', location: '/scenarios', message: a.detail });
  for (const it of results) for (const a of [...it.setup, ...it.teardown]) if (!a.ok) failures.push({ iteration: it.iteration, step: '', check: 'setup', location: '/setup', message: a.detail });
  const passedSteps = all.filter(({ s }) => s.passed).length;
  const result: PlanRunResult = {
    type: 'plan-run',
    plan: plan.name,
    target,
    status: cancelled ? 'cancelled' : failures.length === 0 && results.every((r) => r.passed) && done === total ? 'passed' : 'failed',
    startedAt,
    durationMs: round(now() - began),
    iterations: results,
    summary: { iterations: results.length, steps: all.length, passed: passedSteps, failed: all.length - passedSteps },
    failures,
  };
  return { ok: true, result };
}

function pickIterations(plan: TestPlan, which: string | number | undefined): { ok: true; value: Array<{ iteration: PlanIteration; index: number }> } | { ok: false; reason: string } {
  const all = (plan.iterations ?? [{ name: 'default' }]).map((iteration, index) => ({ iteration, index }));
  if (which === undefined) return { ok: true, value: all };
  const found = typeof which === 'number' ? all[which] : all.find((it) => it.iteration.name === which);
  if (!found) return { ok: false, reason: `the plan has no iteration ${JSON.stringify(which)}; it has ${all.map((it) => JSON.stringify(it.iteration.name)).join(', ')}` };
  return { ok: true, value: [found] };
}

function stepsOf(plan: TestPlan, iteration: PlanIteration): Array<{ step: PlanStep; index: number }> {
  const all = plan.steps.map((step, index) => ({ step, index }));
  if (!iteration.steps) return all;
  const wanted = new Set(iteration.steps);
  return all.filter(({ step }) => wanted.has(step.name));
}

interface StepContext {
  target: string;
  base: URL;
  variables: Record<string, unknown>;
  session: string | undefined;
  options: RunPlanOptions;
  signal: AbortSignal;
  now: () => number;
  stepTimeout: number;
}

function skipped(step: PlanStep, index: number, failure: StepFailure): StepResult {
  return { step: step.name, index, request: { method: step.request.method, path: step.request.path }, passed: false, failures: [failure], extracted: [] };
}

/** A step's request, filled in and checked, ready to send; or why it is not sent. */
export type PreparedStep = { ok: true; request: OutgoingRequest; shown: { method: string; path: string }; expect: PlanStep['expect'] } | { ok: false; failure: StepFailure };

/**
 * Fills a step's templates with the variables and builds its request below the target (its origin
 * and base path), with `X-Test-Session` when a session is given. Shared by the plan runner and the
 * load engine's test-plan iterations.
 */
export function prepareStep(step: PlanStep, index: number, variables: Variables, target: { url: string; base: URL }, session: string | undefined): PreparedStep {
  const at = `/steps/${index}`;
  let filled: PlanStep;
  try {
    filled = { ...step, request: fillTemplate(step.request, variables), expect: fillTemplate(step.expect, variables) };
  } catch (error) {
    if (error instanceof UnknownVariable || error instanceof TemplateTooLarge) return { ok: false, failure: { check: 'request', location: `${at}`, message: `not sent: ${error.message}` } };
    throw error;
  }
  const req = filled.request;
  const path = String(req.path);
  const url = new URL(target.url + path);
  // A templated path must not leave the target (`//other.host`, `/../`): the origin and base path stay.
  if (url.origin !== target.base.origin || !url.pathname.startsWith(target.base.pathname.replace(/\/$/, ''))) {
    return { ok: false, failure: { check: 'request', location: `${at}/request/path`, message: `not sent: "${clip(path)}" leaves the target` } };
  }
  for (const [key, value] of Object.entries(req.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5' };
  for (const [key, value] of Object.entries(req.headers ?? {})) headers[key.toLowerCase()] = String(value);
  if (session) headers['x-test-session'] = session;
  let body: string | undefined;
  if (req.body !== undefined) {
    body = typeof req.body === 'string' && headers['content-type'] && !/json/i.test(headers['content-type']) ? req.body : JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
    if (body.length > PLAN_LIMITS.requestBytes) return { ok: false, failure: { check: 'request', location: `${at}/request/body`, message: `not sent: the body is over ${PLAN_LIMITS.requestBytes} bytes` } };
  }
  const operationPath = url.pathname.slice(target.base.pathname.replace(/\/$/, '').length) || '/';
  return { ok: true, request: { url: url.href, method: req.method, headers, body }, shown: { method: req.method, path: operationPath }, expect: filled.expect };
}

/**
 * A response against a step's (filled) expectations, then its extractions into `variables`
 * (which this changes): the failures, and the names set.
 */
export function evaluateStep(step: PlanStep, index: number, expect: PlanStep['expect'], res: ObservedResponse, shown: { method: string; path: string }, variables: Record<string, unknown>, lookup: PlanLookup | undefined): { failures: StepFailure[]; extracted: string[] } {
  const at = `/steps/${index}`;
  const failures = checkExpectations(expect, res, at, shown, lookup);
  const extracted: string[] = [];
  for (const [name, spec] of Object.entries(step.extract ?? {})) {
    const value = spec.header !== undefined ? (res.headers.get(spec.header) ?? undefined) : spec.status ? res.status : firstOf(spec, res.body);
    if (value === undefined) {
      failures.push({ check: 'extract', location: `${at}/extract/${name}`, message: `found nothing at ${spec.header !== undefined ? `header ${spec.header}` : (spec.path ?? spec.pointer)}` });
      continue;
    }
    if (JSON.stringify(value).length > PLAN_LIMITS.variableChars) {
      failures.push({ check: 'extract', location: `${at}/extract/${name}`, message: `the value is over ${PLAN_LIMITS.variableChars} characters` });
      continue;
    }
    variables[name] = value;
    extracted.push(name);
  }
  return { failures, extracted };
}

async function runStep(step: PlanStep, index: number, ctx: StepContext): Promise<StepResult> {
  const at = `/steps/${index}`;
  const prepared = prepareStep(step, index, ctx.variables, { url: ctx.target, base: ctx.base }, ctx.session);
  if (!prepared.ok) return skipped(step, index, prepared.failure);
  const { request, shown } = prepared;
  const sent = await send(request, ctx.options.fetch, { timeoutMs: ctx.stepTimeout, maxBytes: PLAN_LIMITS.responseBytes, signal: ctx.signal, now: ctx.now });
  if (!sent.ok) {
    return { step: step.name, index, request: shown, passed: false, failures: [{ check: sent.timedOut ? 'timeout' : 'request', location: at, message: sent.reason }], extracted: [] };
  }
  const res = sent.response;
  const { failures, extracted } = evaluateStep(step, index, prepared.expect, res, shown, ctx.variables, ctx.options.lookup);
  const operation = ctx.options.lookup?.operationOf(request.method, shown.path);
  return {
    step: step.name,
    index,
    request: shown,
    ...(operation ? { operation } : {}),
    status: res.status,
    latencyMs: round(res.latencyMs),
    passed: failures.length === 0,
    failures,
    extracted,
  };
}

function firstOf(spec: { path?: string; pointer?: string }, body: unknown): unknown {
  const selected = select(spec, body);
  return selected.ok ? selected.values[0] : undefined;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export type { Variables };
