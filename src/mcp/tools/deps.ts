/** What the tools are given: the deployer, a way to reach a mock's admin API, the stores. */
import type { DeployedMock, Deployer } from '../../deploy';
import { type Problem, problem } from '../../problem';
import type { AdminClient } from '../admin-client';
import type { PlanRunStore } from '../../testing/runs';
import type { LoadClient } from '../../testing/load';
import type { ScheduleClient } from '../../testing/schedule';
import type { AuditLog } from '../audit';
import type { ContextStore } from '../contexts/model';
import { TOOL_UNKNOWN_MOCK } from '../errors';

export interface ToolDeps {
  deployer: Deployer;
  admin(mock: DeployedMock): AdminClient;
  contexts: ContextStore;
  audit: AuditLog;
  /** Reads a spec by URL for the prompts' `spec_url` (see plan-source.ts); absent: a guarded fetch, public addresses only. */
  readSpec?: (url: string) => Promise<string>;
  /** The run registry (test_runs): the test-plan tools run plans into it and read runs back; absent, they are not offered. */
  runs?: PlanRunStore;
  /** The engine's schedules (a service binding to the engine worker); absent, schedule_test_suite is not offered. */
  schedules?: ScheduleClient;
  /** The engine's load runs (the same binding); absent, run_load_test and monitor_test_progress are not offered. */
  load?: LoadClient;
}

/** The mock of that name, or a problem naming the field and listing the known mocks. */
export async function findMock(deployer: Deployer, name: string, field = 'name'): Promise<{ ok: true; mock: DeployedMock } | { ok: false; problem: Problem }> {
  const mocks = await deployer.list();
  const mock = mocks.find((m) => m.name === name);
  if (mock) return { ok: true, mock };
  const known = mocks.map((m) => m.name);
  return {
    ok: false,
    problem: problem(TOOL_UNKNOWN_MOCK, `${field}: no mock named "${name}". Known mocks: ${known.join(', ') || '(none yet: create one with generate_mock_api)'}.`, {
      errors: [{ location: field, message: 'unknown mock' }],
      known,
    }),
  };
}

export function apiRoot(mock: DeployedMock): string {
  return mock.mockUrl + mock.basePath;
}
