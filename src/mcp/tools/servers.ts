/** discover_mock_servers, stop_mock_server, start_mock_server. */
import { z } from 'zod';
import type { DeployedMock, DeployOutcome } from '../../deploy';
import { problem } from '../../problem';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed } from '../tool';
import { apiRoot, findMock, type ToolDeps } from './deps';

const mockView = z.object({
  name: z.string(),
  title: z.string(),
  status: z.enum(['running', 'stopped']),
  mock_url: z.string(),
  admin_url: z.string(),
  health: z.enum(['ok', 'unreachable', 'unchecked']),
  health_error: z.string().optional(),
  plan_version: z.string().nullable().describe('Version (content hash) of the plan served; null when unchecked or unknown.'),
  request_count: z.number().nullable().describe('Requests in the mock’s log; null when unchecked or unreachable.'),
  latency_ms: z.number().nullable().describe('Time of the health check.'),
  active_scenario: z.string().nullable().describe('The scenario requests see now (null: none, or unchecked).'),
  paused: z.boolean().nullable().describe('Whether the mock is paused (null when unchecked).'),
  stateful: z.boolean().nullable().describe('Whether stateful CRUD is on (null when unchecked).'),
  created_at: z.string(),
});

type MockView = z.infer<typeof mockView>;

async function describeMock(deps: ToolDeps, mock: DeployedMock, checkHealth: boolean): Promise<MockView> {
  const base: MockView = {
    name: mock.name,
    title: mock.title,
    status: mock.status,
    mock_url: apiRoot(mock),
    admin_url: mock.adminUrl,
    health: 'unchecked',
    plan_version: null,
    request_count: null,
    latency_ms: null,
    active_scenario: null,
    paused: null,
    stateful: null,
    created_at: new Date(mock.createdAt).toISOString(),
  };
  if (!checkHealth || mock.status !== 'running') return base;
  const admin = deps.admin(mock);
  const [health, count, steering] = await Promise.all([admin.health(), admin.requestCount(), admin.steeringState()]);
  if (!health.ok) return { ...base, health: 'unreachable', health_error: health.problem.detail };
  const trouble = [count, steering].find((r) => !r.ok);
  return {
    ...base,
    health: health.value.status === 'ok' ? 'ok' : 'unreachable',
    plan_version: health.value.planVersion,
    latency_ms: health.value.latencyMs,
    request_count: count.ok ? count.value : null,
    ...(steering.ok ? { active_scenario: steering.value.active_scenario, paused: steering.value.paused, stateful: steering.value.stateful } : {}),
    ...(trouble && !trouble.ok ? { health_error: trouble.problem.detail } : {}),
  };
}

export function discoverMockServers(deps: ToolDeps) {
  return defineTool({
    name: 'discover_mock_servers',
    title: 'Discover mock servers',
    description:
      'List the known mocks with their URLs, status and, with check_health, health, plan version, request count, active scenario, paused and stateful (read through each mock’s admin API).',
    input: z.strictObject({
      check_health: z.boolean().default(true).describe('Call each running mock’s admin API for health, plan version and request count.'),
      mock_name: z.string().min(1).optional().describe('Only this mock.'),
      limit: z.number().int().min(1).max(100).default(50).describe('Mocks per page.'),
      offset: z.number().int().min(0).default(0).describe('Mocks to skip, for paging.'),
    }),
    output: z.object({ mocks: z.array(mockView), total: z.number(), offset: z.number(), next_offset: z.number().nullable() }),
    annotations: { readOnlyHint: true },
    renamed: { name: 'mock_name' },
    async run(args) {
      let mocks = await deps.deployer.list();
      if (args.mock_name !== undefined) {
        const found = await findMock(deps.deployer, args.mock_name, 'mock_name');
        if (!found.ok) return failed(found.problem);
        mocks = [found.mock];
      }
      const page = mocks.slice(args.offset, args.offset + args.limit);
      const views = await Promise.all(page.map((mock) => describeMock(deps, mock, args.check_health)));
      const next = args.offset + page.length < mocks.length ? args.offset + page.length : null;
      const running = views.filter((v) => v.status === 'running').length;
      const lines = views.map((v) => `${v.name}: ${v.status}${v.health === 'unchecked' ? '' : `, ${v.health}`}${v.request_count === null ? '' : `, ${v.request_count} requests`} — ${v.mock_url}`);
      return done({ mocks: views, total: mocks.length, offset: args.offset, next_offset: next }, `${mocks.length} mock(s), ${running} running on this page.\n${lines.join('\n')}`);
    },
  });
}

