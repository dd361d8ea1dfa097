/**
 * Setup and teardown actions, done through the mock's admin API (the one control surface):
 * activate a scenario, seed stateful records, reset a session's state.
 */
import { records, steering } from '../../admin-api/routes';
import type { PlanAction } from './schema';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface AdminAccess {
  /** The mock's admin origin: `http://127.0.0.1:4011`. */
  url: string;
  token: string;
  fetch?: FetchLike;
}

export interface ActionResult {
  action: 'scenario' | 'seed' | 'reset' | 'store-scenario';
  ok: boolean;
  detail: string;
}

/** Does one action; a failure comes back as a value naming the admin answer, never the token. */
export async function runAction(action: PlanAction, admin: AdminAccess | undefined, session: string | undefined, fetchImpl: FetchLike, signal: AbortSignal): Promise<ActionResult> {
  const kind = 'scenario' in action ? 'scenario' : 'seed' in action ? 'seed' : 'reset';
  if (!admin) return { action: kind, ok: false, detail: `${kind} needs the mock's admin API (an admin URL and token)` };
  const scope = session === undefined ? {} : { session_id: session };
  let method: string;
  let path: string;
  let body: unknown;
  let what: string;
  if ('scenario' in action) {
    [method, path, body] = ['PUT', steering.activateScenario.path, { name: action.scenario, ...scope }];
    what = action.scenario === null ? 'deactivated the scenario' : `activated scenario "${action.scenario}"`;
  } else if ('seed' in action) {
    [method, path, body] = ['POST', records.seedRecords.path, { ...action.seed, ...scope }];
    what = `seeded ${action.seed.items.length} record(s) into ${action.seed.collection}`;
  } else {
    [method, path, body] = ['POST', records.controlServer.path, { action: 'reset-state', ...scope }];
    what = 'reset the state';
  }
  try {
    const res = await (admin.fetch ?? fetchImpl)(`${admin.url.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    if (res.ok) return { action: kind, ok: true, detail: what + (session ? ` for session ${session}` : '') };
    return { action: kind, ok: false, detail: `the admin API answered ${res.status}: ${problemDetail(text)}` };
  } catch (error) {
    return { action: kind, ok: false, detail: `the admin API could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function problemDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { title?: unknown; detail?: unknown };
    return String(body.detail ?? body.title ?? '').slice(0, 300);
  } catch {
    return text.slice(0, 200);
  }
}

/** Stores a scenario the plan defines (replaced when one of its name exists), so its iterations can activate it. */
export async function storeScenario(scenario: { name: string }, admin: AdminAccess | undefined, fetchImpl: FetchLike, signal: AbortSignal): Promise<ActionResult> {
  if (!admin) return { action: 'store-scenario', ok: false, detail: "storing scenarios needs the mock's admin API (an admin URL and token)" };
  const send = (method: string, path: string) =>
    (admin.fetch ?? fetchImpl)(`${admin.url.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(scenario),
      signal,
    });
  try {
    let res = await send('PUT', steering.putScenario.path.replace('{name}', encodeURIComponent(scenario.name)));
    if (res.status === 404) {
      await res.body?.cancel();
      res = await send('POST', steering.createScenario.path);
    }
    const text = await res.text();
    if (res.ok) return { action: 'store-scenario', ok: true, detail: `stored scenario "${scenario.name}"` };
    return { action: 'store-scenario', ok: false, detail: `storing scenario "${scenario.name}": the admin API answered ${res.status}: ${problemDetail(text)}` };
  } catch (error) {
    return { action: 'store-scenario', ok: false, detail: `the admin API could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}
