/** The result of a plan run: plain JSON, stored in D1 as a `plan` run and read by analysis and comparison. */
import type { ActionResult } from './admin-actions';
import type { StepFailure } from './checks';

export interface StepResult {
  step: string;
  /** Index of the step in the plan (`/steps/<index>`). */
  index: number;
  /** Method and path sent (templated; the query and headers are left out: they may hold secrets). */
  request: { method: string; path: string };
  /** The operation of the mock's plan it reached (`getBook`), when the plan is known. */
  operation?: string;
  status?: number;
  latencyMs?: number;
  passed: boolean;
  failures: StepFailure[];
  /** Names of the variables the step set. */
  extracted: string[];
}

export interface IterationResult {
  iteration: string;
  index: number;
  scenario: string | null;
  session?: string;
  passed: boolean;
  setup: ActionResult[];
  steps: StepResult[];
  teardown: ActionResult[];
  durationMs: number;
}

export type PlanRunStatus = 'passed' | 'failed' | 'cancelled';

export interface PlanRunResult {
  type: 'plan-run';
  plan: string;
  target: string;
  status: PlanRunStatus;
  startedAt: number;
  durationMs: number;
  iterations: IterationResult[];
  summary: { iterations: number; steps: number; passed: number; failed: number };
  /** Every failing step: where and why, one line each. */
  failures: Array<{ iteration: string; step: string; check: StepFailure['check']; location: string; message: string }>;
}
