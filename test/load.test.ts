/**
 * The load engine end to end: the engine worker (RunCoordinator + LoadShard DOs, D1) in workerd
 * against real local mocks, its figures checked against autocannon's on the same target, and the
 * `mockloop load` CLI's exit codes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningMock, startMock } from '../cli/api';
import { type RunningEngine, startEngine } from '../cli/engine-runtime';
import { loadCommand } from '../cli/load-command';
import type { MockPlan } from '../src/plan';
import type { LoadSummary } from '../src/testing/load';
import { runCli } from './helpers/cli';
import { BOOKSHOP, compileOrThrow } from './helpers/stack';

interface View {
  id: string;
  status: string;
  reason: string | null;
  finishedAt: number | null;
  cancelledAt?: number;
  summary: LoadSummary;
}

let fast: RunningMock;
let slow: RunningMock;
let engine: RunningEngine;
let plan: MockPlan;
/** Long enough that the machine's own stalls stay small beside it. */
const SLOW_MS = 1000;
const THRESHOLD = `p95<${SLOW_MS - 100}`;

beforeAll(async () => {
  [fast, slow, plan] = await Promise.all([startMock({ spec: BOOKSHOP, name: 'fast' }), startMock({ spec: BOOKSHOP, name: 'slow' }), compileOrThrow(BOOKSHOP)]);
  await slow.setScenario({ name: 'slow', default: { latency: { type: 'fixed', ms: SLOW_MS } } });
  // The free plan's subrequest budget, so a shard hands over to an alarm within these short runs.
  engine = await startEngine({ allowedHosts: [fast, slow].map((m) => new URL(m.url).host).join(','), vars: { LOAD_SUBREQUESTS_PER_INVOCATION: '50' } });
});

afterAll(async () => {
  await Promise.all([engine?.dispose(), fast?.close(), slow?.close()]);
});

async function start(body: Record<string, unknown>): Promise<{ status: number; body: { id: string; detail?: string; errors?: Array<{ location: string }> } }> {
  const res = await engine.fetch('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plan, ...body }) });
  return { status: res.status, body: await res.json() };
}

async function view(id: string, on: RunningEngine = engine): Promise<View> {
  return (await on.fetch(`/runs/${id}`)).json() as Promise<View>;
}

async function finished(id: string, on: RunningEngine = engine): Promise<View> {
  for (;;) {
    const v = await view(id, on);
    if (v.status !== 'running' && v.status !== 'queued') return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** autocannon's response times (ms), measured in a process of its own. */
function autocannonTimes(options: Record<string, unknown>): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(import.meta.dirname, 'helpers', 'autocannon-times.mjs'), JSON.stringify(options)], { timeout: 60_000 }, (error, stdout) => {
      if (error) reject(error);
      // SAFETY: the helper prints a JSON array of numbers.
      else resolve(JSON.parse(stdout) as number[]);
    });
  });
}

function exact(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `mockloop load` in this process with LOAD_ALLOWED_HOSTS set to `allowedHost`, collecting
 * what it prints (stdout writes, console.error lines); the environment is restored after.
 */
async function withLoadCli(allowedHost: string, body: (printed: { out: string[]; err: string[] }) => Promise<void>): Promise<void> {
  const printed = { out: [] as string[], err: [] as string[] };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.err.push(args.join(' ')));
  const before = process.env.LOAD_ALLOWED_HOSTS;
  process.env.LOAD_ALLOWED_HOSTS = allowedHost;
  try {
    await body(printed);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    if (before === undefined) delete process.env.LOAD_ALLOWED_HOSTS;
    else process.env.LOAD_ALLOWED_HOSTS = before;
  }
}

