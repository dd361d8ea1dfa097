/**
 * A load run whose iteration is a test plan (k6's "script per iteration"): each iteration runs the
 * plan's steps in order with its variables, fills the templates, extracts variables for later
 * steps and counts each step's expectations as checks. It reuses the plan runner's step
 * preparation and evaluation (src/testing/plans); a failed expectation never stops the run.
 *
 * What a load run does not do with a plan: `setup`, `teardown`, `scenarios` and `iterations` are
 * refused (they act on the mock's state per plan iteration, not per load iteration), and so is
 * `schema: true` (the spec's plan is not carried to the shards; an inline schema works). The
 * plan's `target`, `isolate` and `timeoutMs` are not used: the run's target, the run's session
 * (`X-Test-Session` is the run id) and the run's duration govern.
 */
import type { ProblemItem } from '../../problem';
import { evaluateStep, type OutgoingRequest, prepareStep, type Sent, type TestPlan } from '../plans';

/** What a shard needs to run a test plan per iteration. */
export interface PlanMix {
  plan: TestPlan;
  /** The run's base URL (origin and base path), without a trailing slash. */
  target: string;
}

/** One step's outcome as the shard records it. */
export interface StepSample {
  step: string;
  /** null: the step was not sent (a variable an earlier step did not extract, a path leaving the target). */
  status: number | null;
  ms: number;
  /** Expectations that held and that failed (a step not sent counts one failed check). */
  passes: number;
  fails: number;
  /** ms since the run's start when it was sent. */
  at: number;
}

export interface PlanIterationEffects {
  now(): number;
  /** Sends a step's request with the run's timeout, reading at most a bounded number of bytes. */
  sendStep(request: OutgoingRequest): Promise<Sent>;
  cancelled(): boolean;
}

/** Where a plan asks for what a load run does not do, by JSON pointer below `prefix`. */
export function planMixProblems(plan: TestPlan, prefix = '/testPlan'): ProblemItem[] {
  const out: ProblemItem[] = [];
  for (const key of ['setup', 'teardown', 'scenarios', 'iterations'] as const) {
    if (plan[key] !== undefined) out.push({ location: `${prefix}/${key}`, message: `a load run does not run a plan's ${key} (it runs the steps once per load iteration); drop it, or run the plan with mockloop run` });
  }
  plan.steps.forEach((step, i) => {
    if (step.expect?.schema === true) out.push({ location: `${prefix}/steps/${i}/expect/schema`, message: "a load run cannot check conformance to the spec's schema (schema: true); give an inline JSON Schema" });
  });
  return out;
}

/** How many checks a step's expectations make: status, each header, schema, each assertion, latency. */
export function expectationCount(expect: TestPlan['steps'][number]['expect']): number {
  if (!expect) return 0;
  return (expect.status !== undefined ? 1 : 0) + Object.keys(expect.headers ?? {}).length + (expect.schema !== undefined ? 1 : 0) + (expect.assert?.length ?? 0) + (expect.maxLatencyMs !== undefined ? 1 : 0);
}

/**
 * Runs one iteration: the steps in order, one request at a time. Stops early when a step cannot be
 * sent (it counts as a failed check) or the run is cancelled. Returns the requests sent and
 * whether the iteration ran to its end (not cut by a cancel).
 */
export async function runPlanIteration(mix: PlanMix, variables: Record<string, unknown>, session: string, startAt: number, fx: PlanIterationEffects, record: (sample: StepSample) => void): Promise<{ sent: number; finished: boolean }> {
  const target = { url: mix.target, base: new URL(mix.target) };
  let sent = 0;
  for (const [index, step] of mix.plan.steps.entries()) {
    if (fx.cancelled()) return { sent, finished: false };
    const at = fx.now() - startAt;
    let prepared: ReturnType<typeof prepareStep>;
    try {
      prepared = prepareStep(step, index, variables, target, session);
    } catch (error) {
      prepared = { ok: false, failure: { check: 'request', location: `/steps/${index}`, message: String(error) } };
    }
    if (!prepared.ok) {
      record({ step: step.name, status: null, ms: 0, passes: 0, fails: 1, at });
      return { sent, finished: true };
    }
    const checks = expectationCount(prepared.expect);
    const began = fx.now();
    sent++;
    const outcome = await fx.sendStep(prepared.request);
    if (!outcome.ok) {
      record({ step: step.name, status: 0, ms: fx.now() - began, passes: 0, fails: checks, at });
      continue;
    }
    const res = outcome.response;
    let fails: number;
    try {
      const { failures } = evaluateStep(step, index, prepared.expect, res, prepared.shown, variables, undefined);
      fails = failures.filter((f) => f.check !== 'extract').length;
    } catch {
      // An expectation that cannot be evaluated (an inline schema the validator rejects) fails.
      fails = Math.max(1, checks);
    }
    record({ step: step.name, status: res.status, ms: res.latencyMs, passes: Math.max(0, checks - fails), fails, at });
  }
  return { sent, finished: true };
}
