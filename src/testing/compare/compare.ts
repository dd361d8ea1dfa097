/**
 * compare_test_runs: each candidate run against the baseline (the first run), per operation and
 * for the whole run. Latency: Mann–Whitney U (normal approximation, tie- and continuity-corrected,
 * two-sided). Errors: pooled two-proportion z-test. A change counts when its p-value is below
 * alpha / m (Bonferroni over the m tests of that comparison) and its effect is not negligible
 * (|rank-biserial| ≥ 0.1 for latency); the verdict is regression, improvement or no significant change.
 */
import { type OperationSample, type RunSample, wholeRun } from './sample';
import { mannWhitneyU, quantile, total, twoProportionZ } from './stats';

export type Verdict = 'regression' | 'improvement' | 'no significant change';

export interface LatencyComparison {
  test: 'mann-whitney-u';
  baseline: { n: number; p50: number | null; p95: number | null };
  candidate: { n: number; p50: number | null; p95: number | null };
  u: number;
  z: number;
  p: number;
  /** Rank-biserial correlation, −1..1: positive when the candidate is slower. */
  effectSize: number;
  /** Candidate p50 / baseline p50. */
  medianRatio: number | null;
  significant: boolean;
  direction: 'slower' | 'faster' | 'same';
}

export interface ErrorComparison {
  test: 'two-proportion-z';
  baselineRate: number;
  candidateRate: number;
  /** Candidate rate − baseline rate. */
  difference: number;
  z: number;
  p: number;
  significant: boolean;
  direction: 'more' | 'fewer' | 'same';
}

export interface OperationComparison {
  operation: string;
  latency: LatencyComparison | null;
  errors: ErrorComparison | null;
  verdict: Verdict;
  /** Why, in one line, with the figures. */
  reason: string;
}

export interface RunComparison {
  baseline: string;
  candidate: string;
  alpha: number;
  /** alpha / number of tests made in this comparison. */
  correctedAlpha: number;
  overall: OperationComparison;
  operations: OperationComparison[];
  /** Operations only one run has. */
  unmatched: { baselineOnly: string[]; candidateOnly: string[] };
  verdict: Verdict;
}

export interface CompareOptions {
  alpha?: number;
  /** |rank-biserial| below this is a negligible shift (default 0.1). */
  minEffect?: number;
}

/**
 * @example
 * const [c] = compareRuns([baselineSample, candidateSample]);
 * c.verdict // 'regression'; c.operations[0].latency.p // 1.2e-9
 */
export function compareRuns(runs: readonly RunSample[], options: CompareOptions = {}): RunComparison[] {
  if (runs.length < 2) return [];
  const [baseline, ...candidates] = runs;
  return candidates.map((candidate) => compareTwo(baseline, candidate, options));
}

function compareTwo(baseline: RunSample, candidate: RunSample, options: CompareOptions): RunComparison {
  const alpha = options.alpha ?? 0.05;
  const minEffect = options.minEffect ?? 0.1;
  const shared = Object.keys(baseline.operations).filter((op) => Object.hasOwn(candidate.operations, op)).sort();
  // Two tests per operation plus two for the whole run.
  const tests = 2 * (shared.length + 1);
  const corrected = alpha / tests;
  const operations = shared.map((op) => compareOperation(op, baseline.operations[op], candidate.operations[op], corrected, minEffect));
  const overall = compareOperation('(all operations)', wholeRun(baseline), wholeRun(candidate), corrected, minEffect);
  const verdicts = [overall.verdict, ...operations.map((o) => o.verdict)];
  const verdict: Verdict = verdicts.includes('regression') ? 'regression' : verdicts.includes('improvement') ? 'improvement' : 'no significant change';
  return {
    baseline: baseline.id,
    candidate: candidate.id,
    alpha,
    correctedAlpha: corrected,
    overall,
    operations,
    unmatched: {
      baselineOnly: Object.keys(baseline.operations).filter((op) => !Object.hasOwn(candidate.operations, op)),
      candidateOnly: Object.keys(candidate.operations).filter((op) => !Object.hasOwn(baseline.operations, op)),
    },
    verdict,
  };
}

function compareOperation(operation: string, a: OperationSample, b: OperationSample, alpha: number, minEffect: number): OperationComparison {
  const latency = compareLatency(a, b, alpha, minEffect);
  const errors = compareErrors(a, b, alpha);
  const worse = latency?.significant && latency.direction === 'slower';
  const better = latency?.significant && latency.direction === 'faster';
  const moreErrors = errors?.significant && errors.direction === 'more';
  const fewerErrors = errors?.significant && errors.direction === 'fewer';
  const verdict: Verdict = worse || moreErrors ? 'regression' : better || fewerErrors ? 'improvement' : 'no significant change';
  const parts: string[] = [];
  if (latency) parts.push(`latency p50 ${fmt(latency.baseline.p50)} → ${fmt(latency.candidate.p50)} ms (Mann–Whitney U p=${sci(latency.p)}, rank-biserial ${latency.effectSize.toFixed(2)})`);
  else parts.push('latency: too few values to test');
  if (errors) parts.push(`error rate ${pct(errors.baselineRate)} → ${pct(errors.candidateRate)} (two-proportion z p=${sci(errors.p)})`);
  return { operation, latency, errors, verdict, reason: parts.join('; ') };
}

function compareLatency(a: OperationSample, b: OperationSample, alpha: number, minEffect: number): LatencyComparison | null {
  const test = mannWhitneyU(a.latencies, b.latencies);
  if (!test) return null;
  const p50a = quantile(a.latencies, 0.5) ?? null;
  const p50b = quantile(b.latencies, 0.5) ?? null;
  const significant = test.p < alpha && Math.abs(test.rankBiserial) >= minEffect;
  return {
    test: 'mann-whitney-u',
    baseline: { n: total(a.latencies), p50: p50a, p95: quantile(a.latencies, 0.95) ?? null },
    candidate: { n: total(b.latencies), p50: p50b, p95: quantile(b.latencies, 0.95) ?? null },
    u: test.u,
    z: test.z,
    p: test.p,
    effectSize: test.rankBiserial,
    medianRatio: p50a && p50b !== null ? p50b / p50a : null,
    significant,
    direction: !significant ? 'same' : test.rankBiserial > 0 ? 'slower' : 'faster',
  };
}

function compareErrors(a: OperationSample, b: OperationSample, alpha: number): ErrorComparison | null {
  const test = twoProportionZ(a.errors, a.requests, b.errors, b.requests);
  if (!test) return null;
  const significant = test.p < alpha;
  return {
    test: 'two-proportion-z',
    baselineRate: test.p1,
    candidateRate: test.p2,
    difference: test.difference,
    z: test.z,
    p: test.p,
    significant,
    direction: !significant ? 'same' : test.difference > 0 ? 'more' : 'fewer',
  };
}

function fmt(v: number | null): string {
  return v === null ? '–' : String(Math.round(v * 100) / 100);
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}

function sci(p: number): string {
  return p < 0.001 ? p.toExponential(2) : p.toFixed(4);
}
