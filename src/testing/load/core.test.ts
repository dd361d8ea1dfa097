import { describe, expect, it } from 'vitest';
import { createRandom } from '../../synth';
import type { OutgoingRequest, Sent, TestPlan } from '../plans';
import { DEFAULT_CAPS, validateLoadRun } from './config';
import { bucketOf, bucketValue, createHistogram, mergeAll, percentile, record } from './histogram';
import { formatSummary, toJunit } from './report';
import { arrivalTime, segmentsOf, shareOf, totalArrivals } from './schedule';
import { type RequestPool, runSlice, type ShardPlan } from './shard';
import { addDropped, addSample, applyReport, changedSeconds, emptyStats, mergeStats } from './stats';
import { buildSummary } from './summary';
import { targetRefusal } from './targets';
import { evaluateThresholds, parseThreshold } from './thresholds';

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('histogram', () => {
  it('keeps every value within 1% of its bucket', () => {
    for (const us of [0, 1, 127, 128, 129, 255, 256, 1000, 12_345, 999_999, 30_000_000]) {
      const back = bucketValue(bucketOf(us));
      expect(Math.abs(back - us)).toBeLessThanOrEqual(Math.max(0.5, us * 0.01));
    }
  });

  it('gives percentiles within 1% of the exact ones, and merging shards equals recording all in one', () => {
    const random = createRandom('h');
    const values = Array.from({ length: 20_000 }, () => Math.exp(random.float(0, 7))); // 1 ms … 1 s, long-tailed
    const one = createHistogram();
    const shards = [createHistogram(), createHistogram(), createHistogram()];
    values.forEach((v, i) => {
      record(one, v);
      record(shards[i % 3], v);
    });
    const merged = mergeAll(shards);
    const sorted = values.slice().sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99, 99.9]) {
      expect(percentile(merged, p)).toBe(percentile(one, p));
      expect(Math.abs(percentile(merged, p) - exactPercentile(sorted, p)) / exactPercentile(sorted, p)).toBeLessThan(0.01);
    }
    expect(merged.count).toBe(20_000);
    expect(merged.min).toBe(one.min);
    expect(merged.max).toBe(one.max);
  });

  it('is not the average of shard percentiles', () => {
    const fast = createHistogram();
    const slow = createHistogram();
    for (let i = 0; i < 99; i++) record(fast, 1);
    record(slow, 1000);
    // Averaging p99s would say ~500 ms; merged, 99 of 100 requests took 1 ms.
    expect(percentile(mergeAll([fast, slow]), 99)).toBeCloseTo(1, 1);
  });
});

describe('schedule', () => {
  it('spaces a constant rate evenly and ends on time', () => {
    const s = segmentsOf(10, undefined, 2000);
    expect(totalArrivals(s)).toBe(20);
    expect(arrivalTime(s, 0)).toBe(0);
    expect(arrivalTime(s, 1)).toBeCloseTo(100);
    expect(arrivalTime(s, 19)).toBeCloseTo(1900);
    expect(arrivalTime(s, 20)).toBeNull();
  });

  it('ramps: arrivals follow the integral of the rate', () => {
    const s = segmentsOf(0, [{ durationMs: 10_000, target: 100 }], 0);
    expect(totalArrivals(s)).toBe(500);
    // Half the arrivals (250) are due when the integral reaches 250: t = sqrt(2·250/10)·1000.
    expect(arrivalTime(s, 250)).toBeCloseTo(Math.sqrt(50) * 1000, 0);
    const two = segmentsOf(50, [{ durationMs: 1000, target: 50 }, { durationMs: 1000, target: 150 }], 0);
    expect(totalArrivals(two)).toBe(150);
  });

  it('splits items across shards exactly', () => {
    for (const n of [1, 3, 7]) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += shareOf(100, k, n);
      expect(sum).toBe(100);
    }
  });
});