describe('load engine', () => {
  it('measures what autocannon measures on the same target, and sends exactly what the mock logs', async () => {
    // GET /health on the slow mock, by both tools at once (so they share the machine's noise):
    // answers take SLOW_MS, and each tool sends 40 requests at 10/s.
    const measured = autocannonTimes({ url: `${slow.url}/health`, connections: 12, amount: 40, overallRate: 10, headers: { 'x-test-session': 'autocannon' } });
    const started = await start({ target: { url: slow.url }, rate: 10, durationMs: 4000, shards: 3, weights: { '*': 0, getHealth: 1 }, thresholds: ['p95<2000'] });
    expect(started.status).toBe(202);
    const run = await finished(started.body.id);
    const times = await measured;
    expect(run.status).toBe('passed');
    const engineFigures = run.summary.metrics.http_req_duration.values;
    expect(run.summary.metrics.http_reqs.values.count).toBe(40);
    expect(run.summary.metrics.dropped_iterations.values.count).toBe(0);
    expect(run.summary.metrics.http_req_failed.values.rate).toBe(0);
    expect(times).toHaveLength(40);
    for (const [mine, theirs] of [
      [engineFigures.med, exact(times, 50)],
      [engineFigures['p(95)'], exact(times, 95)],
    ]) {
      expect(Math.abs(mine - theirs) / theirs, `engine ${mine} ms, autocannon ${theirs} ms`).toBeLessThanOrEqual(0.1);
    }

    // The run is a session of its own in the mock's log, with exactly the requests the engine counted.
    const logged = await slow.requests({ sessionId: started.body.id, limit: 500 });
    expect(logged).toHaveLength(40);
    expect(new Set(logged.map((r) => r.path))).toEqual(new Set(['/v1/health']));

    // Reports: JSON (the stored run), JUnit.
    const junit = await (await engine.fetch(`/runs/${started.body.id}/report?format=junit`)).text();
    expect(junit).toContain('failures="0"');
    const list = (await (await engine.fetch('/runs')).json()) as { items: Array<{ id: string; kind: string; status: string }> };
    expect(list.items.find((r) => r.id === started.body.id)).toMatchObject({ kind: 'load', status: 'passed' });
  });

  it('spreads the mix over the spec and splits the rate over shards, going on through alarms, counting every request once', async () => {
    const started = await start({ target: { url: fast.url }, rate: 150, durationMs: 1000, shards: 2 });
    expect(started.status).toBe(202);
    const run = await finished(started.body.id);
    const { count } = run.summary.metrics.http_reqs.values;
    expect(count + run.summary.metrics.dropped_iterations.values.count).toBe(150);
    expect(run.summary.state.shards).toBe(2);
    // 75 requests per shard with 50 subrequests per invocation: each shard went on in a second invocation.
    expect(run.summary.state.invocations).toBeGreaterThanOrEqual(4);
    expect(run.summary.state.subrequests / run.summary.state.invocations).toBeLessThanOrEqual(50);
    expect(Object.keys(run.summary.operations).length).toBeGreaterThan(5);
    // Requests that valid synthesis makes are answered as declared: no 4xx from validation or security.
    expect(run.summary.metrics.checks.values.fails).toBe(0);
    expect(run.summary.metrics.http_req_failed.values.rate).toBe(0);
    expect(await fast.requests({ sessionId: started.body.id, limit: 500 })).toHaveLength(count);
  });

  it('runs a multi-shard run in plain workerd processes of its own (one per MOCKLOOP_ENGINE_PROCESSES), gone when the engine stops', async () => {
    const own = await startEngine({ allowedHosts: new URL(fast.url).host, processes: 2 });
    const hosts = () =>
      execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((cols) => Number(cols[1]) === process.pid && cols.slice(2).join(' ').includes('mockloop-workerd-'));
    const before = hosts().length;
    try {
      const res = await own.fetch('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plan, target: { url: fast.url }, rate: 100, durationMs: 1000, shards: 4 }) });
      const { id } = (await res.json()) as { id: string };
      const run = await finished(id, own);
      expect(run.status).toBe('passed');
      expect(run.summary.metrics.http_reqs.values.count + run.summary.metrics.dropped_iterations.values.count).toBe(100);
      expect(await fast.requests({ sessionId: id, limit: 500 })).toHaveLength(run.summary.metrics.http_reqs.values.count);
      expect(hosts().length - before).toBe(2);
    } finally {
      await own.dispose();
    }
    expect(hosts().length).toBe(before);
  });

  it('refuses a multi-shard run with a clear problem when its shard processes cannot start, and starts them for the next run', async () => {
    const own = await startEngine({ allowedHosts: new URL(fast.url).host, processes: 2 });
    const body = JSON.stringify({ plan, target: { url: fast.url }, rate: 20, durationMs: 500, shards: 2 });
    const post = () => own.fetch('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    try {
      // The binary Miniflare would run (MINIFLARE_WORKERD_PATH), set after the engine's own process started.
      process.env.MINIFLARE_WORKERD_PATH = join(tmpdir(), 'no-such-workerd');
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(((await refused.json()) as { detail: string }).detail).toContain('workerd could not be started');
      expect(((await (await own.fetch('/runs')).json()) as { items: unknown[] }).items).toHaveLength(0);
      delete process.env.MINIFLARE_WORKERD_PATH;
      const started = await post();
      expect(started.status).toBe(202);
    } finally {
      delete process.env.MINIFLARE_WORKERD_PATH;
      await own.dispose();
    }
  });

  it('runs virtual users (closed model)', async () => {
    // Bounded by iterations: a fast machine makes thousands of requests in a second, more than one page of the log.
    const started = await start({ target: { url: fast.url }, vus: 3, durationMs: 3000, iterations: 200 });
    expect(started.status).toBe(202);
    const run = await finished(started.body.id);
    expect(run.status).toBe('passed');
    const { count } = run.summary.metrics.http_reqs.values;
    expect(count).toBeGreaterThan(3);
    expect(count).toBeLessThanOrEqual(200);
    expect(run.summary.metrics.dropped_iterations.values.count).toBe(0);
    expect(await fast.requests({ sessionId: started.body.id, limit: 500 })).toHaveLength(count);
  });

  it('cancels within a second, keeping the partial results', async () => {
    // Two shards: locally the second runs in another workerd process (a shard host), cancelled over its internal route.
    const started = await start({ target: { url: fast.url }, rate: 20, durationMs: 60_000, shards: 2 });
    expect(started.status).toBe(202);
    for (;;) {
      const v = await view(started.body.id);
      if (v.summary.metrics.http_reqs.values.count >= 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await engine.fetch(`/runs/${started.body.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    const run = await finished(started.body.id);
    expect(run.status).toBe('cancelled');
    const { count } = run.summary.metrics.http_reqs.values;
    expect(count).toBeGreaterThanOrEqual(5);
    // The run ended (its shards stopped and reported) within a second of the cancel reaching it,
    // both read from the engine's clock (a stall of this test process does not count).
    expect(run.finishedAt).not.toBeNull();
    expect(run.cancelledAt).toBeGreaterThan(0);
    expect((run.finishedAt ?? 0) - (run.cancelledAt ?? 0)).toBeLessThan(1000);
    expect(await fast.requests({ sessionId: started.body.id, limit: 500 })).toHaveLength(count);
  });

  it('times out a request at the run’s timeout: counted as failed, its connection given back', async () => {
    const started = await start({ target: { url: slow.url }, rate: 10, durationMs: 1000, timeoutMs: 200 });
    expect(started.status).toBe(202);
    const run = await finished(started.body.id);
    const m = run.summary.metrics;
    expect(m.http_reqs.values.count).toBe(10);
    expect(m.http_req_failed.values.rate).toBe(1);
    // Every answer would take SLOW_MS: none was waited for.
    expect(m.http_req_duration.values.max).toBeLessThan(SLOW_MS);
  });

  it('refuses bad runs with problem+json, starting nothing', async () => {
    const before = ((await (await engine.fetch('/runs')).json()) as { items: unknown[] }).items.length;
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ target: { url: fast.url }, rate: 100_000, durationMs: 1000 }, 422, /cap of 2000\/s/],
      [{ target: { url: fast.url }, rate: 10, durationMs: 3_600_000 }, 422, /cap of 600s/],
      [{ target: { url: 'https://example.com/' }, rate: 10, durationMs: 1000 }, 403, /LOAD_ALLOWED_HOSTS/],
      [{ target: { url: fast.url }, rate: 10, thresholds: ['p95 under 200'] }, 400, /not a threshold/],
    ];
    for (const [body, status, detail] of cases) {
      const res = await start(body);
      expect(res.status).toBe(status);
      expect(res.body.detail).toMatch(detail);
    }
    expect(((await (await engine.fetch('/runs')).json()) as { items: unknown[] }).items).toHaveLength(before);
  });
});

describe('load runs from a test plan', () => {
  /** list books → get the first book by its extracted id; the title check is meant to fail. */
  const browse = {
    name: 'browse',
    variables: { limit: 3 },
    steps: [
      { name: 'list books', request: { path: '/books', query: { limit: '{{limit}}' } }, expect: { status: 200, assert: [{ path: '$.items[0].id', exists: true }] }, extract: { bookId: { path: '$.items[0].id' } } },
      { name: 'get the first book', request: { path: '/books/{{bookId}}' }, expect: { status: 200, assert: [{ pointer: '/id', equals: '{{bookId}}' }, { pointer: '/title', equals: 'not the title' }] } },
    ],
  };

  it('runs the steps per iteration: extracted ids in the paths, expectations as checks, per-step metrics and thresholds', async () => {
    const iterations = 12;
    // 12 iterations of 2 steps on one shard with 50 subrequests per invocation: whole iterations per invocation.
    const started = await start({ target: { url: fast.url }, rate: 12, iterations, testPlan: browse, thresholds: ['get the first book:p95<60000', 'list books:max<0', 'checks:rate>0.99'] });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const run = await finished(started.body.id);
    const m = run.summary.metrics;
    expect(m.dropped_iterations.values.count).toBe(0);
    expect(m.iterations.values.count).toBe(iterations);
    expect(m.http_reqs.values.count).toBe(2 * iterations);
    expect(m.http_req_failed.values.rate).toBe(0);
    // list: status and assert hold; get: status and the id hold, the title fails — and the run went on.
    expect(m.checks.values).toMatchObject({ passes: 4 * iterations, fails: iterations });
    expect(Object.keys(run.summary.operations).sort()).toEqual(['get the first book', 'list books']);
    expect(run.summary.operations['get the first book'].checks.values).toMatchObject({ passes: 2 * iterations, fails: iterations });
    expect(run.summary.operations['list books'].http_reqs.values.count).toBe(iterations);
    const verdicts = Object.fromEntries(run.summary.thresholds.map((t) => [t.threshold, t]));
    expect(verdicts['get the first book:p95<60000']).toMatchObject({ ok: true, operation: 'get the first book' });
    expect(verdicts['get the first book:p95<60000'].actual).toBeGreaterThan(0);
    expect(verdicts['list books:max<0']).toMatchObject({ ok: false });
    expect(verdicts['checks:rate>0.99']).toMatchObject({ ok: false, actual: 0.8 });
    expect(run.status).toBe('failed');

    // The mock logged exactly the run's requests, under its session; the gets carry the ids the lists gave.
    const logged = await fast.requests({ sessionId: started.body.id, limit: 500 });
    expect(logged).toHaveLength(2 * iterations);
    const gets = logged.filter((r) => r.path !== '/v1/books');
    expect(gets).toHaveLength(iterations);
    for (const r of gets) expect(r.path).toMatch(/^\/v1\/books\/[^/{}]+$/);
    const ids = (await (await fetch(`${fast.url}/books?limit=3`, { headers: { 'x-test-session': started.body.id } })).json()) as { items: Array<{ id: string }> };
    expect(new Set(gets.map((r) => r.path))).toEqual(new Set([`/v1/books/${ids.items[0].id}`]));

    // Closed model: VUs run whole iterations back to back.
    const closed = await start({ target: { url: fast.url }, vus: 2, durationMs: 20_000, iterations: 6, testPlan: browse });
    expect(closed.status).toBe(202);
    const vus = await finished(closed.body.id);
    expect(vus.summary.metrics.iterations.values.count).toBe(6);
    expect(await fast.requests({ sessionId: closed.body.id, limit: 500 })).toHaveLength(12);
  });

  it('refuses a plan that breaks its schema, or asks for what a load run does not do, by pointer, starting nothing', async () => {
    const before = ((await (await engine.fetch('/runs')).json()) as { items: unknown[] }).items.length;
    const logged = (await fast.requests({ limit: 500 })).length;
    const broken = await start({ target: { url: fast.url }, rate: 10, iterations: 5, testPlan: { name: 'broken', steps: [{ name: 'x', request: { path: 'books' }, expect: { status: 'ok' } }] } });
    expect(broken.status).toBe(400);
    expect(broken.body.errors?.map((e) => e.location)).toEqual(['/testPlan/steps/0/request/path', '/testPlan/steps/0/expect/status']);
    const text = await start({ target: { url: fast.url }, rate: 10, iterations: 5, testPlan: 'name: t\nsetup:\n  - reset: true\nsteps:\n  - name: s\n    request: {path: /books}\n' });
    expect(text.status).toBe(400);
    expect(text.body.errors?.map((e) => e.location)).toEqual(['/testPlan/setup']);
    // 60 steps do not fit one invocation of this engine (50 subrequests).
    const long = { name: 'long', steps: Array.from({ length: 60 }, (_, i) => ({ name: `s${i}`, request: { path: '/health' } })) };
    const tooLong = await start({ target: { url: fast.url }, rate: 10, iterations: 5, testPlan: long });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors?.map((e) => e.location)).toEqual(['/testPlan/steps']);
    expect(((await (await engine.fetch('/runs')).json()) as { items: unknown[] }).items).toHaveLength(before);
    expect(await fast.requests({ limit: 500 })).toHaveLength(logged);
  });
});

describe('mockloop load --plan', () => {
  it('runs a plan file per iteration (exit 99 when a step threshold fails); a broken plan is one line by pointer, nothing started', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'load-plan-'));
    const good = join(dir, 'browse.yaml');
    const bad = join(dir, 'bad.yaml');
    await writeFile(good, 'name: browse\nsteps:\n  - name: list books\n    request: {path: /books}\n    expect: {status: 200}\n    extract: {id: {path: "$.items[0].id"}}\n  - name: get book\n    request: {path: "/books/{{id}}"}\n    expect: {status: 200}\n');
    await writeFile(bad, 'name: bad\nsteps:\n  - name: a\n    request: {path: books}\n');
    // The mock is not in a registry here: as a URL of an allowed host, a plan needs no spec.
    await withLoadCli(new URL(fast.url).host, async ({ out, err }) => {
      const base = { target: fast.url, stateDir: join(tmpdir(), 'no-state-here'), rate: '10/s' };
      const logged = (await fast.requests({ limit: 500 })).length;
      expect(await loadCommand({ ...base, plan: bad, iterations: '3', thresholds: [] })).toBe(2);
      expect(err).toEqual(['mockloop load: /testPlan/steps/0/request/path: starts with /']);
      expect(await fast.requests({ limit: 500 })).toHaveLength(logged);
      const json = join(dir, 'out.json');
      const code = await loadCommand({ ...base, plan: good, iterations: '3', thresholds: ['get book:p95<60000', 'list books:max<0'], json });
      expect(code, err.join('\n')).toBe(99);
      expect(out.join('')).toContain("✗ 'list books:max<0'");
      const view = JSON.parse(await readFile(json, 'utf8')) as View;
      expect(view.summary.metrics.http_reqs.values.count).toBe(6);
      expect(view.summary.metrics.checks.values).toMatchObject({ passes: 6, fails: 0 });
      expect(await fast.requests({ sessionId: view.id, limit: 500 })).toHaveLength(6);
    });
  }, 120_000);
});

describe('mockloop load', () => {
  it('exits 99 when a threshold fails (a run as a user starts it)', async () => {
    const junit = join(tmpdir(), `load-${process.pid}.xml`);
    const env = { LOAD_ALLOWED_HOSTS: new URL(slow.url).host };
    const run = await runCli(['load', slow.url, '--spec', BOOKSHOP, '--rate', '10/s', '--duration', '1s', '--shards', '3', '--threshold', THRESHOLD, '--junit', junit], { env, timeoutMs: 110_000 });
    expect(run.code, run.stderr).toBe(99);
    expect(run.stdout).toContain(`✗ '${THRESHOLD}'`);
    expect(run.stdout).toMatch(/http_req_duration\.+: avg=/);
    expect(await readFile(junit, 'utf8')).toMatch(/failures="1"/);
  }, 120_000);

  it('exits 0 when every threshold held, 2 on bad input with a one-line reason and nothing started', async () => {
    const json = join(tmpdir(), `load-${process.pid}.json`);
    await withLoadCli(new URL(fast.url).host, async ({ out, err }) => {
      const base = { thresholds: [], stateDir: join(tmpdir(), 'no-state-here') };
      const holding = await loadCommand({ ...base, target: fast.url, spec: BOOKSHOP, rate: '10/s', duration: '1s', thresholds: [THRESHOLD, 'rate<0.01'], json });
      expect(holding, err.join('\n')).toBe(0);
      expect(out.join('')).toContain(`✓ '${THRESHOLD}'`);
      expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({ status: 'passed', summary: { metrics: { http_reqs: { values: { count: 10 } } } } });
      const logged = (await fast.requests({ limit: 500 })).length;
      const cases = [
        [{ ...base, target: 'no-such-mock', rate: '10/s' }, /no mock named "no-such-mock"/],
        [{ ...base, target: fast.url, spec: BOOKSHOP, rate: '5000/s' }, /past the cap of 2000\/s/],
        [{ ...base, target: fast.url, spec: BOOKSHOP, duration: '2h' }, /past the cap of 600s/],
        [{ ...base, target: fast.url, spec: BOOKSHOP, rate: 'fast' }, /--rate fast: write requests per second/],
        [{ ...base, target: slow.url, spec: BOOKSHOP }, /neither a mock of this stack nor in LOAD_ALLOWED_HOSTS/],
      ] as const;
      for (const [options, message] of cases) {
        err.length = 0;
        expect(await loadCommand(options)).toBe(2);
        expect(err).toHaveLength(1);
        expect(err[0]).toMatch(message);
      }
      // Nothing was sent.
      expect(await fast.requests({ limit: 500 })).toHaveLength(logged);
    });
  }, 120_000);
});
