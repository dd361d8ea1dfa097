/**
 * Live data of each mock as MCP resources, read through its admin API at each read:
 * `mockloop://mocks/{name}/plan`, `…/scenarios` and `…/logs/recent`.
 */
import { type McpServer, ProtocolError, ProtocolErrorCode, ResourceTemplate } from '@modelcontextprotocol/server';
import { core, logs, steering } from '../admin-api';
import type { ToolDeps } from './tools/deps';
import { reachMock } from './tools/mock-admin';

/** Requests in `logs/recent`: enough to see what just happened, small enough to read whole. */
export const RECENT_LOGS = 50;
/** Scenarios read in full into `…/scenarios` (the list itself is complete). */
const MAX_FULL_SCENARIOS = 50;
const MAX_LISTED_MOCKS = 100;

type LiveDeps = Pick<ToolDeps, 'deployer' | 'admin'>;
type Kind = 'plan' | 'scenarios' | 'logs/recent';

interface LiveResource {
  kind: Kind;
  title: string;
  description: string;
  read(admin: import('./admin-client').AdminClient): Promise<{ ok: true; value: unknown } | { ok: false; problem: { detail?: string; title: string } }>;
}

const LIVE: LiveResource[] = [
  {
    kind: 'plan',
    title: 'Plan of a mock',
    description: 'The plan a mock serves: version, title, base path, operations (method, path, declared statuses), compile warnings and stored plan versions.',
    read: (admin) => admin.call(core.getPlan),
  },
  {
    kind: 'scenarios',
    title: 'Scenarios of a mock',
    description: `The stored scenarios of a mock with the active one, each in full (the first ${MAX_FULL_SCENARIOS}), and where each is active.`,
    async read(admin) {
      const list = await admin.call(steering.listScenarios);
      if (!list.ok) return list;
      const full = await Promise.all(list.value.items.slice(0, MAX_FULL_SCENARIOS).map((s) => admin.call(steering.getScenario, { params: { name: s.name } })));
      const scenarios = full.flatMap((r) => (r.ok ? [r.value] : []));
      return { ok: true, value: { active: list.value.active, total: list.value.items.length, items: list.value.items, scenarios } };
    },
  },
  {
    kind: 'logs/recent',
    title: 'Recent requests of a mock',
    description: `The ${RECENT_LOGS} latest requests a mock logged (newest first) with the total; query_mock_logs filters and pages.`,
    read: (admin) => admin.call(logs.searchLogs, { query: { limit: RECENT_LOGS } }),
  },
];

export function registerLiveResources(server: McpServer, deps: LiveDeps): void {
  const runningNames = async () =>
    (await deps.deployer.list())
      .filter((m) => m.status === 'running')
      .slice(0, MAX_LISTED_MOCKS)
      .map((m) => m.name);
  for (const live of LIVE) {
    const template = new ResourceTemplate(`mockloop://mocks/{name}/${live.kind}`, {
      list: async () => ({
        resources: (await runningNames()).map((name) => ({ uri: `mockloop://mocks/${encodeURIComponent(name)}/${live.kind}`, name: `${name}-${live.kind.replace('/', '-')}`, title: `${live.title}: ${name}`, mimeType: 'application/json' })),
      }),
      complete: { name: async (value) => (await runningNames()).filter((n) => n.startsWith(value)) },
    });
    server.registerResource(`mock-${live.kind.replace('/', '-')}`, template, { title: live.title, description: live.description, mimeType: 'application/json' }, async (uri, variables) => {
      const name = decodeURIComponent(String(variables.name));
      const reached = await reachMock(deps, name, 'name');
      if (!reached.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, reached.problem.detail ?? reached.problem.title);
      const read = await live.read(reached.admin);
      if (!read.ok) throw new ProtocolError(ProtocolErrorCode.InternalError, read.problem.detail ?? read.problem.title);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(read.value, null, 2) }] };
    });
  }
}