describe('thresholds', () => {
  it('parses the documented forms', () => {
    expect(parseThreshold('p95<200')).toMatchObject({ ok: true, value: { metric: 'http_req_duration', aggregate: 'p(95)', operator: '<', value: 200 } });
    expect(parseThreshold('p(99)<0.3s')).toMatchObject({ ok: true, value: { percentile: 99, value: 300 } });
    expect(parseThreshold('rate<0.01')).toMatchObject({ ok: true, value: { metric: 'http_req_failed', aggregate: 'rate' } });
    expect(parseThreshold('checks:rate>0.99')).toMatchObject({ ok: true, value: { metric: 'checks' } });
    expect(parseThreshold('GET /books:p95<100')).toMatchObject({ ok: true, value: { operation: 'GET /books', metric: 'http_req_duration' } });
    expect(parseThreshold('listBooks:http_req_duration:max<500 abortOnFail')).toMatchObject({ ok: true, value: { operation: 'listBooks', abortOnFail: true } });
    expect(parseThreshold('p95 < 200ms')).toMatchObject({ ok: true, value: { value: 200 } });
    for (const bad of ['p95', 'fast', 'http_req_failed:p95<1', 'rate<1ms', 'p(150)<1']) expect(parseThreshold(bad).ok).toBe(false);
  });

  it('evaluates over merged stats, per operation too', () => {
    const stats = emptyStats();
    for (let i = 0; i < 100; i++) addSample(stats, { operation: 'GET /books', ms: i < 95 ? 10 : 500, status: i < 99 ? 200 : 500, declared: true, at: i * 10 });
    for (let i = 0; i < 100; i++) addSample(stats, { operation: 'GET /health', ms: 1, status: 200, declared: true, at: i * 10 });
    const t = (s: string) => {
      const p = parseThreshold(s);
      if (!p.ok) throw new Error(p.message);
      return p.value;
    };
    const labels: Record<string, string> = { listBooks: 'GET /books' };
    const results = evaluateThresholds([t('p95<100'), t('p(99)<100'), t('rate<0.01'), t('listBooks:p95<11'), t('GET /books:p96<100'), t('GET /health:max<2')], stats, 1000, (n) => labels[n]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, false, true]);
    expect(results[2].actual).toBeCloseTo(0.005);
  });
});

describe('summary and reports', () => {
  it('is shaped like k6 and merges shard stats by adding', () => {
    const a = emptyStats();
    const b = emptyStats();
    for (let i = 0; i < 50; i++) addSample(i % 2 ? a : b, { operation: 'GET /x', ms: i + 1, status: i === 0 ? 0 : 200, declared: i !== 0, at: i * 20 });
    const merged = mergeStats([a, b]);
    const summary = buildSummary(merged, 1000, 2, []);
    expect(summary.metrics.http_reqs.values).toEqual({ count: 50, rate: 50 });
    expect(summary.metrics.http_req_failed.values).toEqual({ rate: 0.02, passes: 1, fails: 49 });
    expect(summary.metrics.checks.values.fails).toBe(1);
    expect(summary.metrics.http_req_duration.values.min).toBe(1);
    expect(summary.metrics.http_req_duration.values.max).toBe(50);
    expect(summary.metrics.http_req_duration.values.med).toBeCloseTo(25, 0);
    expect(summary.series.map((s) => s.reqs)).toEqual([50]);
    const head = { id: 'r1', target: 'http://x', status: 'passed' };
    expect(formatSummary(summary, head)).toMatch(/http_req_duration\.+: avg=/);
    expect(toJunit(summary, head)).toContain('<testsuites name="mockloop load" tests="1" failures="0"');
  });
});

