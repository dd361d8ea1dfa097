/**
 * Security probes end to end: a deliberately vulnerable API (one planted defect per check, each on
 * its own operation) must yield every planted finding with the right OWASP category and nothing
 * else above "info"; a clean mock of this stack (validation and security on, CORS off) must yield
 * nothing above "info". The CLI refuses bad input before sending anything and writes its reports.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs } from '../cli/commands';
import { probe } from '../cli/commands/probe';
import { nodeProbeFetch, startLocalCanary, type LocalCanary } from '../cli/probe-transport';
import type { MockPlan } from '../src/plan';
import { CHECK_NAMES, CHECKS, type CheckName, runProbes, severityRank } from '../src/testing/probes';
import { startVulnerableApi, type VulnerableApi } from './fixtures/vulnerable-api/server.mjs';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestStack } from './helpers/stack';

const VULNERABLE_SPEC = join(import.meta.dirname, 'fixtures', 'vulnerable-api', 'openapi.yaml');
const A = { authorization: 'Bearer token-a' };
const B = { authorization: 'Bearer token-b' };

/** check → the operation carrying its planted defect (see the spec's x-planted). */
const PLANTED: Record<CheckName, string> = {
  authentication: 'getAuthLeak',
  'invalid-credentials': 'getJwtLax',
  'object-authorization': 'getNote',
  'function-authorization': 'listUsersAdmin',
  'read-only-write': 'createProfile',
  'mass-assignment': 'createAccount',
  'response-property-leak': 'getMe',
  'resource-limits': 'listItems',
  'rate-limit': 'listItems',
  injection: 'search',
  'negative-data': 'getLenient',
  ssrf: 'createWebhook',
  cors: 'getCors',
  'verbose-errors': 'getOrder',
  'security-headers': 'getPage',
  'unsupported-methods': 'getLegacy',
  'undeclared-inventory': 'GET /v1/debug',
};
/** What a planted defect implies for another check: an operation that ignores credentials accepts invalid ones too. */
const IMPLIED: ReadonlyArray<[CheckName, string]> = [['invalid-credentials', 'getAuthLeak']];

let api: VulnerableApi;
let canary: LocalCanary;
let stack: TestStack;
let vulnerablePlan: MockPlan;

