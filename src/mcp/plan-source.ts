/**
 * The plan a prompt or a resource reads: a running mock's (through its admin API) or a spec's
 * not mocked yet (fetched and compiled here, with no file access).
 */
import type { Deployer } from '../deploy';
import { compilePlan, type MockPlan } from '../plan';
import type { Problem } from '../problem';
import { problem } from '../problem';
import { loadSpec } from '../spec';
import type { AdminClient } from './admin-client';
import { TOOL_INVALID_ARGUMENTS } from './errors';
import { findMock } from './tools/deps';

const MAX_SPEC_CHARS = 10_000_000;

export interface PlanSourceDeps {
  deployer?: Deployer;
  admin(mock: import('../deploy').DeployedMock): AdminClient;
  fetch?: (input: string) => Promise<Response>;
}

export type PlanResult = { ok: true; plan: MockPlan } | { ok: false; problem: Problem };

export async function planOfMock(deps: PlanSourceDeps, name: string, field = 'mock_name'): Promise<PlanResult> {
  if (!deps.deployer) return { ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: this server runs no mocks; give spec_url instead.`, { errors: [{ location: field, message: 'no mocks here' }] }) };
  const found = await findMock(deps.deployer, name, field);
  if (!found.ok) return found;
  if (found.mock.status !== 'running') return { ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: mock "${name}" is stopped; start it with start_mock_server.`, { errors: [{ location: field, message: 'stopped' }] }) };
  const plan = await deps.admin(found.mock).fullPlan();
  return plan.ok ? { ok: true, plan: plan.value } : plan;
}

export async function planOfSpecUrl(deps: PlanSourceDeps, url: string, field = 'spec_url'): Promise<PlanResult> {
  const get = deps.fetch ?? ((input: string) => fetch(input));
  const readText = async (location: string) => {
    const res = await get(location);
    if (!res.ok) throw new Error(`GET ${location} answered ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_SPEC_CHARS) throw new Error(`${location} is larger than ${MAX_SPEC_CHARS} characters`);
    return text;
  };
  let text: string;
  try {
    text = await readText(url);
  } catch (error) {
    return { ok: false, problem: problem(TOOL_INVALID_ARGUMENTS, `${field}: ${error instanceof Error ? error.message : String(error)}`, { errors: [{ location: field, message: 'unreadable' }] }) };
  }
  const loaded = await loadSpec({ text, location: url }, { readText });
  if (!loaded.ok) return { ok: false, problem: { ...loaded.problem, detail: `${field}: ${loaded.problem.detail ?? loaded.problem.title}` } };
  return { ok: true, plan: compilePlan(loaded.value) };
}