describe('caps and targets', () => {
  const plan = { operations: [{ id: 'a', method: 'get', path: '/a' }], schemas: {} };
  const target = { url: 'http://127.0.0.1:9/' };
  it('refuses past the caps with every reason, by pointer', () => {
    const r = validateLoadRun({ target, plan, rate: 1e6, durationMs: 1e9 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.status).toBe(422);
    expect(r.problem.errors?.map((e) => e.location)).toEqual(expect.arrayContaining(['/rate', '/durationMs']));
    const bad = validateLoadRun({ target, plan, rate: 10, vus: 2, thresholds: ['fast'] });
    expect(!bad.ok && bad.problem.errors?.map((e) => e.location)).toEqual(['/vus', '/thresholds/0']);
    const good = validateLoadRun({ target, plan, rate: 120, durationMs: 1000 });
    expect(good.ok && { shards: good.value.shards, iterations: good.value.iterations }).toEqual({ shards: 3, iterations: 120 });
  });

  it('allows this stack\'s mocks and listed hosts, never private addresses from a deployed engine', () => {
    const deployed = { allowedHosts: ['api.example.com', '10.0.0.5', '*.corp.example'], mockHosts: ['*.mocks.example.dev'], local: false };
    expect(targetRefusal('https://books.mocks.example.dev/v1', deployed)).toBeUndefined();
    expect(targetRefusal('https://api.example.com/', deployed)).toBeUndefined();
    expect(targetRefusal('https://a.corp.example/', deployed)).toBeUndefined();
    expect(targetRefusal('https://other.example.com/', deployed)).toMatch(/LOAD_ALLOWED_HOSTS/);
    expect(targetRefusal('http://10.0.0.5/', deployed)).toMatch(/private/);
    expect(targetRefusal('http://169.254.169.254/', { ...deployed, allowedHosts: ['169.254.169.254'] })).toMatch(/link-local/);
    expect(targetRefusal('http://127.0.0.1:8080/', { allowedHosts: ['127.0.0.1:8080'], mockHosts: [], local: true })).toBeUndefined();
    expect(targetRefusal('http://127.0.0.1:8081/', { allowedHosts: ['127.0.0.1:8080'], mockHosts: [], local: true })).toMatch(/neither/);
  });
});

describe('shard loop', () => {
  const pool: RequestPool = { entries: [{ label: 'GET /a', weight: 1, declared: ['200'], requests: [{ operation: 'a', method: 'GET', path: '/a', headers: {} }] }] };
  function fakeClock(latencyMs: number) {
    let now = 0;
    let live = 0;
    let peak = 0;
    const timers: Array<{ at: number; fire: () => void }> = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, fire: resolve }));
    /** Advances virtual time to the next timer whenever the loop is idle. */
    const pump = async (done: () => boolean) => {
      while (!done()) {
        await new Promise((r) => setImmediate(r));
        timers.sort((x, y) => x.at - y.at);
        const next = timers.shift();
        if (next) {
          now = Math.max(now, next.at);
          next.fire();
        }
      }
    };
    const send = async () => {
      live++;
      peak = Math.max(peak, live);
      await sleep(latencyMs);
      live--;
      return { status: 200, ms: latencyMs };
    };
    return { now: () => now, sleep, send, pump, peak: () => peak };
  }

  it('never has more than 6 requests in flight, drops what finds no connection, and hands over at the subrequest budget', async () => {
    const clock = fakeClock(100);
    // 100/s with 100 ms answers needs 10 connections: a shard has 6, so some arrivals are dropped.
    const plan: ShardPlan = { runId: 'r', index: 0, shards: 1, model: 'open', start: 100, durationMs: 2000, iterations: 200, startAt: 0, seed: 1, pool };
    const progress = { next: 0, stats: emptyStats(), done: false };
    let finished = false;
    let invocations = 0;
    let resumeAt: number | null = 0;
    const reports: boolean[] = [];
    const run = (async () => {
      while (resumeAt !== null) {
        invocations++;
        const out = await runSlice(plan, progress, { now: clock.now, sleep: clock.sleep, send: clock.send, report: async (_s, d) => void reports.push(d), cancelled: () => false }, { maxSubrequests: 50, maxSliceMs: 60_000, reportEveryMs: 500 });
        resumeAt = out.resumeAt;
      }
      finished = true;
    })();
    await clock.pump(() => finished);
    await run;
    expect(clock.peak()).toBeLessThanOrEqual(6);
    expect(progress.stats.iterations + progress.stats.dropped).toBe(200);
    expect(progress.stats.dropped).toBeGreaterThan(0);
    expect(invocations).toBeGreaterThan(2);
    expect(progress.stats.subrequests / progress.stats.invocations).toBeLessThanOrEqual(50);
    expect(reports.at(-1)).toBe(true);
  });

  it('runs closed-model VUs back to back', async () => {
    const clock = fakeClock(10);
    const plan: ShardPlan = { runId: 'r', index: 0, shards: 1, model: 'closed', start: 4, durationMs: 1000, iterations: 1e9, startAt: 0, seed: 1, pool };
    const progress = { next: 0, stats: emptyStats(), done: false };
    let finished = false;
    const run = runSlice(plan, progress, { now: clock.now, sleep: clock.sleep, send: clock.send, report: async () => {}, cancelled: () => false }, { maxSubrequests: 10_000, maxSliceMs: 60_000, reportEveryMs: 500 }).finally(() => {
      finished = true;
    });
    await clock.pump(() => finished);
    await run;
    // 4 VUs × 1000 ms / 10 ms per request.
    expect(progress.stats.iterations).toBe(400);
    expect(clock.peak()).toBe(4);
  });
});

