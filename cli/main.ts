/**
 * mockloop CLI: `mock` serves a spec locally (like `prism mock`), `compile` checks one.
 */
import { parseArgs } from 'node:util';
import { compileCommand } from './compile-command';
import { mockCommand } from './mock-command';

const USAGE = `Usage:
  mockloop mock <spec file or URL> [--port 4010] [--admin-port 4011] [--name NAME] [--admin-token TOKEN]
                [--host 127.0.0.1] [--state-dir .mockloop] [--no-validate] [--no-security]
                [--mcp-port 8787] [--no-mcp] [--mcp-local-dev]
  mockloop compile <spec file or URL> [--json]

The admin token defaults to $MOCKLOOP_ADMIN_TOKEN, else a new random one. The MCP server listens on
--mcp-port, else $MOCKLOOP_MCP_PORT, else 8787 (0: any free port); its bearer token is
$MOCKLOOP_MCP_TOKEN, else a new random one; its OAuth operator secret $MOCKLOOP_MCP_OPERATOR_SECRET,
else a new random one. --mcp-local-dev serves MCP without credentials to loopback clients.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'mock') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '4010' },
        'admin-port': { type: 'string', default: '4011' },
        name: { type: 'string' },
        'admin-token': { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'state-dir': { type: 'string', default: '.mockloop' },
        'no-validate': { type: 'boolean', default: false },
        'no-security': { type: 'boolean', default: false },
        'mcp-port': { type: 'string', default: process.env.MOCKLOOP_MCP_PORT || '8787' },
        'no-mcp': { type: 'boolean', default: false },
        'mcp-local-dev': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) return usage('mock takes exactly one spec file or URL');
    const port = Number(values.port);
    const adminPort = Number(values['admin-port']);
    if (!validPort(port) || !validPort(adminPort)) return usage('--port and --admin-port must be numbers from 1 to 65535');
    if (port === adminPort) return usage('--port and --admin-port must differ: the admin API has its own origin');
    const mcpPort = Number(values['mcp-port']);
    if (!(validPort(mcpPort) || mcpPort === 0)) return usage('--mcp-port (or MOCKLOOP_MCP_PORT) must be a number from 0 to 65535');
    return mockCommand({
      spec: positionals[0],
      port,
      adminPort,
      host: values.host,
      name: values.name,
      adminToken: values['admin-token'] ?? process.env.MOCKLOOP_ADMIN_TOKEN,
      stateDir: values['state-dir'],
      validateRequests: !values['no-validate'],
      enforceSecurity: !values['no-security'],
      mcpPort: values['no-mcp'] ? false : mcpPort,
      mcpToken: process.env.MOCKLOOP_MCP_TOKEN,
      mcpOperatorSecret: process.env.MOCKLOOP_MCP_OPERATOR_SECRET,
      mcpLocalDev: values['mcp-local-dev'],
    });
  }
  if (command === 'compile') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    if (positionals.length !== 1) return usage('compile takes exactly one spec file or URL');
    return compileCommand(positionals[0], values.json);
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  return usage(`unknown command "${command}"`);
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}

function usage(message: string): number {
  console.error(`mockloop: ${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`mockloop: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