beforeAll(async () => {
  [api, canary, vulnerablePlan] = await Promise.all([startVulnerableApi(), startLocalCanary(0), compileOrThrow(VULNERABLE_SPEC)]);
  stack = await startTestStack([{ name: 'bookshop', plan: await compileOrThrow(BOOKSHOP) }]);
  const patched = await stack.mocks.bookshop.admin('/api/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cors: false }) });
  expect(patched.status).toBe(200);
});

afterAll(async () => {
  await Promise.all([api?.close(), canary?.close(), stack?.dispose()]);
});

describe('probing the deliberately vulnerable API', () => {
  it('finds every planted defect with its category, and nothing else above info', async () => {
    const result = await runProbes(vulnerablePlan, { target: api.url, fetch: nodeProbeFetch(), canary, auth: A, auth2: B, ratePerSecond: 10_000 });
    expect(result.status).toBe('completed');
    const found = (check: CheckName, op: string) => result.findings.filter((f) => f.check === check && f.operation === op);
    const missed: string[] = [];
    for (const [check, op] of Object.entries(PLANTED) as Array<[CheckName, string]>) {
      const hits = found(check, op);
      if (hits.length === 0) missed.push(`${check} on ${op}`);
      for (const hit of hits) expect(hit.category, `${check} on ${op}`).toBe(CHECKS.get(check)!.category);
    }
    const expected = new Set([...Object.entries(PLANTED), ...IMPLIED].map(([c, o]) => `${c} ${o}`));
    const falsePositives = result.findings.filter((f) => severityRank(f.severity) > 0 && !expected.has(`${f.check} ${f.operation}`));
    const planted = Object.keys(PLANTED).length;
    console.info(
      `[probes] vulnerable API: recall ${planted - missed.length}/${planted}, false positives above info ${falsePositives.length}, ${result.findings.length} findings, ${result.requests} requests`,
    );
    expect(missed).toEqual([]);
    expect(falsePositives.map((f) => `${f.check} ${f.operation}: ${f.title}`)).toEqual([]);

    // Every finding carries a curl line without the credentials and bounded evidence.
    for (const f of result.findings) {
      expect(f.curl).toMatch(/^curl -i -X [A-Z]+ '/);
      expect(f.curl).not.toContain('token-a');
      expect(f.curl).not.toContain('token-b');
      expect(f.evidence.excerpt.length).toBeLessThanOrEqual(401);
    }
    const injection = found('injection', 'search')[0];
    expect(injection.evidence.status).toBe(500);
    expect(injection.curl).toContain("q=%27+OR");
  });
});

describe('probing a clean mock of this stack', () => {
  it('yields no finding above info (invalid-credentials off: a mock checks presence, not validity)', async () => {
    const mock = stack.mocks.bookshop;
    const checks = CHECK_NAMES.filter((c) => c !== 'invalid-credentials');
    const result = await runProbes(mock.plan, { target: mock.url, fetch: nodeProbeFetch(), canary, checks, ratePerSecond: 10_000 });
    expect(result.status).toBe('completed');
    expect(result.requests).toBeGreaterThan(100);
    const aboveInfo = result.findings.filter((f) => severityRank(f.severity) > 0);
    console.info(`[probes] clean bookshop mock: ${aboveInfo.length} findings above info, ${result.findings.length} in all, ${result.requests} requests`);
    expect(aboveInfo.map((f) => `${f.check} ${f.operation}: ${f.title}`)).toEqual([]);
    // Without --allow-writes no PUT, PATCH or DELETE went out.
    expect(result.notSent.writes).toBeGreaterThan(0);
  });
});

/** Runs `mockloop probe …` in this process (the command table entry and its flags, without a second Node start-up). */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [, ...rest] = args;
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...line) => void out.push(line.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...line) => void err.push(line.join(' ')));
  try {
    const code = await probe.run(parseCommandArgs(probe, rest));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('mockloop probe', () => {
  it('refuses bad input before sending anything, with a clear error', async () => {
    const before = api.requests();
    const unknown = await runCli(['probe', VULNERABLE_SPEC, '--target', api.url, '--checks', 'authentication,sqli']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown check\(s\): sqli/);
    const badSpec = await runCli(['probe', join(import.meta.dirname, '..', 'package.json'), '--target', api.url]);
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toMatch(/the spec does not compile/);
    const unreachable = await runCli(['probe', VULNERABLE_SPEC, '--target', 'http://127.0.0.1:9/v1']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/unreachable/);
    const outside = await runCli(['probe', VULNERABLE_SPEC, '--target', 'http://169.254.169.254/v1']);
    expect(outside.stderr).toMatch(/link-local/);
    for (const run of [unknown, badSpec, unreachable, outside]) expect(run.stderr).toMatch(/nothing was sent/);
    expect(api.requests()).toBe(before);
  });

  it('exits 1 on findings at --fail-on and writes SARIF, JUnit and JSON reports without credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockloop-probe-'));
    const files = { sarif: join(dir, 'probe.sarif'), junit: join(dir, 'probe.xml'), json: join(dir, 'probe.json'), html: join(dir, 'probe.html') };
    const run = await runCli([
      'probe', VULNERABLE_SPEC, '--target', api.url, '--checks', 'authentication,injection,cors',
      '--auth', 'Authorization: Bearer token-a', '--rate', '10000',
      '--sarif', files.sarif, '--junit', files.junit, '--json', files.json, '--html', files.html,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[high\] API2 authentication getAuthLeak/);
    for (const file of Object.values(files)) expect(readFileSync(file, 'utf8')).not.toContain('token-a');

    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const [sarifRun] = sarif.runs;
    const ruleIds = sarifRun.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual(['authentication', 'injection', 'cors']);
    expect(sarifRun.results.length).toBeGreaterThanOrEqual(3);
    for (const result of sarifRun.results) {
      expect(ruleIds).toContain(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toBe('test/fixtures/vulnerable-api/openapi.yaml');
      expect(location.region.startLine).toBeGreaterThan(1);
    }
    const authLine = sarifRun.results.find((r: { ruleId: string }) => r.ruleId === 'authentication').locations[0].physicalLocation.region.startLine;
    expect(readFileSync(VULNERABLE_SPEC, 'utf8').split('\n')[authLine - 1].trim()).toBe('get:');

    const junit = readFileSync(files.junit, 'utf8');
    expect(junit).toMatch(/<testsuite name="authentication"[^>]*failures="1"/);
    expect(junit).toMatch(/<failure type="API8"/);
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json.findings.map((f: { check: string }) => f.check)).toContain('cors');

    const html = readFileSync(files.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('API2:2023 Broken Authentication');
    expect(html).not.toContain('<script>'); // payloads and answers are escaped

    const lenient = await runCli(['probe', VULNERABLE_SPEC, '--target', api.url, '--checks', 'cors', '--fail-on', 'critical']);
    expect(lenient.code).toBe(0);
  });
});

