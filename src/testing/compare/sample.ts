/**
 * What comparison and analysis read from a run, whatever its kind: per operation (or plan step),
 * a weighted latency sample and request/error counts. Plan runs give raw step latencies; load
 * runs give their merged histograms' buckets (representative value × count) — never averaged
 * percentiles.
 */
import type { PlanRunResult } from '../plans';
import type { WeightedSample } from './stats';

export interface OperationSample {
  latencies: WeightedSample;
  requests: number;
  errors: number;
}

export interface RunSample {
  id: string;
  kind: 'plan' | 'load';
  /** When the run started (ms since the epoch), for ordering and labels. */
  startedAt?: number;
  operations: Record<string, OperationSample>;
}

/** A plan run: one "operation" per step (by its name, stable across runs); an error is a failed step. */
export function sampleOfPlanRun(id: string, result: PlanRunResult): RunSample {
  // A Map: step names are the plan author's text (`__proto__` included).
  const operations = new Map<string, { values: Map<number, number>; requests: number; errors: number }>();
  for (const it of result.iterations) {
    for (const step of it.steps) {
      const op = operations.get(step.step) ?? { values: new Map<number, number>(), requests: 0, errors: 0 };
      operations.set(step.step, op);
      op.requests++;
      if (!step.passed) op.errors++;
      if (step.latencyMs !== undefined) op.values.set(step.latencyMs, (op.values.get(step.latencyMs) ?? 0) + 1);
    }
  }
  const out = Object.fromEntries([...operations].map(([name, op]) => [name, { latencies: [...op.values.entries()], requests: op.requests, errors: op.errors }]));
  return { id, kind: 'plan', startedAt: result.startedAt, operations: out };
}

/** Every operation's values together (the run as a whole). */
export function wholeRun(sample: RunSample): OperationSample {
  const values = new Map<number, number>();
  let requests = 0;
  let errors = 0;
  for (const op of Object.values(sample.operations)) {
    for (const [v, c] of op.latencies) values.set(v, (values.get(v) ?? 0) + c);
    requests += op.requests;
    errors += op.errors;
  }
  return { latencies: [...values.entries()], requests, errors };
}
