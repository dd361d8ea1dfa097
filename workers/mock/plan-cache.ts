/**
 * The isolate's copy of the mock's compiled runtime. The plan is read from D1 once per version;
 * the version and switches come from the MockState DO, re-checked at most every REVALIDATE_MS
 * (a change made through this isolate's admin API applies at once).
 */
import { loadPlan } from '../../src/db/plans';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { Env } from './env';
import { DEFAULT_MOCK_SETTINGS, type MockSettings, type MockStateSnapshot, mockStateStub } from './mock-state';

const REVALIDATE_MS = 1000;

export interface Served {
  runtime: Runtime | null;
  settings: MockSettings;
}

let current: { version: string | null; runtime: Runtime | null; settings: MockSettings; checkedAt: number } | null = null;
let revalidating = false;

/** The isolate's copy while it needs no revalidation, without a promise to await; else null. */
export function servedNow(): Served | null {
  return current && (revalidating || Date.now() - current.checkedAt < REVALIDATE_MS) ? current : null;
}

export async function served(env: Env): Promise<Served> {
  if (current && (revalidating || Date.now() - current.checkedAt < REVALIDATE_MS)) return current;
  if (!current) return refresh(env);
  // One request revalidates while the others keep serving the copy they have. Requests never
  // await each other's promises: workerd ties I/O to the request that started it.
  revalidating = true;
  try {
    return await refresh(env);
  } finally {
    revalidating = false;
  }
}

async function refresh(env: Env): Promise<Served> {
  const state = await mockStateStub(env).snapshot();
  return adopt(env, state);
}

/** Takes a state snapshot (from the DO, or from an admin call that just changed it). */
export async function adopt(env: Env, state: MockStateSnapshot): Promise<Served> {
  let runtime = current?.version === state.planVersion ? current.runtime : null;
  if (state.planVersion !== null && runtime === null) {
    const plan = await loadPlan(env.DB, env.MOCK_ID, state.planVersion);
    runtime = plan ? createRuntime(plan) : null;
  }
  current = { version: state.planVersion, runtime, settings: state.settings ?? DEFAULT_MOCK_SETTINGS, checkedAt: Date.now() };
  return current;
}
