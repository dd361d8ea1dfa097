import { describe, expect, it } from 'vitest';
import type { PlanRunResult } from '../plans';
import { analyzePlanRun } from './analyze';
import { compareRuns } from './compare';
import type { RunSample } from './sample';
import { mannWhitneyU, normalCdf, quantile, twoProportionZ, type WeightedSample } from './stats';

const raw = (values: number[]): WeightedSample => {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m];
};

describe('statistics (reference values from scipy 1.17)', () => {
  it('normal CDF', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-3.2)).toBeCloseTo(0.0006871379379158471, 7);
  });
  it('Mann–Whitney U, no ties: mannwhitneyu([4,5,6],[1,2,3], method="asymptotic")', () => {
    const r = mannWhitneyU(raw([1, 2, 3]), raw([4, 5, 6]));
    expect(r?.u).toBe(9);
    expect(r?.p).toBeCloseTo(0.08085559837005224, 6);
    expect(r?.rankBiserial).toBe(1);
  });
  it('Mann–Whitney U with ties, and the same test on the weighted (histogram) form', () => {
    const a = [10, 12, 12, 13, 15, 15, 15, 18, 20, 22];
    const b = [14, 15, 17, 19, 19, 21, 23, 25, 25, 30, 31];
    const r = mannWhitneyU(raw(a), raw(b));
    expect(r?.u).toBe(91.5);
    expect(r?.p).toBeCloseTo(0.01090239722647708, 6);
    // Order and grouping of the pairs do not matter.
    expect(mannWhitneyU([...raw(a)].reverse(), raw(b))?.p).toBeCloseTo(r?.p ?? 0, 12);
  });
  it('two-proportion z-test: 12/400 vs 30/420', () => {
    const r = twoProportionZ(12, 400, 30, 420);
    expect(r?.z).toBeCloseTo(2.689967799333308, 9);
    expect(r?.p).toBeCloseTo(0.007145891389421169, 6);
  });
  it('weighted quantiles', () => {
    expect(quantile([[10, 50], [20, 45], [100, 5]], 0.5)).toBe(10);
    expect(quantile([[10, 50], [20, 45], [100, 5]], 0.95)).toBe(20);
    expect(quantile([[10, 50], [20, 45], [100, 5]], 0.96)).toBe(100);
  });
});

/** A deterministic spread of n latencies around a centre (no randomness in tests). */
function spread(n: number, centre: number, width: number): WeightedSample {
  return raw(Array.from({ length: n }, (_, i) => Math.round((centre + width * Math.sin(i * 12.9898)) * 100) / 100));
}

const run = (id: string, ops: Record<string, { lat: WeightedSample; requests: number; errors: number }>): RunSample => ({
  id,
  kind: 'load',
  operations: Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, { latencies: v.lat, requests: v.requests, errors: v.errors }])),
});

describe('compareRuns verdicts', () => {
  const base = run('base', { listBooks: { lat: spread(400, 20, 5), requests: 400, errors: 2 }, getBook: { lat: spread(400, 10, 3), requests: 400, errors: 0 } });
  it('no significant change against a run like the baseline', () => {
    const same = run('same', { listBooks: { lat: spread(400, 20.1, 5), requests: 400, errors: 3 }, getBook: { lat: spread(400, 10, 3), requests: 400, errors: 0 } });
    const [c] = compareRuns([base, same]);
    expect(c.verdict).toBe('no significant change');
    expect(c.operations.every((o) => o.latency && o.latency.p > c.correctedAlpha)).toBe(true);
  });
  it('a latency regression on one operation, named, with its p-value and effect size', () => {
    const slow = run('slow', { listBooks: { lat: spread(400, 26, 5), requests: 400, errors: 2 }, getBook: { lat: spread(400, 10, 3), requests: 400, errors: 0 } });
    const [c] = compareRuns([base, slow]);
    expect(c.verdict).toBe('regression');
    const list = c.operations.find((o) => o.operation === 'listBooks');
    expect(list?.verdict).toBe('regression');
    expect(list?.latency?.direction).toBe('slower');
    expect(list?.latency?.p).toBeLessThan(1e-6);
    expect(list?.latency?.effectSize).toBeGreaterThan(0.3);
    expect(list?.reason).toMatch(/Mann–Whitney U p=/);
    expect(c.operations.find((o) => o.operation === 'getBook')?.verdict).toBe('no significant change');
  });
  it('more errors is a regression; fewer and faster an improvement', () => {
    const errors = run('errors', { listBooks: { lat: spread(400, 20, 5), requests: 400, errors: 40 }, getBook: { lat: spread(400, 10, 3), requests: 400, errors: 0 } });
    expect(compareRuns([base, errors])[0].operations.find((o) => o.operation === 'listBooks')?.errors?.direction).toBe('more');
    const fast = run('fast', { listBooks: { lat: spread(400, 12, 5), requests: 400, errors: 0 }, getBook: { lat: spread(400, 10, 3), requests: 400, errors: 0 } });
    const [c] = compareRuns([base, errors, fast]).slice(1);
    expect(c.candidate).toBe('fast');
    expect(c.verdict).toBe('improvement');
  });
});

describe('analyzePlanRun', () => {
  const step = (name: string, index: number, latencyMs: number, failures: PlanRunResult['failures'][number][] = [], extracted: string[] = []) => ({
    step: name,
    index,
    request: { method: 'GET', path: `/${name}` },
    status: failures.length ? 503 : 200,
    latencyMs,
    passed: failures.length === 0,
    failures: failures.map(({ check, location, message }) => ({ check, location, message })),
    extracted,
  });
  const f = (check: PlanRunResult['failures'][number]['check'], location: string, message: string) => ({ iteration: '', step: '', check, location, message });
  const result: PlanRunResult = {
    type: 'plan-run',
    plan: 'p',
    target: 'http://x',
    status: 'failed',
    startedAt: 0,
    durationMs: 200,
    iterations: [
      { iteration: 'normal', index: 0, scenario: null, passed: true, setup: [], teardown: [], durationMs: 50, steps: [step('list', 0, 10, [], ['id']), step('get', 1, 12), step('search', 2, 90)] },
      {
        iteration: 'outage',
        index: 1,
        scenario: 'outage',
        passed: false,
        setup: [],
        teardown: [],
        durationMs: 50,
        steps: [step('list', 0, 9, [f('status', '/steps/0/expect/status', 'expected status 200, got 503'), f('extract', '/steps/0/extract/id', 'found nothing at $.items[0].id')]), { ...step('get', 1, 0, [f('request', '/steps/1', 'not sent: uses {{id}}, which no earlier step or the plan defines')]), status: undefined, latencyMs: undefined }, step('search', 2, 11)],
      },
    ],
    summary: { iterations: 2, steps: 6, passed: 4, failed: 2 },
    failures: [],
  };
  it('names what failed, the slowest step, and recommends from the figures', () => {
    const a = analyzePlanRun('r1', result);
    expect(a.headline).toMatch(/^2 of 6 step\(s\) failed, in 1 of 2 iteration\(s\); slowest: "search"/);
    expect(a.slowest[0].operation).toBe('search');
    expect(a.errorClusters.map((c) => c.check)).toEqual(expect.arrayContaining(['status', 'extract', 'request']));
    const text = a.recommendations.join('\n');
    expect(text).toMatch(/Step "list" \(iteration "outage"\) could not extract \{\{id\}\}.*1 later step\(s\) \("get"\)/);
    expect(text).toMatch(/Step "list" passes in 1 iteration\(s\) and fails in "outage" \(scenario outage\): expected status 200, got 503/);
  });
});
