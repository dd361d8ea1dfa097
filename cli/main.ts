/**
 * mockloop CLI: `mock` serves a spec locally (like `prism mock`), `compile` checks one, `deploy`,
 * `deployments` and `destroy` manage mocks on Cloudflare, `wrangler` writes a wrangler project.
 */
import { parseArgs } from 'node:util';
import { parseTarget } from './cloudflare-deployer';
import { compileCommand } from './compile-command';
import { deployCommand, deploymentsCommand, destroyCommand } from './deploy-command';
import { parseDuration } from './duration';
import { mockCommand } from './mock-command';
import { wranglerCommand } from './wrangler-command';

const USAGE = `Usage:
  mockloop mock <spec file or URL> [--port 4010] [--admin-port 4011] [--name NAME] [--admin-token TOKEN]
                [--host 127.0.0.1] [--state-dir .mockloop] [--no-validate] [--no-security]
                [--mcp-port 8787] [--no-mcp] [--mcp-local-dev]
  mockloop compile <spec file or URL> [--json]
  mockloop deploy <spec file or URL> --name NAME [--hostname H] [--admin-hostname H] [--ttl 2h]
                  [--no-wait] [--json] [--target workers|dispatch:<namespace>] [--dispatch-domain D]
  mockloop deployments [--json]
  mockloop destroy NAME | --expired [--json]
  mockloop wrangler <spec file or URL> --name NAME --out DIR

The admin token defaults to $MOCKLOOP_ADMIN_TOKEN, else a new random one. The MCP server listens on
--mcp-port, else $MOCKLOOP_MCP_PORT, else 8787 (0: any free port); its bearer token is
$MOCKLOOP_MCP_TOKEN, else a new random one; its OAuth operator secret $MOCKLOOP_MCP_OPERATOR_SECRET,
else a new random one. --mcp-local-dev serves MCP without credentials to loopback clients.

deploy, deployments and destroy read CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID, and
CLOUDFLARE_API_BASE_URL when set (as wrangler does). Re-deploying a name updates it in place.`;

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
  if (command === 'deploy') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        hostname: { type: 'string' },
        'admin-hostname': { type: 'string' },
        ttl: { type: 'string' },
        'no-wait': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        target: { type: 'string' },
        'dispatch-domain': { type: 'string' },
      },
    });
    if (positionals.length !== 1) return usage('deploy takes exactly one spec file or URL');
    if (!values.name) return usage('deploy needs --name (the Worker and the workers.dev host are named after it)');
    const ttlMs = values.ttl === undefined ? undefined : parseDuration(values.ttl);
    if (ttlMs === null) return usage(`--ttl takes a duration such as 30m, 2h or 1d, got "${values.ttl}"`);
    const target = parseTarget(values.target);
    if (!target) return usage(`--target is "workers" or "dispatch:<namespace>", got "${values.target}"`);
    for (const flag of ['hostname', 'admin-hostname'] as const) {
      const host = values[flag];
      if (host !== undefined && !HOSTNAME.test(host)) return usage(`--${flag} must be a hostname such as api.example.com, got "${host}"`);
    }
    return deployCommand({
      spec: positionals[0],
      name: values.name,
      hostname: values.hostname,
      adminHostname: values['admin-hostname'],
      ttlMs,
      wait: !values['no-wait'],
      json: values.json,
      target,
      dispatchDomain: values['dispatch-domain'],
      adminToken: process.env.MOCKLOOP_ADMIN_TOKEN || undefined,
    });
  }
  if (command === 'deployments') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
    return deploymentsCommand(values.json);
  }
  if (command === 'destroy') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { expired: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
    if (values.expired === (positionals.length === 1) || positionals.length > 1) return usage('destroy takes one mock name, or --expired');
    return destroyCommand(positionals[0], values.expired, values.json);
  }
  if (command === 'wrangler') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' }, out: { type: 'string' } } });
    if (positionals.length !== 1) return usage('wrangler takes exactly one spec file or URL');
    if (!values.name || !values.out) return usage('wrangler needs --name and --out');
    return wranglerCommand({ spec: positionals[0], name: values.name, out: values.out });
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  return usage(`unknown command "${command}"`);
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

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