describe('admin routes: /api/probes', () => {
  it('probes the mock in-process, keeps the run in the registry and lists it with its findings', async () => {
    const mock = stack.mocks.bookshop;
    const json = { 'content-type': 'application/json' };
    const bad = await mock.admin('/api/probes', { method: 'POST', headers: json, body: JSON.stringify({ checks: ['sqli'] }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ location: string }> }).errors[0].location).toMatch(/^body\/checks/);

    const started = await mock.admin('/api/probes', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ checks: ['authentication', 'unsupported-methods', 'rate-limit'], auth: { authorization: 'Bearer secret-admin-token' }, failOn: 'info' }),
    });
    expect(started.status).toBe(201);
    type Run = { id: string; status: string; result: { requests: number; findings: Array<{ check: string }> } };
    const run = (await started.json()) as Run;
    expect(run.result.requests).toBeGreaterThan(10);
    expect(run.result.findings.map((f: { check: string }) => f.check)).toEqual(['rate-limit']);
    expect(run.status).toBe('failed'); // failOn info: the rate-limit information fails it
    expect(JSON.stringify(run)).not.toContain('secret-admin-token');

    const list = (await (await mock.admin('/api/probes')).json()) as { items: unknown[] };
    expect(list.items[0]).toMatchObject({ id: run.id, status: 'failed', summary: { findings: 1, failOn: 'info' } });
    const one = (await (await mock.admin(`/api/probes/${run.id}`)).json()) as Run;
    expect(one.result.findings).toHaveLength(1);
    expect((await mock.admin('/api/probes/nope')).status).toBe(404);
  });

  it('stops a running run on POST /api/probes/{id}/cancel and keeps what it found', async () => {
    const mock = stack.mocks.bookshop;
    const running = mock.admin('/api/probes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    let id: string | undefined;
    // The run's row appears, then shows its progress every 25 requests.
    while (id === undefined) {
      const { items } = (await (await mock.admin('/api/probes?limit=1')).json()) as { items: Array<{ id: string; status: string; summary: unknown }> };
      if (items[0]?.status === 'running' && items[0].summary !== null) id = items[0].id;
    }
    const cancelled = await mock.admin(`/api/probes/${id}/cancel`, { method: 'POST' });
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    const run = (await (await running).json()) as { id: string; status: string; result: { status: string; requests: number } };
    expect(run).toMatchObject({ id, status: 'cancelled', result: { status: 'cancelled' } });
    expect(run.result.requests).toBeLessThan(380);
  });
});