const lifecycleOutput = z.object({ name: z.string(), status: z.enum(['running', 'stopped']), mock_url: z.string(), admin_url: z.string() });

export function stopMockServer(deps: ToolDeps) {
  return lifecycleTool(deps, {
    name: 'stop_mock_server',
    title: 'Stop a mock server',
    description: 'Stop a running mock: its worker stops serving; its plan, settings and log are kept and start_mock_server brings it back.',
    act: (name) => deps.deployer.stop(name),
    summary: (m) => `Mock "${m.name}" is stopped.`,
  });
}

export function startMockServer(deps: ToolDeps) {
  return lifecycleTool(deps, {
    name: 'start_mock_server',
    title: 'Start a mock server',
    description: 'Start a stopped mock again, with the plan, settings and log it had.',
    act: (name) => deps.deployer.start(name),
    summary: (m) => `Mock "${m.name}" is running at ${apiRoot(m)}.`,
  });
}

/** stop_mock_server and start_mock_server: find the mock, change its state, report where it is. */
function lifecycleTool(
  deps: ToolDeps,
  spec: { name: string; title: string; description: string; act(name: string): Promise<DeployOutcome>; summary(mock: DeployedMock): string },
) {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    input: z.strictObject({ mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).') }),
    output: lifecycleOutput,
    annotations: { destructiveHint: false, idempotentHint: true },
    renamed: { name: 'mock_name' },
    async run(args) {
      const found = await findMock(deps.deployer, args.mock_name, 'mock_name');
      if (!found.ok) return failed(found.problem);
      const outcome = await spec.act(args.mock_name);
      if (!outcome.ok) return failed(outcome.problem);
      const m = outcome.mock;
      return done({ name: m.name, status: m.status, mock_url: apiRoot(m), admin_url: m.adminUrl }, spec.summary(m));
    },
  });
}

/** destroy_mock_server: offered only by a deployer that can destroy (the Cloudflare one; locally stop is the end). */
export function destroyMockServer(deps: ToolDeps) {
  return defineTool({
    name: 'destroy_mock_server',
    title: 'Destroy a mock server',
    description:
      'Remove a deployed mock for good: its Worker, its Durable Objects (scenario, overrides, stateful records), its log rows and its hostnames. Its URLs stop answering; deploy again with generate_mock_api to get a new one.',
    input: z.strictObject({ mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).') }),
    output: z.object({ name: z.string(), destroyed: z.boolean(), mock_url: z.string(), admin_url: z.string() }),
    annotations: { destructiveHint: true, idempotentHint: false },
    async run(args) {
      const destroy = deps.deployer.destroy?.bind(deps.deployer);
      if (!destroy) return failed(problem(TOOL_INVALID_ARGUMENTS, 'This server cannot destroy mocks; stop_mock_server stops one.'));
      const found = await findMock(deps.deployer, args.mock_name, 'mock_name');
      if (!found.ok) return failed(found.problem);
      const outcome = await destroy(args.mock_name);
      if (!outcome.ok) return failed(outcome.problem);
      const m = outcome.mock;
      return done({ name: m.name, destroyed: true, mock_url: apiRoot(m), admin_url: m.adminUrl }, `Mock "${m.name}" is destroyed; ${apiRoot(m)} no longer answers.`);
    },
  });
}
