/**
 * Plan runs in the run registry (src/db/test-runs, kind `plan`): run a checked plan and store its
 * row and result; read stored runs back as samples for comparison; the latest results of a
 * schedule (what monitor_test_progress shows for a schedule id). The plan itself is not stored
 * with a run: its headers may carry credentials.
 */
import { sampleOfLoadResult, sampleOfPlanRun, type StoredLoadResult } from '../testing/compare';
import { type PlanRunResult, runTestPlan, type TestPlan } from '../testing/plans';
import type { PlanRunStored, PlanRunSummary, StartPlanRun, StoredRun } from '../testing/runs';
import { getTestRun, insertTestRun, listTestRuns, loadTestRunResult, saveTestRunResult, type TestRunRow, updateTestRun } from './test-runs';

export type { PlanRunStored, PlanRunSummary, StartPlanRun, StoredRun };

/**
 * @example
 * const run = await executePlanRun(env.DB, plan, { id: ulid(), mock: 'bookshop', target, fetch, clock: Date.now });
 */
export async function executePlanRun(db: D1Database, plan: TestPlan, options: StartPlanRun): Promise<PlanRunStored> {
  const target = options.target ?? plan.target ?? '';
  const createdAt = options.clock();
  await insertTestRun(db, {
    id: options.id,
    kind: 'plan',
    mock: options.mock,
    target: stripCredentials(target),
    options: { plan: plan.name, steps: plan.steps.length, iterations: plan.iterations?.map((it) => it.name) ?? ['default'], ...(options.iteration !== undefined ? { iteration: options.iteration } : {}) },
    scheduleId: options.scheduleId ?? null,
    createdAt,
  });
  await updateTestRun(db, options.id, { status: 'running', startedAt: createdAt });
  const outcome = await runTestPlan(plan, { ...options, runId: options.runId ?? options.id });
  if (!outcome.ok) {
    await updateTestRun(db, options.id, { status: 'error', reason: outcome.reason, finishedAt: options.clock() });
    return outcome;
  }
  const result = outcome.result;
  await saveTestRunResult(db, options.id, result);
  await updateTestRun(db, options.id, { status: result.status, summary: summarize(result), finishedAt: options.clock(), reason: result.status === 'passed' ? null : summarize(result).firstFailure });
  return { ok: true, id: options.id, result };
}

export function summarize(result: PlanRunResult): PlanRunSummary {
  const first = result.failures[0];
  return {
    plan: result.plan,
    iterations: result.summary.iterations,
    steps: result.summary.steps,
    passed: result.summary.passed,
    failed: result.summary.failed,
    durationMs: result.durationMs,
    firstFailure: first ? `${[first.iteration, first.step].filter(Boolean).join(' / ')}: ${first.location} ${first.message}`.slice(0, 500) : null,
  };
}


/** A stored run of either kind, as comparison and analysis read it. */
export async function loadRun(db: D1Database, id: string): Promise<StoredRun> {
  const row = await getTestRun(db, id);
  if (!row) return { ok: false, reason: `no run "${id}"` };
  if (row.kind === 'probe') return { ok: false, reason: `run "${id}" is a probe run; only load and plan runs have latencies to compare` };
  const doc = await loadTestRunResult(db, id);
  if (!doc) return { ok: false, reason: `run "${id}" has no result yet (status ${row.status})` };
  if (row.kind === 'plan') {
    // SAFETY: executePlanRun stores a PlanRunResult for kind `plan`.
    const plan = doc as PlanRunResult;
    return { ok: true, row, sample: sampleOfPlanRun(id, plan), plan };
  }
  // SAFETY: the run coordinator stores { summary, stats? } for kind `load`.
  return { ok: true, row, sample: sampleOfLoadResult(id, { ...(doc as StoredLoadResult), startedAt: row.startedAt ?? undefined }) };
}

/** The newest runs a schedule started (newest first), with the newest one's result. */
export async function latestScheduleResults(db: D1Database, scheduleId: string, limit = 10): Promise<{ runs: TestRunRow[]; latest: unknown | null }> {
  const runs = await listTestRuns(db, { scheduleId, limit: Math.min(100, Math.max(1, limit)) });
  const newest = runs.find((r) => r.finishedAt !== null);
  return { runs, latest: newest ? await loadTestRunResult(db, newest.id) : null };
}

function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}