describe('test plan per iteration', () => {
  const testPlan = {
    name: 'browse',
    variables: { limit: 2 },
    steps: [
      { name: 'list books', request: { path: '/books', query: { limit: '{{limit}}' } }, expect: { status: 200, assert: [{ path: '$[0].id', exists: true }] }, extract: { bookId: { path: '$[0].id' } } },
      { name: 'get book', request: { path: '/books/{{bookId}}' }, expect: { status: 200, maxLatencyMs: 1000, headers: { 'x-never': true } } },
    ],
  };

  it('validates the plan by pointer and refuses what a load run does not do', () => {
    const base = { target: { url: 'http://127.0.0.1:1/v1' }, rate: 10, durationMs: 1000 };
    const bad = validateLoadRun({ ...base, testPlan: { name: 'x', steps: [{ name: 's', request: { path: 'books' }, expect: { status: 'ok' } }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem.errors?.map((e) => e.location)).toEqual(['/testPlan/steps/0/request/path', '/testPlan/steps/0/expect/status']);
    const refused = validateLoadRun({ ...base, testPlan: { ...testPlan, setup: [{ reset: true }], iterations: [{ name: 'a' }], steps: [{ ...testPlan.steps[0], expect: { schema: true } }] } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.errors?.map((e) => e.location)).toEqual(['/testPlan/setup', '/testPlan/iterations', '/testPlan/steps/0/expect/schema']);
    const noMix = validateLoadRun(base);
    expect(noMix.ok || noMix.problem.errors?.[0]?.location).toBe('/plan');
    const text = validateLoadRun({ ...base, testPlan: 'name: t\nsteps:\n  - name: s\n    request: {path: /health}\n  - name: u\n    request: {path: /health}\n' }, { ...DEFAULT_CAPS, maxRequests: 15 });
    expect(text.ok || text.problem.detail).toBe('/rate: 20 requests in all is past the cap of 15');
  });

  it('runs the steps in order per iteration, extracting, counting checks, and never splitting an iteration over invocations', async () => {
    let now = 0;
    const sent: string[] = [];
    let n = 0;
    const sendStep = async (request: OutgoingRequest): Promise<Sent> => {
      sent.push(request.url);
      expect(request.headers['x-test-session']).toBe('run1');
      now += 5;
      const url = new URL(request.url);
      // Every third list answers an empty page: nothing to extract, so the iteration ends at "get book".
      const body = url.pathname === '/v1/books' ? (n++ % 3 === 2 ? [] : [{ id: `b${n}` }]) : { id: url.pathname.split('/').pop() };
      return { ok: true, response: { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body, contentType: 'application/json', latencyMs: 5, truncated: false } };
    };
    const checked = validateLoadRun({ target: { url: 'http://mock.test/v1' }, vus: 1, durationMs: 60_000, iterations: 9, testPlan });
    if (!checked.ok) throw new Error(checked.problem.detail);
    const plan: ShardPlan = { runId: 'run1', index: 0, shards: 1, model: 'closed', start: 1, durationMs: 60_000, iterations: 9, startAt: 0, seed: 1, pool: { entries: [] }, planMix: { plan: checked.value.testPlan as TestPlan, target: 'http://mock.test/v1' } };
    const progress = { next: 0, stats: emptyStats(), done: false };
    let resumeAt: number | null = 0;
    let invocations = 0;
    while (resumeAt !== null && invocations < 20) {
      invocations++;
      const before = sent.length;
      // 6 subrequests: one kept for the report leaves room for 2 whole iterations of 2 steps.
      const out = await runSlice(plan, progress, { now: () => now, sleep: async (ms) => {
          now += ms;
        }, send: async () => ({ status: 200, ms: 1 }), sendStep, report: async () => {}, cancelled: () => false }, { maxSubrequests: 6, maxSliceMs: 60_000, reportEveryMs: 1e9 });
      expect(sent.length - before).toBeLessThanOrEqual(5);
      resumeAt = out.resumeAt;
    }
    expect(resumeAt).toBeNull();
    const s = progress.stats;
    expect(s.iterations).toBe(9);
    // 9 lists; 6 of them found a book to get.
    expect(s.operations['list books'].reqs).toBe(9);
    expect(s.operations['get book'].reqs).toBe(6);
    expect(sent.filter((u) => /\/books\/b\d+$/.test(u))).toHaveLength(6);
    expect(sent[0]).toBe('http://mock.test/v1/books?limit=2');
    // list: status and assert held 6 times, the assert failed 3 times; get: status and latency held, the header failed; the 3 unsent gets fail once each.
    expect(s.operations['list books']).toMatchObject({ checksPassed: 6 * 2 + 3, checksFailed: 3 });
    expect(s.operations['get book']).toMatchObject({ checksPassed: 6 * 2, checksFailed: 6 + 3 });
    expect(s.all.reqs).toBe(15);
    expect(s.subrequests).toBe(15);
    expect(s.invocations).toBe(invocations);
  });
});

describe('reports with only the seconds that changed', () => {
  it('sends a second again only when it changed, and the coordinator keeps the others', () => {
    const stats = emptyStats();
    const sample = (at: number) => addSample(stats, { operation: 'GET /', ms: 2, status: 200, declared: true, at });
    sample(100);
    sample(1100);
    const sent = new Map<number, number>();
    const first = changedSeconds(stats, sent);
    expect(Object.keys(first.seconds)).toEqual(['0', '1']);
    sample(1900);
    addDropped(stats, 2500);
    const second = changedSeconds(stats, sent);
    expect(Object.keys(second.seconds)).toEqual(['1', '2']);
    expect(Object.keys(changedSeconds(stats, sent).seconds)).toEqual([]);
    const held = applyReport(applyReport(undefined, first), second);
    // What the coordinator holds equals the shard's whole stats.
    expect(mergeStats([held])).toEqual(mergeStats([stats]));
  });
});
