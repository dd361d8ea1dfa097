/**
 * `mockloop run <plan>`: runs a test plan from Node against a URL, a mock of the local stack (by
 * name, from <state-dir>/state/mocks.json) or a fresh in-memory mock of a spec (`--spec`), and
 * writes JUnit/JSON reports. Exit 0 when every step passed, 1 when one failed, 2 when the plan
 * is invalid or the target unknown (then nothing was sent).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MockPlan } from '../src/plan';
import { type AdminAccess, type PlanLookup, type PlanRunResult, parseTestPlan, planLookup, planRunJunit, runTestPlan } from '../src/testing/plans';
import { startMock } from './api';

export interface RunCommandOptions {
  plan: string;
  target?: string;
  spec?: string;
  adminUrl?: string;
  adminToken?: string;
  iteration?: string;
  stateDir: string;
  junit?: string;
  json?: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Resolved {
  target: string;
  admin?: AdminAccess;
  close?: () => Promise<void>;
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  let text: string;
  try {
    text = await readFile(options.plan, 'utf8');
  } catch (error) {
    options.err(`error: cannot read the plan ${options.plan}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const parsed = parseTestPlan(text);
  if (!parsed.ok) {
    options.err(`error: ${options.plan} is not a valid test plan (nothing was sent):`);
    for (const item of parsed.problem.errors ?? []) options.err(`  ${item.location || '/'}${item.line ? ` (line ${item.line}:${item.column})` : ''}: ${item.message}`);
    return 2;
  }
  const plan = parsed.value;
  const resolved = await resolveTarget(options, plan.target);
  if (!resolved.ok) {
    options.err(`error: ${resolved.reason} (nothing was sent)`);
    return 2;
  }
  const { target, admin, close } = resolved.value;
  try {
    const lookup = admin ? await fetchLookup(admin) : undefined;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    const outcome = await runTestPlan(plan, {
      target,
      fetch,
      admin,
      lookup,
      iteration: options.iteration,
      runId: `run-${Date.now().toString(36)}`,
      signal: controller.signal,
    }).finally(() => process.off('SIGINT', stop));
    if (!outcome.ok) {
      options.err(`error: ${outcome.reason} (nothing was sent)`);
      return 2;
    }
    const result = outcome.result;
    print(result, options.out);
    if (options.json) await writeFile(options.json, `${JSON.stringify(result, null, 2)}\n`);
    if (options.junit) await writeFile(options.junit, planRunJunit(result));
    return result.status === 'passed' ? 0 : 1;
  } finally {
    await close?.();
  }
}

function print(result: PlanRunResult, out: (line: string) => void): void {
  out(`${result.plan} → ${result.target}`);
  for (const it of result.iterations) {
    out(`  iteration "${it.iteration}"${it.scenario ? ` (scenario ${it.scenario})` : ''}`);
    for (const a of it.setup) if (!a.ok) out(`    ✗ setup: ${a.detail}`);
    for (const s of it.steps) {
      const figures = s.status === undefined ? '' : ` ${s.status} in ${s.latencyMs} ms`;
      out(`    ${s.passed ? '✓' : '✗'} ${s.step}${figures}`);
      for (const f of s.failures) out(`        ${f.location} [${f.check}] ${f.message}`);
    }
    for (const a of it.teardown) if (!a.ok) out(`    ✗ teardown: ${a.detail}`);
  }
  const { steps, passed, failed } = result.summary;
  const verdict = result.status === 'passed' ? 'PASSED' : result.status === 'cancelled' ? 'CANCELLED' : 'FAILED';
  out(`${verdict}: ${passed}/${steps} step(s) passed${failed ? `, ${failed} failed` : ''}${result.failures.some((f) => f.check === 'timeout' || f.step === '') ? `; ${result.failures.filter((f) => f.step === '').map((f) => f.message).join('; ')}` : ''} (${Math.round(result.durationMs)} ms)`);
}

async function resolveTarget(options: RunCommandOptions, planTarget: string | undefined): Promise<{ ok: true; value: Resolved } | { ok: false; reason: string }> {
  const token = options.adminToken ?? (process.env.MOCKLOOP_ADMIN_TOKEN || undefined);
  const explicitAdmin = options.adminUrl && token ? { url: options.adminUrl, token } : undefined;
  if (options.adminUrl && !token) return { ok: false, reason: '--admin-url needs a token: --admin-token or $MOCKLOOP_ADMIN_TOKEN' };
  if (options.spec) {
    if (options.target) return { ok: false, reason: 'give --spec or --target, not both' };
    try {
      const mock = await startMock({ spec: options.spec, name: 'plan-run' });
      return { ok: true, value: { target: mock.url, admin: { url: mock.adminUrl, token: mock.token }, close: () => mock.close() } };
    } catch (error) {
      return { ok: false, reason: `the mock of ${options.spec} did not start: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const target = options.target ?? planTarget;
  if (!target) return { ok: false, reason: 'no target: give --target <URL or mock name>, --spec <spec>, or a target in the plan' };
  if (/^https?:\/\//i.test(target)) return { ok: true, value: { target, admin: explicitAdmin } };
  const registry = join(resolve(options.stateDir), 'state', 'mocks.json');
  let records: Array<{ name: string; port: number; adminPort: number; adminToken: string; basePath: string }>;
  try {
    records = JSON.parse(await readFile(registry, 'utf8'));
  } catch {
    return { ok: false, reason: `"${target}" is not a URL, and there is no local mock registry at ${registry} (start one with mockloop mock, or give --state-dir)` };
  }
  const record = records.find((r) => r.name === target);
  if (!record) return { ok: false, reason: `no local mock named "${target}"; known: ${records.map((r) => r.name).join(', ') || '(none)'}` };
  return {
    ok: true,
    value: { target: `http://127.0.0.1:${record.port}${record.basePath}`, admin: explicitAdmin ?? { url: `http://127.0.0.1:${record.adminPort}`, token: record.adminToken } },
  };
}

async function fetchLookup(admin: AdminAccess): Promise<PlanLookup | undefined> {
  try {
    const res = await fetch(`${admin.url}/api/plan?full=true`, { headers: { authorization: `Bearer ${admin.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return undefined;
    // SAFETY: GET /api/plan?full=true answers the MockPlan the mock serves.
    return planLookup((await res.json()) as MockPlan);
  } catch {
    return undefined;
  }
}
