/**
 * The plan a prompt or a resource reads: a running mock's (through its admin API) or a spec's
 * not mocked yet (fetched and compiled here, with no file access).
 */
import type { Deployer, SpecSource } from '../deploy';
import { compilePlan, type MockPlan } from '../plan';
import type { Problem } from '../problem';
import { problem } from '../problem';
import { guardedFetchText, PUBLIC_ONLY } from '../net';
import { loadSpec } from '../spec';
import type { AdminClient } from './admin-client';
import { TOOL_INVALID_ARGUMENTS } from './errors';
import { findMock } from './tools/deps';

export interface PlanSourceDeps {
  deployer?: Deployer;
  admin(mock: import('../deploy').DeployedMock): AdminClient;
  /**
   * Reads a spec (or a document its `$ref`s name) by URL under the address policy; throws with a
   * message that quotes no content. Default: a guarded fetch from here, public addresses only.
   */
  readSpec?: (url: string) => Promise<string>;
}

/** Limits of a spec fetched from inside the worker. */
export const SPEC_FETCH_LIMITS = { timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024, maxRedirects: 5 };

export type PlanResult = { ok: true; plan: MockPlan } | { ok: false; problem: Problem };

export async function planOfMock(deps: PlanSourceDeps, name: string, field = 'mock_name'): Promise<PlanResult> {
  if (!deps.deployer) return { ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: this server runs no mocks; give spec_url instead.`, { errors: [{ location: field, message: 'no mocks here' }] }) };
  const found = await findMock(deps.deployer, name, field);
  if (!found.ok) return found;
  if (found.mock.status !== 'running') return { ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: mock "${name}" is stopped; start it with start_mock_server.`, { errors: [{ location: field, message: 'stopped' }] }) };
  const plan = await deps.admin(found.mock).fullPlan();
  return plan.ok ? { ok: true, plan: plan.value } : plan;
}

export async function planOfSpecUrl(deps: Pick<PlanSourceDeps, 'readSpec'>, url: string, field = 'spec_url'): Promise<PlanResult> {
  const readText = deps.readSpec ?? ((location: string) => guardedFetchText(location, { policy: PUBLIC_ONLY, ...SPEC_FETCH_LIMITS }));
  const unreadable = (message: string): PlanResult => ({ ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: ${message}`, { errors: [{ location: field, message: 'unreadable' }] }) });
  if (!/^https?:\/\//i.test(url)) return unreadable('only http(s) URLs are read; files never are');
  let text: string;
  try {
    text = await readText(url);
  } catch (error) {
    return unreadable(error instanceof Error ? error.message : String(error));
  }
  // A fetched document may reference its own origin only (src/spec/ref-policy.ts).
  const loaded = await loadSpec({ text, location: url }, { readText, remoteRefs: 'same-origin' });
  if (!loaded.ok) return { ok: false, problem: { ...loaded.problem, detail: `${field}: ${loaded.problem.detail ?? loaded.problem.title}` } };
  return { ok: true, plan: compilePlan(loaded.value) };
}

/**
 * A deploy's spec compiled where no file may be read (the deployed MCP worker): the text as given
 * (no external `$ref` is read), or an http(s) URL fetched under the address policy.
 */
export async function planOfSpecSource(deps: Pick<PlanSourceDeps, 'readSpec'>, source: SpecSource, field = 'spec_url_or_path'): Promise<PlanResult> {
  if (source.kind === 'location') return planOfSpecUrl(deps, source.location, field);
  const loaded = await loadSpec({ text: source.text, location: 'spec_text' }, { remoteRefs: 'none' });
  return loaded.ok ? { ok: true, plan: compilePlan(loaded.value) } : { ok: false, problem: loaded.problem };
}
