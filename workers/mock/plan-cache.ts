/**
 * The isolate's copy of the mock's compiled runtime and steering. The plan is read from D1 once
 * per version; the version, switches and steering state come from the MockState DO, re-checked at
 * most every REVALIDATE_MS (a change made through this isolate's admin API applies at once).
 * Steering is compiled into per-operation rules when its version changes, never per request; it
 * is null when nothing steers the mock, so the plain path pays nothing for it.
 */
import { loadPlan } from '../../src/db/plans';
import { createRuntime, type Runtime, type Steering } from '../../src/runtime';
import { compileSteering } from '../../src/scenarios';
import type { Env } from './env';
import { DEFAULT_MOCK_SETTINGS, type MockSettings, type MockStateSnapshot, mockStateStub } from './mock-state';

const REVALIDATE_MS = 1000;

export interface Served {
  runtime: Runtime | null;
  settings: MockSettings;
  steering: Steering | null;
}

interface Current extends Served {
  version: string | null;
  steeringKey: string;
  /** The DO's change counter when this copy was made. */
  stateVersion: number;
  checkedAt: number;
}

let current: Current | null = null;
let revalidating = false;
/** The DO's version as it last answered, and when. */
let confirmed = { version: -1, at: 0 };
/**
 * A client's state version above the one the DO last reported is re-checked at most this often:
 * `X-Mockloop-State-Version: 999999999` must not cost an RPC per request (a real version seen
 * on an admin answer is at most this much younger than the isolate's last check).
 */
const AHEAD_RECHECK_MS = 100;

/** `minVersion`, or the version served when the client claims one the DO did not have a moment ago. */
function wanted(minVersion: number): number {
  if (current === null || minVersion <= current.stateVersion) return minVersion;
  return minVersion > confirmed.version && Date.now() - confirmed.at < AHEAD_RECHECK_MS ? current.stateVersion : minVersion;
}

/**
 * The isolate's copy while it needs no revalidation, without a promise to await; else null.
 * `minVersion`: a state version the caller has seen (an admin answer's X-Mockloop-State-Version);
 * an older copy is not good enough.
 */
export function servedNow(minVersion = 0): Served | null {
  return current && current.stateVersion >= wanted(minVersion) && (revalidating || Date.now() - current.checkedAt < REVALIDATE_MS) ? current : null;
}

export async function served(env: Env, minVersion = 0): Promise<Served> {
  if (current && current.stateVersion < wanted(minVersion)) return refresh(env);
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
  const known = current;
  if (known === null) return adopt(env, await mockStateStub(env).snapshot());
  // Every change bumps the version (plan, settings, steering): the same version is the same state.
  const answer = await mockStateStub(env).revalidate(known.stateVersion);
  if (answer.type === 'unchanged') {
    known.checkedAt = Date.now();
    confirmed = { version: known.stateVersion, at: known.checkedAt };
    return current ?? known;
  }
  return adopt(env, answer);
}

/** The state version this isolate serves (null before the first request). */
export function stateVersionNow(): number | null {
  return current?.stateVersion ?? null;
}

/** Forgets the isolate's copy: the next request reads plan and state again (control action reload-config). */
export function forget(): void {
  current = null;
}

/** Takes a state snapshot (from the DO, or from an admin call that just changed it). */
export async function adopt(env: Env, state: MockStateSnapshot): Promise<Served> {
  // A revalidation that started before an admin change may answer after it: never go back.
  if (current && state.steering.state.version < current.stateVersion) return current;
  if (state.steering.state.version >= confirmed.version) confirmed = { version: state.steering.state.version, at: Date.now() };
  let runtime = current?.version === state.planVersion ? current.runtime : null;
  if (state.planVersion !== null && runtime === null) {
    const plan = await loadPlan(env.DB, env.MOCK_ID, state.planVersion);
    runtime = plan ? createRuntime(plan) : null;
  }
  const settings = state.settings ?? DEFAULT_MOCK_SETTINGS;
  const steeringKey = `${state.planVersion}|${state.steering.state.version}|${settings.stateful}`;
  const steering =
    current && current.runtime === runtime && current.steeringKey === steeringKey
      ? current.steering
      : runtime
        ? compileSteering(runtime.plan, state.steering, { stateful: settings.stateful, random: Math.random })
        : null;
  current = { version: state.planVersion, runtime, settings, steering, steeringKey, stateVersion: state.steering.state.version, checkedAt: Date.now() };
  return current;
}
