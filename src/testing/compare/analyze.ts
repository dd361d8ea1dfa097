/**
 * analyze_test_results: explains a run from its own data — what failed and where, the slowest
 * steps or operations, failures clustered by their kind and message shape, and recommendations
 * each drawn from a figure of this run (no canned advice: a rule speaks only when its data does).
 */
import type { PlanRunResult } from '../plans';
import { type RunSample, sampleOfPlanRun, wholeRun } from './sample';
import { quantile, total } from './stats';

export interface SlowEntry {
  operation: string;
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** Share of all measured time spent here, 0..1. */
  shareOfTime: number;
}

export interface ErrorCluster {
  check: string;
  /** The message with numbers and quoted text blanked, so like failures group. */
  signature: string;
  count: number;
  steps: string[];
  iterations: string[];
  example: string;
}

export interface RunAnalysis {
  run: string;
  kind: 'plan' | 'load';
  status?: string;
  headline: string;
  failed: Array<{ iteration: string; step: string; check: string; location: string; message: string }>;
  slowest: SlowEntry[];
  errorClusters: ErrorCluster[];
  errorRates: Array<{ operation: string; requests: number; errors: number; rate: number }>;
  recommendations: string[];
}

const MAX_LISTED = 50;

/** A plan run, step by step. */
export function analyzePlanRun(id: string, result: PlanRunResult): RunAnalysis {
  const sample = sampleOfPlanRun(id, result);
  const base = analyzeSample(sample);
  const clusters = clusterFailures(result);
  const recommendations: string[] = [];
  const steps = result.iterations.flatMap((it) => it.steps.map((s) => ({ it, s })));

  for (const it of result.iterations) {
    const bad = [...it.setup, ...it.teardown].filter((a) => !a.ok);
    const notRun = it.steps.filter((s) => s.failures.some((f) => f.check === 'setup')).length;
    for (const a of bad) recommendations.push(`Iteration "${it.iteration}": ${a.action} failed (${a.detail})${notRun ? `; ${notRun} step(s) were not run because of it` : ''}. Fix the setup before reading the step results.`);
  }
  // Extractions that failed, and the later steps that could not be sent for want of the variable.
  for (const { it, s } of steps) {
    const extract = s.failures.filter((f) => f.check === 'extract');
    if (extract.length === 0) continue;
    const names = extract.map((f) => f.location.split('/').at(-1) ?? '');
    const blocked = it.steps.filter((later) => later.index > s.index && later.failures.some((f) => f.check === 'request' && names.some((n) => f.message.includes(`{{${n}}}`))));
    recommendations.push(
      `Step "${s.step}" (iteration "${it.iteration}") could not extract ${names.map((n) => `{{${n}}}`).join(', ')}: ${extract[0].message}` +
        (blocked.length ? `; ${blocked.length} later step(s) (${blocked.map((b) => `"${b.step}"`).join(', ')}) were not sent for want of it, so fix this one first.` : '.'),
    );
  }
  // A step that fails in some iterations only: the difference is the iteration's scenario.
  const byStep = new Map<string, Array<{ it: (typeof steps)[number]['it']; s: (typeof steps)[number]['s'] }>>();
  for (const entry of steps) byStep.set(entry.s.step, [...(byStep.get(entry.s.step) ?? []), entry]);
  for (const [name, runs] of byStep) {
    const failedIn = runs.filter((r) => !r.s.passed && !r.s.failures.some((f) => f.check === 'setup'));
    const passedIn = runs.filter((r) => r.s.passed);
    if (failedIn.length > 0 && passedIn.length > 0) {
      const where = failedIn.map((r) => `"${r.it.iteration}"${r.it.scenario ? ` (scenario ${r.it.scenario})` : ''}`).join(', ');
      recommendations.push(`Step "${name}" passes in ${passedIn.length} iteration(s) and fails in ${where}: ${failedIn[0].s.failures[0]?.message}. The scenario changes this answer; expect it there (an iteration variable in expect.status) or narrow the iteration's steps.`);
    }
  }
  for (const cluster of clusters) {
    if (cluster.check === 'schema') recommendations.push(`${cluster.count} response(s) of ${cluster.steps.map((s) => `"${s}"`).join(', ')} do not conform to the declared schema (${cluster.example}). The mock's example, override or scenario answer disagrees with the spec.`);
    if (cluster.check === 'timeout') recommendations.push(`${cluster.count} request(s) timed out (${cluster.steps.map((s) => `"${s}"`).join(', ')}): ${cluster.example}.`);
  }
  for (const { it, s } of steps) {
    const latency = s.failures.find((f) => f.check === 'latency');
    if (latency) recommendations.push(`Step "${s.step}" (iteration "${it.iteration}") ${latency.message}; the run's median step took ${fmt(quantile(wholeRun(sample).latencies, 0.5) ?? null)} ms.`);
  }
  recommendations.push(...base.recommendations.filter((r) => r.includes('× the median')));

  const failedSteps = steps.filter(({ s }) => !s.passed);
  const failedIterations = result.iterations.filter((it) => !it.passed).length;
  const slow = base.slowest[0];
  const headline =
    (failedSteps.length === 0 ? `All ${steps.length} step(s) passed in ${result.iterations.length} iteration(s)` : `${failedSteps.length} of ${steps.length} step(s) failed, in ${failedIterations} of ${result.iterations.length} iteration(s)`) +
    (result.status === 'cancelled' ? ' (cancelled: partial results)' : '') +
    (slow ? `; slowest: "${slow.operation}" (p50 ${fmt(slow.p50)} ms, max ${fmt(slow.max)} ms)` : '') +
    '.';
  return {
    ...base,
    status: result.status,
    headline,
    failed: result.failures.slice(0, MAX_LISTED),
    errorClusters: clusters,
    recommendations: recommendations.length > 0 ? dedupe(recommendations) : base.recommendations,
  };
}

