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
                [--spec-dir DIR]... [--allow-loopback-specs] [--allow-private-specs] [--spec-refs same-origin|none]
  mockloop compile <spec file or URL> [--json]

The admin token defaults to $MOCKLOOP_ADMIN_TOKEN, else a new random one. The MCP server listens on
--mcp-port, else $MOCKLOOP_MCP_PORT, else 8787 (0: any free port); its bearer token is
$MOCKLOOP_MCP_TOKEN, else a new random one; its OAuth operator secret $MOCKLOOP_MCP_OPERATOR_SECRET,
else a new random one. --mcp-local-dev serves MCP without credentials to loopback clients.
Specs an MCP client names are read only from --spec-dir (repeatable; default: the working
directory) and fetched only from public addresses unless --allow-loopback-specs /
--allow-private-specs; a spec fetched from a URL may $ref its own origin only (--spec-refs none:
nothing). The spec given on the command line is yours and is read wherever it is.`;

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
        'spec-dir': { type: 'string', multiple: true },
        'allow-loopback-specs': { type: 'boolean', default: false },
        'allow-private-specs': { type: 'boolean', default: false },
        'spec-refs': { type: 'string', default: 'same-origin' },
      },
    });
    if (positionals.length !== 1) return usage('mock takes exactly one spec file or URL');
    const port = Number(values.port);
    const adminPort = Number(values['admin-port']);
    if (!validPort(port) || !validPort(adminPort)) return usage('--port and --admin-port must be numbers from 1 to 65535');
    if (port === adminPort) return usage('--port and --admin-port must differ: the admin API has its own origin');
    const mcpPort = Number(values['mcp-port']);
    if (!(validPort(mcpPort) || mcpPort === 0)) return usage('--mcp-port (or MOCKLOOP_MCP_PORT) must be a number from 0 to 65535');
    const remoteRefs = values['spec-refs'];
    if (remoteRefs !== 'same-origin' && remoteRefs !== 'none') return usage('--spec-refs must be same-origin or none');
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
      specAccess: {
        specDirs: values['spec-dir'] ?? [process.cwd()],
        network: { loopback: values['allow-loopback-specs'], private: values['allow-private-specs'] },
        remoteRefs,
      },
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
