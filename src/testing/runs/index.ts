/**
 * The shapes of stored plan runs, shared by the D1 side (src/db/plan-runs.ts) and the MCP tools,
 * which reach storage only through an injected store.
 */
import type { RunSample } from '../compare';
import type { PlanRunResult, RunPlanOptions, TestPlan } from '../plans';

export interface PlanRunSummary {
  plan: string;
  iterations: number;
  steps: number;
  passed: number;
  failed: number;
  durationMs: number;
  /** The first failure, one line: `iteration / step: location message`. */
  firstFailure: string | null;
}

export interface StartPlanRun extends RunPlanOptions {
  id: string;
  /** The mock's name when the target is a mock of this stack. */
  mock: string | null;
  scheduleId?: string;
  clock: () => number;
}

export type PlanRunStored = { ok: true; id: string; result: PlanRunResult } | { ok: false; reason: string };

export interface StoredRunRow {
  id: string;
  kind: string;
  status: string;
}

export type StoredRun = { ok: true; row: StoredRunRow; sample: RunSample; plan?: PlanRunResult } | { ok: false; reason: string };

/** Runs plans into the run registry and reads runs back (bound to D1 by the worker). */
export interface PlanRunStore {
  execute(plan: TestPlan, options: StartPlanRun): Promise<PlanRunStored>;
  load(id: string): Promise<StoredRun>;
}