/** Any run reduced to per-operation samples (a load run, or a plan run without its details). */
export function analyzeSample(sample: RunSample): RunAnalysis {
  const entries = Object.entries(sample.operations);
  const timeOf = (ls: RunSample['operations'][string]['latencies']) => ls.reduce((sum, [v, c]) => sum + v * c, 0);
  const allTime = entries.reduce((sum, [, op]) => sum + timeOf(op.latencies), 0);
  const slowest: SlowEntry[] = entries
    .filter(([, op]) => total(op.latencies) > 0)
    .map(([operation, op]) => ({
      operation,
      n: total(op.latencies),
      p50: quantile(op.latencies, 0.5) ?? null,
      p95: quantile(op.latencies, 0.95) ?? null,
      max: quantile(op.latencies, 1) ?? null,
      shareOfTime: allTime > 0 ? timeOf(op.latencies) / allTime : 0,
    }))
    .sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0))
    .slice(0, 5);
  const errorRates = entries
    .map(([operation, op]) => ({ operation, requests: op.requests, errors: op.errors, rate: op.requests ? op.errors / op.requests : 0 }))
    .filter((e) => e.errors > 0)
    .sort((a, b) => b.rate - a.rate);
  const recommendations: string[] = [];
  const all = wholeRun(sample);
  const median = quantile(all.latencies, 0.5);
  if (median && slowest.length > 1) {
    for (const s of slowest) {
      if (s.p50 !== null && s.p50 >= 3 * median && s.n > 0) recommendations.push(`"${s.operation}" is slow: p50 ${fmt(s.p50)} ms, ${(s.p50 / median).toFixed(1)}× the median of the run (${fmt(median)} ms), ${(s.shareOfTime * 100).toFixed(0)}% of all measured time.`);
    }
  }
  for (const e of errorRates.slice(0, 5)) recommendations.push(`"${e.operation}" failed ${e.errors} of ${e.requests} time(s) (${(e.rate * 100).toFixed(1)}%).`);
  if (recommendations.length === 0 && all.requests > 0) recommendations.push(`Nothing stands out: ${all.requests} request(s), no errors, p50 ${fmt(median ?? null)} ms, p95 ${fmt(quantile(all.latencies, 0.95) ?? null)} ms.`);
  const rate = all.requests ? all.errors / all.requests : 0;
  return {
    run: sample.id,
    kind: sample.kind,
    headline: `${all.requests} request(s), ${(rate * 100).toFixed(2)}% failed; p50 ${fmt(median ?? null)} ms, p95 ${fmt(quantile(all.latencies, 0.95) ?? null)} ms.`,
    failed: [],
    slowest,
    errorClusters: [],
    errorRates,
    recommendations,
  };
}

function clusterFailures(result: PlanRunResult): ErrorCluster[] {
  const clusters = new Map<string, ErrorCluster>();
  for (const it of result.iterations) {
    for (const s of it.steps) {
      for (const f of s.failures) {
        const signature = f.message.replace(/"[^"]*"/g, '"…"').replace(/-?\d+(\.\d+)?/g, '#');
        const key = `${f.check}\u0000${signature}`;
        const cluster = clusters.get(key) ?? { check: f.check, signature, count: 0, steps: [], iterations: [], example: f.message };
        cluster.count++;
        if (!cluster.steps.includes(s.step)) cluster.steps.push(s.step);
        if (!cluster.iterations.includes(it.iteration)) cluster.iterations.push(it.iteration);
        clusters.set(key, cluster);
      }
    }
  }
  return [...clusters.values()].sort((a, b) => b.count - a.count).slice(0, 20);
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)].slice(0, 20);
}

function fmt(v: number | null): string {
  return v === null ? '–' : String(Math.round(v * 100) / 100);
}
