/**
 * Test plans end to end: the MCP tools (execute_test_plan, run_test_iteration,
 * analyze_test_results, compare_test_runs) on the MCP worker in workerd against a bookshop mock
 * of the local deployer, runs stored in D1; and `mockloop run` from the CLI against the same mock.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../cli/run-command';
import { runCli } from './helpers/cli';
import { MCP_TOKEN, type TestMcp, startTestMcp, toolError } from './helpers/mcp';
import { BOOKSHOP } from './helpers/stack';

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', 'examples', 'bookshop-plan.yaml'), 'utf8');
let mcp: TestMcp;
let client: Client;

beforeAll(async () => {
  mcp = await startTestMcp();
  client = await mcp.connect(MCP_TOKEN);
  await ok('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'plans', options: { enforce_security: false } });
});

afterAll(async () => {
  await client?.close();
  await mcp?.dispose();
});

const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });

async function ok<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T & { _text: string }> {
  const result = await call(name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  // SAFETY: the SDK client validated structuredContent against the tool's output schema.
  return { ...(result.structuredContent as T), _text: (result.content as Array<{ text: string }>)[0].text };
}

interface Run {
  run_id: string;
  status: string;
  summary: { steps: number; passed: number; failed: number };
  failures: Array<{ iteration: string; step: string; check: string; location: string; message: string }>;
  iterations: Array<{ iteration: string; scenario: string | null; steps: Array<{ step: string; operation?: string; status?: number; passed: boolean }> }>;
}

const failingPlan = {
  name: 'failing',
  steps: [
    { name: 'list books', request: { path: '/books' }, expect: { status: 200, assert: [{ path: '$.items[0].title', equals: 'Not Dune' }] }, extract: { id: { path: '$.items[0].id' } } },
    { name: 'missing book', request: { path: '/books/{{id}}/nowhere' }, expect: { status: 200 } },
    { name: 'no such variable', request: { path: '/books/{{nope}}' } },
  ],
};

describe('test plans from MCP', () => {
  const runs: string[] = [];
  it('execute_test_plan runs the example: variables carried between steps, schema checks, iterations switching scenarios', async () => {
    const run = await ok<Run>('execute_test_plan', { mock_name: 'plans', plan: EXAMPLE });
    expect(run.status, JSON.stringify(run.failures)).toBe('passed');
    expect(run.summary).toMatchObject({ steps: 3, passed: 3, failed: 0 });
    const [normal, limited] = run.iterations;
    expect(normal.steps.map((s) => [s.step, s.operation, s.status])).toEqual([
      ['list books', 'listBooks', 200],
      ['get the first book', 'getBook', 200],
    ]);
    expect(limited).toMatchObject({ iteration: 'rate limited', scenario: 'plan-rate-limited', steps: [{ step: 'listing is rate limited', status: 429, passed: true }] });
    runs.push(run.run_id);
    // The scenario was activated for the iteration's session only: the mock answers others as before.
    const [mock] = await mcp.deployer.list();
    expect((await fetch(`${mock.mockUrl}${mock.basePath}/books`)).status).toBe(200);

    const again = await ok<Run>('run_test_iteration', { mock_name: 'plans', plan: EXAMPLE, iteration: 'normal' });
    expect(again.iterations.map((i) => i.iteration)).toEqual(['normal']);
    runs.push(again.run_id);
  });

  it('names the failing step, the expectation by JSON pointer, and why', async () => {
    const run = await ok<Run>('execute_test_plan', { mock_name: 'plans', plan: failingPlan });
    expect(run.status).toBe('failed');
    expect(run.failures).toEqual([
      { iteration: 'default', step: 'list books', check: 'assert', location: '/steps/0/expect/assert/0', message: '$.items[0].title: expected "Not Dune", got "Dune"' },
      { iteration: 'default', step: 'missing book', check: 'status', location: '/steps/1/expect/status', message: 'expected status 200, got 404' },
      { iteration: 'default', step: 'no such variable', check: 'request', location: '/steps/2', message: 'not sent: uses {{nope}}, which no earlier step or the plan defines' },
    ]);
    expect(run._text).toContain('first failure: default / list books /steps/0/expect/assert/0');

    const analysis = await ok<{ headline: string; errorClusters: Array<{ check: string }>; recommendations: string[] }>('analyze_test_results', { run_id: run.run_id });
    expect(analysis.headline).toMatch(/^3 of 3 step\(s\) failed, in 1 of 1 iteration\(s\)/);
    expect(analysis.errorClusters.map((c) => c.check).sort()).toEqual(['assert', 'request', 'status']);
  });

  it('refuses a plan that breaks its schema, by JSON pointer, and sends nothing', async () => {
    const bad = toolError(await call('execute_test_plan', { mock_name: 'plans', plan: { name: 'x', steps: [{ name: 'a', request: { path: 'books' }, expect: { status: 'ok' } }] } }));
    expect(bad.problem.status).toBe(422);
    expect(bad.problem.errors?.map((e) => e.location)).toEqual(['plan/steps/0/request/path', 'plan/steps/0/expect/status']);
    expect(bad.text).toContain('plan/steps/0/request/path: starts with /');
    const yaml = toolError(await call('execute_test_plan', { mock_name: 'plans', plan: 'name: x\nsteps: [\n' }));
    expect(yaml.problem.errors?.[0]).toMatchObject({ line: expect.any(Number) });
  });

  it('compare_test_runs on real runs: the statistic, its p-value and a verdict', async () => {
    const out = await ok<{ comparisons: Array<{ verdict: string; overall: { latency: { test: string; p: number; baseline: { n: number } } | null; errors: { test: string } | null } }> }>('compare_test_runs', { run_ids: runs });
    const [c] = out.comparisons;
    expect(c.overall.latency).toMatchObject({ test: 'mann-whitney-u', baseline: { n: 3 } });
    expect(c.overall.latency?.p).toBeGreaterThan(0);
    expect(c.overall.errors?.test).toBe('two-proportion-z');
    // Three values against two cannot reach significance after the Bonferroni correction.
    expect(c.verdict).toBe('no significant change');
    expect(toolError(await call('compare_test_runs', { run_ids: [runs[0], 'nope'] })).problem.errors?.[0].location).toBe('run_ids.1');
  });
});

describe('comparing real runs', () => {
  it('finds a regression when a scenario adds latency, with progress notifications on the longer run', async () => {
    const iterations = Array.from({ length: 12 }, (_, i) => ({ name: `i${i}` }));
    const step = { name: 'get a book', request: { path: '/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11' }, expect: { status: 200 } };
    const fast = await ok<Run>('execute_test_plan', { mock_name: 'plans', plan: { name: 'fast', steps: [step], iterations } });
    const slowPlan = {
      name: 'slow',
      scenarios: [{ name: 'plan-slow', rules: [{ endpoint: '/books/{bookId}', method: 'GET', latency: { type: 'fixed', ms: 150 } }] }],
      steps: [step],
      iterations: iterations.map((it) => ({ ...it, scenario: 'plan-slow' })),
    };
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await client.callTool({ name: 'execute_test_plan', arguments: { mock_name: 'plans', plan: slowPlan } }, undefined, { onprogress: (p) => progress.push(p) });
    // SAFETY: the SDK client validated structuredContent against the tool's output schema.
    const slow = result.structuredContent as unknown as Run;
    expect(slow.status).toBe('passed');
    // 12 steps of at least 150 ms: past the first second, each step is notified.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ progress: 12, total: 12 });

    const out = await ok<{ comparisons: Array<{ verdict: string; operations: Array<{ operation: string; verdict: string; latency: { p: number; effectSize: number; direction: string } }> }> }>('compare_test_runs', { run_ids: [fast.run_id, slow.run_id] });
    const [c] = out.comparisons;
    expect(c.verdict).toBe('regression');
    expect(c.operations[0]).toMatchObject({ operation: 'get a book', verdict: 'regression', latency: { direction: 'slower' } });
    expect(c.operations[0].latency.p).toBeLessThan(0.001);
    expect(c.operations[0].latency.effectSize).toBeGreaterThan(0.8);
    expect(out._text).toMatch(/: regression \(.*Mann–Whitney U p=/);
  });
});

describe('mockloop run', () => {
  it('exits 0 when every step passed and 1 naming the failure; 2 for a plan that breaks its schema', async () => {
    const [mock] = await mcp.deployer.list();
    const dir = mkdtempSync(join(tmpdir(), 'ml-plan-'));
    const target = ['--target', `${mock.mockUrl}${mock.basePath}`, '--admin-url', mock.adminUrl];
    const env = { MOCKLOOP_ADMIN_TOKEN: mock.adminToken };
    const pass = await runCli(['run', join(import.meta.dirname, '..', 'examples', 'bookshop-plan.yaml'), ...target, '--junit', join(dir, 'out.xml')], { env });
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toContain('PASSED: 3/3 step(s) passed');
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('<testcase classname="bookshop smoke.normal" name="get the first book"');

    // The other exits through the command's function itself (one process start is enough per file).
    const lines = { out: [] as string[], err: [] as string[] };
    const io = { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l), stateDir: dir };
    writeFileSync(join(dir, 'failing.json'), JSON.stringify(failingPlan));
    const fail = await runCommand({ plan: join(dir, 'failing.json'), target: `${mock.mockUrl}${mock.basePath}`, adminUrl: mock.adminUrl, adminToken: mock.adminToken, json: join(dir, 'out.json'), ...io });
    expect(fail).toBe(1);
    expect(lines.out).toContain('        /steps/1/expect/status [status] expected status 200, got 404');
    expect(lines.out.at(-1)).toMatch(/^FAILED: 0\/3 step\(s\) passed, 3 failed/);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).summary).toEqual({ iterations: 1, steps: 3, passed: 0, failed: 3 });

    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nsteps:\n  - name: a\n    request: {path: books}\n');
    expect(await runCommand({ plan: join(dir, 'bad.yaml'), target: 'http://127.0.0.1:9/v1', ...io })).toBe(2);
    expect(lines.err).toContain('  /steps/0/request/path: starts with /');
    expect(await runCommand({ plan: join(dir, 'failing.json'), target: 'no-such-mock', ...io })).toBe(2);
    expect(lines.err.at(-1)).toMatch(/no local mock registry|no local mock named/);
  });
});

interface LoadRun {
  run_id: string;
  status: string;
  progress: number;
  elapsed_ms: number;
  figures: { requests: number; rate: number; p95_ms: number; failed_rate: number; dropped_iterations: number };
  thresholds_passed: boolean;
  thresholds: Array<{ threshold: string; ok: boolean; actual: number }>;
  summary: { metrics: { http_reqs: { values: { count: number } }; http_req_duration: { values: Record<string, number> } }; operations: Record<string, unknown> };
}

describe('load runs from MCP (the engine beside the MCP worker, one D1)', () => {
  it('run_load_test: the k6-shaped summary, threshold verdicts, progress; the run lists with plan runs', async () => {
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await client.callTool({ name: 'run_load_test', arguments: { mock_name: 'plans', rate: 20, duration_s: 2, thresholds: ['p95<60000', 'max<0'] } }, undefined, { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    const run = result.structuredContent as unknown as LoadRun;
    expect(run.status).toBe('failed');
    expect(run.progress).toBe(100);
    expect(run.figures.requests).toBe(run.summary.metrics.http_reqs.values.count);
    expect(run.figures.requests).toBeGreaterThanOrEqual(30);
    expect(run.summary.metrics.http_req_duration.values['p(95)']).toBe(run.figures.p95_ms);
    expect(Object.keys(run.summary.operations).length).toBeGreaterThan(1);
    expect(run.thresholds_passed).toBe(false);
    expect(run.thresholds.map((t) => [t.threshold, t.ok])).toEqual([
      ['p95<60000', true],
      ['max<0', false],
    ]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === 100)).toBe(true);
    expect((result.content as Array<{ text: string }>)[0].text).toMatch(/^Load run \w+: failed .* max<0 FAILED/);
    // Stored in the D1 the MCP worker reads: analyze_test_results finds the load run.
    const analysis = await ok<{ kind: string }>('analyze_test_results', { run_id: run.run_id });
    expect(analysis.kind).toBe('load');

    // monitor_test_progress on a finished run: the same figures.
    const watched = await ok<{ kind: string; run: LoadRun }>('monitor_test_progress', { run_id: run.run_id });
    expect(watched.kind).toBe('load');
    expect(watched.run.figures.requests).toBe(run.figures.requests);
  });

  it('compare_test_runs ranks two load runs by their stored histograms: a slower scenario is a regression', async () => {
    const fast = await ok<LoadRun>('run_load_test', { mock_name: 'plans', rate: 20, duration_s: 1 });
    await ok('manage_mock_data', { mock_name: 'plans', operation: 'create_scenario', scenario: { name: 'load-slow', default: { latency: { type: 'fixed', ms: 200 } } } });
    await ok('manage_mock_data', { mock_name: 'plans', operation: 'switch_scenario', scenario_name: 'load-slow' });
    try {
      const slow = await ok<LoadRun>('run_load_test', { mock_name: 'plans', rate: 20, duration_s: 1 });
      expect(slow.figures.p95_ms).toBeGreaterThanOrEqual(200);
      const out = await ok<{ comparisons: Array<{ verdict: string; overall: { latency: { test: string; p: number; baseline: { n: number }; candidate: { n: number } } | null } }> }>('compare_test_runs', { run_ids: [fast.run_id, slow.run_id] });
      const [c] = out.comparisons;
      expect(c.overall.latency).toMatchObject({ test: 'mann-whitney-u', baseline: { n: fast.figures.requests }, candidate: { n: slow.figures.requests } });
      expect(c.overall.latency?.p).toBeLessThan(0.001);
      expect(c.verdict).toBe('regression');
      // The view of a finished run shows its summary, not the histograms kept for comparisons.
      const view = (await (await mcp.server.engine!.fetch(`/runs/${slow.run_id}`)).json()) as Record<string, unknown>;
      expect(view).not.toHaveProperty('stats');
    } finally {
      await ok('manage_mock_data', { mock_name: 'plans', operation: 'switch_scenario', deactivate: true });
    }
  });

  it('cancelling the call cancels the run and keeps what was measured; monitor_test_progress follows a running run', async () => {
    const started = await ok<LoadRun>('run_load_test', { mock_name: 'plans', rate: 10, duration_s: 60, wait: false });
    expect(started.status).toBe('running');
    const progress: number[] = [];
    const watched = await ok<{ run: LoadRun }>('monitor_test_progress', { run_id: started.run_id, wait_s: 1.5 });
    expect(watched.run.status).toBe('running');
    expect(watched.run.progress).toBeLessThan(100);
    // That run goes on: cancel it through a run_load_test call of its own, aborted by the client.
    await mcp.server.engine!.fetch(`/runs/${started.run_id}/cancel`, { method: 'POST' });

    const abort = new AbortController();
    const call2 = client.callTool({ name: 'run_load_test', arguments: { mock_name: 'plans', rate: 10, duration_s: 60 } }, undefined, {
      signal: abort.signal,
      onprogress: (p) => {
        progress.push(p.progress);
        if (p.progress > 0 || progress.length > 1) abort.abort();
      },
    });
    await expect(call2).rejects.toThrow();
    const list = (await (await mcp.server.engine!.fetch('/runs?limit=1')).json()) as { items: Array<{ id: string }> };
    const id = list.items[0].id;
    expect(id).not.toBe(started.run_id);
    const end = await ok<{ run: LoadRun }>('monitor_test_progress', { run_id: id, wait_s: 10 });
    expect(end.run.status).toBe('cancelled');
    expect(end.run.figures.requests).toBeGreaterThan(0);
    expect(end.run.elapsed_ms).toBeLessThan(20_000);
  });

  it('errors carry the engine’s problem: a rate past the cap by argument, an unknown mock or run; schedules through the engine', async () => {
    const over = toolError(await call('run_load_test', { mock_name: 'plans', rate: 1_000_000, duration_s: 1 }));
    expect(over.problem.type).toMatch(/load-over-cap$/);
    expect(over.problem.errors?.map((e) => e.location)).toContain('rate');
    const unknown = toolError(await call('run_load_test', { mock_name: 'nope', rate: 1 }));
    expect(unknown.problem.errors?.[0].location).toBe('mock_name');
    const noRun = toolError(await call('monitor_test_progress', { run_id: 'no-such-run' }));
    expect(noRun.problem).toMatchObject({ status: 404 });
    expect(noRun.problem.type).toMatch(/load-unknown-run$/);
    expect(toolError(await call('monitor_test_progress', {})).problem.errors?.[0].location).toBe('run_id');

    const created = await ok<{ schedules: Array<{ id: string }> }>('schedule_test_suite', { operation: 'create', mock_name: 'plans', name: 'hourly', schedule: 'every 1h', plan: EXAMPLE });
    const sid = created.schedules[0].id;
    const sched = await ok<{ kind: string; schedule: { id: string; name: string; runs: number; recent_runs: unknown[] } }>('monitor_test_progress', { schedule_id: sid });
    expect(sched).toMatchObject({ kind: 'schedule', schedule: { id: sid, name: 'hourly', runs: 0, recent_runs: [] } });
    await ok('schedule_test_suite', { operation: 'delete', schedule_id: sid });
  });
});

describe('load runs from a test plan (run_load_test test_plan, POST /api/load-runs testPlan)', () => {
  const browse = 'name: browse\nsteps:\n  - name: list books\n    request: {path: /books}\n    expect: {status: 200}\n    extract: {id: {path: "$.items[0].id"}}\n  - name: get book\n    request: {path: "/books/{{id}}"}\n    expect: {status: 200, assert: [{pointer: /id, equals: "{{id}}"}]}\n';

  it('runs the plan per iteration, refuses a broken plan by pointer', async () => {
    const run = await ok<LoadRun & { summary: { metrics: { checks: { values: { passes: number; fails: number } }; iterations: { values: { count: number } } } } }>('run_load_test', { mock_name: 'plans', rate: 10, iterations: 4, test_plan: browse, thresholds: ['get book:p95<60000'] });
    expect(run.status).toBe('passed');
    expect(run.figures.requests).toBe(8);
    expect(run.summary.metrics.iterations.values.count).toBe(4);
    expect(run.summary.metrics.checks.values).toMatchObject({ passes: 12, fails: 0 });
    expect(Object.keys(run.summary.operations).sort()).toEqual(['get book', 'list books']);
    const bad = toolError(await call('run_load_test', { mock_name: 'plans', rate: 10, iterations: 4, test_plan: { name: 'bad', steps: [{ name: 'a', request: { path: 'books' } }] } }));
    expect(bad.problem.errors?.map((e) => e.location)).toEqual(['test_plan.steps.0.request.path']);

    const [mock] = await mcp.deployer.list();
    const admin = (path: string, init: RequestInit = {}) => fetch(`${mock.adminUrl}${path}`, { ...init, headers: { authorization: `Bearer ${mock.adminToken}`, 'content-type': 'application/json' } });
    const refused = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 10, iterations: 2, testPlan: { name: 'bad', scenarios: [], steps: [{ name: 'a', request: { path: '/books' } }] } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ location: string }> }).errors.map((e) => e.location)).toEqual(['/testPlan/scenarios']);
    const res = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 10, iterations: 3, testPlan: browse }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id, operations } = (await res.json()) as { id: string; operations: string[] };
    expect(operations).toEqual(['list books', 'get book']);
    let view: { status: string; summary: { metrics: { http_reqs: { values: { count: number } } } } } | undefined;
    for (let i = 0; i < 200; i++) {
      view = (await (await admin(`/api/load-runs/${id}`)).json()) as typeof view;
      if (view?.status !== 'running' && view?.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view?.status).toBe('passed');
    expect(view?.summary.metrics.http_reqs.values.count).toBe(6);
  });
});

describe('load runs from the mock’s admin origin (forwarded to the same engine)', () => {
  it('starts, watches, cancels a run against this mock; JSON, JUnit and HTML reports; an unknown id is a 404', async () => {
    const [mock] = await mcp.deployer.list();
    const admin = (path: string, init: RequestInit = {}) => fetch(`${mock.adminUrl}${path}`, { ...init, headers: { authorization: `Bearer ${mock.adminToken}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    const bad = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 10, target: 'http://example.com' }) });
    expect(bad.status).toBe(422);
    const over = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 1_000_000, durationS: 1 }) });
    expect(over.status).toBe(422);
    expect(((await over.json()) as { type: string }).type).toMatch(/load-over-cap$/);

    const res = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 20, durationS: 1.5, thresholds: ['p95<60000'] }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let view: { status: string; progress: number; summary: { metrics: { http_reqs: { values: { count: number } } }; series: unknown[] } } | undefined;
    for (let i = 0; i < 200; i++) {
      view = (await (await admin(`/api/load-runs/${id}`)).json()) as typeof view;
      if (view?.status !== 'running' && view?.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view?.status).toBe('passed');
    expect(view?.summary.metrics.http_reqs.values.count).toBeGreaterThanOrEqual(20);
    const listed = (await (await admin('/api/load-runs')).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((r) => r.id)).toContain(id);

    const junit = await admin(`/api/load-runs/${id}/report?format=junit`);
    expect(junit.headers.get('content-type')).toContain('application/xml');
    expect(await junit.text()).toContain('<testcase');
    const html = await admin(`/api/load-runs/${id}/report?format=html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('<svg');
    expect(page).toContain('Latency per second');
    expect(page).toContain('<polyline');
    expect(page).not.toMatch(/(src|href)="https?:/);
    expect(((await (await admin(`/api/load-runs/${id}/report`)).json()) as { id: string }).id).toBe(id);

    // Only runs whose target is this mock's origin are shown: a made-up id is a 404.
    expect((await admin('/api/load-runs/01NOSUCHRUN')).status).toBe(404);
    const long = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 10, durationS: 60 }) });
    const longId = ((await long.json()) as { id: string }).id;
    const cancelled = (await (await admin(`/api/load-runs/${longId}/cancel`, { method: 'POST' })).json()) as { status: string };
    expect(cancelled.status).toBe('cancelled');
  });
});