describe('the runner’s limits (a recording fake network)', () => {
  function fakeNetwork(answer: (method: string) => number = () => 200) {
    const sent: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
    const fetch = async (request: { method: string; url: string; headers: Record<string, string> }) => {
      sent.push(request);
      return { status: answer(request.method), headers: { 'content-type': 'application/json' }, body: '{}', truncated: false };
    };
    return { sent, fetch };
  }

  it('keeps to the budget, never sends writes without allowWrites, spaces requests by the rate cap and stops when cancelled', async () => {
    const budgeted = fakeNetwork();
    const small = await runProbes(vulnerablePlan, { target: 'http://127.0.0.1:1/v1', fetch: budgeted.fetch, maxRequests: 25, ratePerSecond: 1e6 });
    expect(budgeted.sent).toHaveLength(25);
    expect(small.status).toBe('budget-exhausted');
    // The budget is shared: a tight one still reaches the first and the last check.
    const shared = await runProbes(vulnerablePlan, { target: 'http://127.0.0.1:1/v1', fetch: fakeNetwork().fetch, maxRequests: 60, ratePerSecond: 1e6 });
    const requestsOf = (check: string) => shared.checks.find((c) => c.check === check)?.requests ?? 0;
    expect(requestsOf('authentication')).toBeGreaterThan(0);
    expect(requestsOf('injection')).toBeGreaterThan(0);
    expect(shared.requests).toBeLessThanOrEqual(60);

    // The bookshop declares PUT, PATCH and DELETE operations.
    const bookshop = stack.mocks.bookshop.plan;
    const writes = fakeNetwork();
    const guarded = await runProbes(bookshop, { target: 'http://127.0.0.1:1/v1', fetch: writes.fetch, ratePerSecond: 1e6, checks: ['injection'] });
    expect(writes.sent.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))).toEqual([]);
    expect(guarded.notSent.writes).toBeGreaterThan(0);
    const allowed = fakeNetwork();
    await runProbes(bookshop, { target: 'http://127.0.0.1:1/v1', fetch: allowed.fetch, ratePerSecond: 1e6, allowWrites: true, checks: ['injection'] });
    expect(allowed.sent.some((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))).toBe(true);

    // A fake clock: 10 requests at 5 per second take 1.8 s of waiting (the first goes at once).
    let now = 0;
    const waits: number[] = [];
    const paced = fakeNetwork();
    await runProbes(vulnerablePlan, {
      target: 'http://127.0.0.1:1/v1',
      fetch: paced.fetch,
      maxRequests: 10,
      ratePerSecond: 5,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    expect(paced.sent).toHaveLength(10);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(1800);

    const controller = new AbortController();
    const cancelled = fakeNetwork();
    const result = await runProbes(vulnerablePlan, {
      target: 'http://127.0.0.1:1/v1',
      ratePerSecond: 1e6,
      signal: controller.signal,
      fetch: async (request) => {
        if (cancelled.sent.length === 5) controller.abort();
        return cancelled.fetch(request);
      },
    });
    expect(result.status).toBe('cancelled');
    expect(cancelled.sent).toHaveLength(6);
  });

  it('takes per-operation expectations: skip an operation, or accept other statuses', async () => {
    const everything = fakeNetwork();
    const plain = await runProbes(vulnerablePlan, { target: 'http://127.0.0.1:1/v1', fetch: everything.fetch, checks: ['authentication'], ratePerSecond: 1e6 });
    expect(new Set(plain.findings.map((f) => f.operation)).size).toBeGreaterThan(5);
    const tuned = await runProbes(vulnerablePlan, {
      target: 'http://127.0.0.1:1/v1',
      fetch: fakeNetwork().fetch,
      checks: ['authentication'],
      ratePerSecond: 1e6,
      expectations: { authentication: { '*': { accept: ['2XX', '401', '403'] }, getMe: { skip: true } } },
    });
    expect(tuned.findings).toEqual([]);
  });
});
