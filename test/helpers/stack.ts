/**
 * Starts the real local runtime (workerd via Miniflare, real local D1 and Durable Objects) for a
 * test file, exactly as `mockloop mock` serves, with in-memory state and free ports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../cli/local-runtime';
import { compileSpecAt } from '../../cli/spec-source';
import type { MockPlan } from '../../src/plan';
import { freePort as cliFreePort } from '../../cli/ports';

/** The shared real-world specs: beside the checkout, or where `MOCKLOOP_SHARED_SPECS` says (a worktree elsewhere). */
export const SHARED_SPECS = process.env.MOCKLOOP_SHARED_SPECS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'specs');
export const HAS_SHARED_SPECS = existsSync(SHARED_SPECS);
export const BOOKSHOP = join(import.meta.dirname, '..', '..', 'examples', 'bookshop.yaml');

if (!HAS_SHARED_SPECS) {
  console.warn(`[mockloop tests] ${SHARED_SPECS} is absent: the tests over the shared real-world specs are SKIPPED.`);
}

/** A free port from this test worker's band (see cli/ports.ts and test/setup/keep-alive.ts). */
export function freePort(): Promise<number> {
  return cliFreePort();
}

export async function compileOrThrow(spec: string): Promise<MockPlan> {
  const outcome = await compileSpecAt(spec);
  if (!outcome.ok) throw new Error(`${spec}: ${JSON.stringify(outcome.problem)}`);
  return outcome.plan;
}

export interface TestMock {
  name: string;
  url: string;
  adminUrl: string;
  token: string;
  plan: MockPlan;
  admin(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestStack {
  stack: LocalStack;
  mocks: Record<string, TestMock>;
  dispose(): Promise<void>;
}

/** Starts one worker per entry and installs each plan through the admin API; `engine`: the mocks' ENGINE binding (test/helpers/engine.ts). */
export async function startTestStack(entries: Array<{ name: string; plan: MockPlan; vars?: Record<string, string> }>, options: { engine?: LocalStackOptions['engine'] } = {}): Promise<TestStack> {
  const mockOptions = [];
  for (const entry of entries) {
    mockOptions.push({ name: entry.name, port: await freePort(), adminPort: await freePort(), adminToken: `token-${entry.name}`, vars: entry.vars });
  }
  const stack = await startLocalStack({ stateDir: false, mocks: mockOptions, ...(options.engine ? { engine: options.engine } : {}) });
  const mocks: Record<string, TestMock> = {};
  for (const entry of entries) {
    await stack.installPlan(entry.name, entry.plan);
    const running = stack.mocks.find((m) => m.name === entry.name)!;
    mocks[entry.name] = {
      name: entry.name,
      url: running.mockUrl + entry.plan.basePath,
      adminUrl: running.adminUrl,
      token: running.adminToken,
      plan: entry.plan,
      admin: (path, init = {}) =>
        fetch(running.adminUrl + path, { ...init, headers: { authorization: `Bearer ${running.adminToken}`, ...(init.headers as Record<string, string>) } }),
    };
  }
  return { stack, mocks, dispose: () => stack.dispose() };
}

/** Polls the admin log until `count` rows exist (log writes happen after the responses). */
export async function waitForLogCount(mock: TestMock, count: number, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let total = -1;
  while (Date.now() < deadline) {
    const res = await mock.admin('/api/requests?limit=1');
    total = ((await res.json()) as { total: number }).total;
    if (total >= count) return total;
    await new Promise((r) => setTimeout(r, 50));
  }
  return total;
}
