import { DEFAULT_ADMIN_PORT, DEFAULT_MCP_PORT, DEFAULT_PORT, portProblem } from '../ports';
import { defineCommand, UsageError } from './command';

export const mock = defineCommand({
  name: 'mock',
  summary: 'Serve a spec locally on workerd (mock origin + admin origin + MCP server) until Ctrl-C.',
  args: '<spec file or URL>',
  positionals: [1, 1],
  flags: {
    port: { type: 'string', value: 'port', default: `${DEFAULT_PORT}, or a free port when that is taken`, description: 'the mock origin (0: any free port)' },
    'admin-port': { type: 'string', value: 'port', default: `${DEFAULT_ADMIN_PORT}, or a free port when that is taken`, description: 'the admin origin: admin API and web page (0: any free port)' },
    name: { type: 'string', value: 'slug', default: "the spec's title as a slug", description: 'name of the mock' },
    'admin-token': { type: 'string', value: 'token', default: '$MOCKLOOP_ADMIN_TOKEN, else a new random one', description: 'bearer token of the admin API' },
    host: { type: 'string', value: 'address', default: '127.0.0.1', description: 'address to listen on' },
    'state-dir': { type: 'string', value: 'dir', default: '.mockloop', description: 'where D1, Durable Object state and the MCP secrets persist' },
    'no-validate': { type: 'boolean', description: 'do not validate requests against the spec' },
    'no-security': { type: 'boolean', description: "do not require the spec's credentials" },
    upstream: { type: 'string', value: 'url', description: 'the real API behind the mock: requests are proxied to it (change modes per route: PATCH /api/settings {"upstream":…})' },
    'mcp-port': { type: 'string', value: 'port', default: `$MOCKLOOP_MCP_PORT, else ${DEFAULT_MCP_PORT} (a free port when that is taken)`, description: 'the MCP server (0: any free port)' },
    'no-mcp': { type: 'boolean', description: 'start no MCP server' },
    'mcp-local-dev': { type: 'boolean', description: 'serve MCP without credentials to loopback clients' },
    'spec-dir': { type: 'string', value: 'dir', multiple: true, default: 'the working directory', description: 'a folder whose spec files MCP clients may name (repeatable)' },
    'allow-loopback-specs': { type: 'boolean', description: 'let MCP clients fetch specs from loopback addresses' },
    'allow-private-specs': { type: 'boolean', description: 'let MCP clients fetch specs from private-network addresses' },
    'spec-refs': { type: 'string', value: 'same-origin|none', default: 'same-origin', description: 'what a spec fetched from a URL may $ref' },
  },
  details: `The MCP bearer token is $MOCKLOOP_MCP_TOKEN, else the one stored in <state-dir>/state/mcp/secrets.json
(made at the first start, mode 0600); the OAuth operator secret likewise ($MOCKLOOP_MCP_OPERATOR_SECRET).
\`mockloop mcp rotate-secrets\` replaces them. A second \`mockloop mock\` using the same state directory runs
beside the first with its own state in memory and no MCP server (unless --mcp-port is given).
Specs an MCP client names are read only from --spec-dir and fetched only from public addresses unless
--allow-loopback-specs / --allow-private-specs; the spec on the command line is yours and is read wherever it is.`,
  examples: [
    'mockloop mock examples/bookshop.yaml',
    'mockloop mock examples/bookshop.yaml --port 5000 --admin-port 5001 --name shop --no-mcp',
    'mockloop mock examples/bookshop.yaml --upstream http://127.0.0.1:8080',
    'MOCKLOOP_ADMIN_TOKEN=ci-secret mockloop mock https://example.com/openapi.yaml --state-dir /tmp/ci-mockloop',
  ],
  async run({ flags, positionals }) {
    const port = portFlag(flags.port, '--port');
    const adminPort = portFlag(flags['admin-port'], '--admin-port');
    if (port !== undefined && port !== 0 && port === adminPort) throw new UsageError('--port and --admin-port must differ: the admin API has its own origin');
    const remoteRefs = flags['spec-refs'] ?? 'same-origin';
    if (remoteRefs !== 'same-origin' && remoteRefs !== 'none') throw new UsageError('--spec-refs must be same-origin or none');
    const specDirs = flags['spec-dir'];
    const mcpFromEnv = process.env.MOCKLOOP_MCP_PORT || undefined;
    const mcpPort = portFlag(typeof flags['mcp-port'] === 'string' ? flags['mcp-port'] : mcpFromEnv, flags['mcp-port'] === undefined && mcpFromEnv ? 'MOCKLOOP_MCP_PORT' : '--mcp-port');
    const { mockCommand } = await import('../mock-command');
    return mockCommand({
      spec: positionals[0],
      port,
      adminPort,
      host: String(flags.host ?? '127.0.0.1'),
      name: typeof flags.name === 'string' ? flags.name : undefined,
      adminToken: (typeof flags['admin-token'] === 'string' ? flags['admin-token'] : undefined) || process.env.MOCKLOOP_ADMIN_TOKEN || undefined,
      stateDir: String(flags['state-dir'] ?? '.mockloop'),
      validateRequests: flags['no-validate'] !== true,
      enforceSecurity: flags['no-security'] !== true,
      upstream: typeof flags.upstream === 'string' ? flags.upstream : undefined,
      mcp: flags['no-mcp'] === true ? false : { port: mcpPort },
      mcpToken: process.env.MOCKLOOP_MCP_TOKEN || undefined,
      mcpOperatorSecret: process.env.MOCKLOOP_MCP_OPERATOR_SECRET || undefined,
      mcpLocalDev: flags['mcp-local-dev'] === true,
      specAccess: {
        specDirs: Array.isArray(specDirs) ? specDirs : [process.cwd()],
        network: { loopback: flags['allow-loopback-specs'] === true, private: flags['allow-private-specs'] === true },
        remoteRefs,
      },
    });
  },
});

function portFlag(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const port = value.trim() === '' ? Number.NaN : Number(value);
  const problem = portProblem(port, { allowZero: true });
  if (problem) throw new UsageError(`${flag} ${value}: ${problem}`);
  return port;
}
