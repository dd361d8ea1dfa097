/**
 * The MCP server factory: a fresh McpServer per request (the transport is stateless), with every
 * tool that does real work registered over the given dependencies.
 */
import { McpServer } from '@modelcontextprotocol/server';
import type { Caller } from './audit';
import { registerPrompts } from './prompts-register';
import { registerLiveResources } from './live-resources';
import { cancelCall } from './inflight';
import { registerTools } from './register';
import { registerPackResources } from './resources-register';
import type { ToolDefinition } from './tool';
import { queryAuditLog } from './tools/audit';
import { contextTools } from './tools/contexts';
import type { ToolDeps } from './tools/deps';
import { generateMockApi } from './tools/generate';
import { runSecurityTest } from './tools/probes';
import { destroyMockServer, discoverMockServers, startMockServer, stopMockServer } from './tools/servers';
import { steeringTools } from './tools/steering-set';
import { scheduleTestSuite } from './tools/schedules';
import { testPlanTools } from './tools/test-plans';
import { loadTools } from './tools/load';

export const SERVER_INFO = { name: 'mockloop-edge', version: '0.1.0' };

/** Dependencies without a deployer: the mock tools need one and are left out (only tools that can work are offered). */
export type ServerDeps = Omit<ToolDeps, 'deployer'> & { deployer?: ToolDeps['deployer'] };

export function mockloopTools(deps: ServerDeps): ToolDefinition[] {
  const { deployer } = deps;
  const mockTools = deployer ? [generateMockApi({ ...deps, deployer }), discoverMockServers({ ...deps, deployer }), stopMockServer({ ...deps, deployer }), startMockServer({ ...deps, deployer }), ...steeringTools({ ...deps, deployer }), runSecurityTest({ ...deps, deployer })] : [];
  // Only a deployer that can remove what it deployed (the Cloudflare one) offers destroy_mock_server.
  if (deployer?.destroy) mockTools.splice(4, 0, destroyMockServer({ ...deps, deployer }));
  const runs = deps.runs;
  const { schedules } = deps;
  const planTools = [...(deployer && runs ? testPlanTools({ ...deps, deployer, runs }) : []), ...(deployer && schedules ? [scheduleTestSuite({ ...deps, deployer, schedules })] : [])];
  const { load } = deps;
  if (deployer && load) planTools.push(...loadTools({ ...deps, deployer, load }));
  return [...mockTools, ...planTools, ...contextTools(deps), queryAuditLog(deps)];
}

export interface CreateServerOptions {
  deps: ServerDeps;
  caller: Caller;
  secrets: readonly string[];
}

/**
 * @example
 * const handler = createMcpHandler(() => createMockloopServer({ deps, caller, secrets }));
 */
export function createMockloopServer(options: CreateServerOptions): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions:
      'MockLoop Edge: turn an OpenAPI/Swagger document into a running mock API (generate_mock_api), see the mocks (discover_mock_servers), stop and start them, read and analyse their request logs (query_mock_logs, get_performance_metrics), steer them with overrides and scenarios (manage_mock_data, validate_scenario_config, deploy_scenario, switch_scenario), run test sessions and report on them (create_test_session, end_test_session, generate_test_report), probe a mock for OWASP API Top 10 weaknesses (run_security_test), and keep JSON contexts across calls. Every tool answers structuredContent; errors are problem+json naming the field.',
  });
  registerTools(server, mockloopTools(options.deps), { caller: options.caller, secrets: options.secrets, audit: (entry) => options.deps.audit.record(entry) });
  // Each HTTP request gets a fresh server: a cancel arrives at another instance than the call it names (see inflight.ts).
  server.server.setNotificationHandler('notifications/cancelled', (notification) => cancelCall(options.caller.id, notification.params.requestId));
  registerPrompts(server, options.deps);
  registerPackResources(server, options.deps);
  const { deployer } = options.deps;
  if (deployer) registerLiveResources(server, { ...options.deps, deployer });
  return server;
}
