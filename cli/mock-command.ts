/**
 * `mockloop mock <spec>`: serve a spec locally on workerd until Ctrl-C / SIGTERM, with the MCP
 * server beside it (unless --no-mcp). Mocks made through MCP earlier come back too.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { describePlan, formatProblem } from './compile-command';
import { LocalDeployer } from './local-deployer';
import { mcpBanner } from './mcp-banner';
import { type RunningMcpServer, startMcpServer } from './mcp-runtime';
import { compileSpecAt, type SpecAccess } from './spec-source';

export interface MockCommandOptions {
  spec: string;
  port: number;
  adminPort: number;
  host: string;
  name?: string;
  adminToken?: string;
  stateDir: string;
  validateRequests: boolean;
  enforceSecurity: boolean;
  /** The MCP server: its port (0: any free one), or false for none. */
  mcpPort: number | false;
  mcpToken?: string;
  mcpOperatorSecret?: string;
  /** Serve MCP without credentials on loopback (MCP_LOCAL_DEV=no-auth). */
  mcpLocalDev: boolean;
  /** What specs named through MCP may read (and the address policy of this command's own $refs). */
  specAccess?: Partial<SpecAccess>;
}

/** Returns -1 while serving: the process stays up until a signal stops it. */
export async function mockCommand(options: MockCommandOptions): Promise<number> {
  const { specDirs: _dirs, ...network } = options.specAccess ?? {};
  const outcome = await compileSpecAt(options.spec, network);
  if (!outcome.ok) {
    console.error(formatProblem(outcome.problem));
    return 1;
  }
  const plan = outcome.plan;
  const name = options.name ?? slug(plan.title);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
    console.error(`mockloop: --name must be a slug (lower-case letters, digits, dashes), got "${name}"`);
    return 2;
  }
  const adminToken = options.adminToken || randomBytes(24).toString('base64url');
  const stateRoot = resolve(options.stateDir, 'state');
  const deployer = new LocalDeployer({ host: options.host, stateDir: stateRoot, specAccess: options.specAccess });
  let mcp: RunningMcpServer | undefined;
  const restored = await deployer.restore([name], (other, detail) => console.error(`mockloop: could not bring back "${other}": ${detail}`));
  const deployed = await deployer.deployPlan({ name, replace: true, port: options.port, adminPort: options.adminPort, adminToken }, plan);
  if (!deployed.ok) {
    await deployer.dispose();
    console.error(formatProblem(deployed.problem));
    return 1;
  }
  const mock = deployed.mock;
  const mcpToken = options.mcpToken || randomBytes(24).toString('base64url');
  const operatorSecret = options.mcpOperatorSecret || randomBytes(18).toString('base64url');
  try {
    const res = await fetch(`${mock.adminUrl}/api/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ validateRequests: options.validateRequests, enforceSecurity: options.enforceSecurity }),
    });
    if (!res.ok) throw new Error(`setting switches failed: ${res.status} ${await res.text()}`);
    if (options.mcpPort !== false) {
      mcp = await startMcpServer({
        host: options.host,
        port: options.mcpPort,
        stateDir: join(stateRoot, 'mcp'),
        token: mcpToken,
        operatorSecret,
        deployer,
        localDev: options.mcpLocalDev,
      });
    }
  } catch (error) {
    await mcp?.dispose();
    await deployer.dispose();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (waiting for pending log writes)…`);
    // A log batch waits up to LOG_BATCH_MAX_MS (250 ms) before its D1 write: give it time to land.
    await new Promise((r) => setTimeout(r, 600));
    await mcp?.dispose();
    await deployer.dispose();
    process.exit(0);
  };
  // Miniflare installs exit hooks that end the process at once (exit 130/143) on these signals;
  // replace them so pending log writes land and the exit code is 0 for a requested stop.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  console.log(describePlan(plan));
  console.log(`
MockLoop Edge is serving "${name}" on workerd
  mock URL:    ${mock.mockUrl}${plan.basePath}
  admin page:  ${mock.adminUrl}/   (sign in with the admin token)
  admin URL:   ${mock.adminUrl}   (GET /health, /api/requests, /api/openapi.json)
  admin token: ${adminToken}
  state:       ${resolve(options.stateDir)}
Try: curl ${mock.mockUrl}${plan.basePath}${firstGetPath(plan.operations)}
     curl -H 'Authorization: Bearer ${adminToken}' ${mock.adminUrl}/api/requests?limit=5`);
  for (const other of restored) console.log(`Also serving "${other.name}" (made earlier through MCP): ${other.mockUrl}${other.basePath}`);
  if (mcp) console.log(mcpBanner({ url: mcp.url, token: mcpToken, operatorSecret, localDev: options.mcpLocalDev }));
  console.log('Stop with Ctrl-C.');

  return -1;
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'mock'
  );
}

function firstGetPath(operations: Array<{ method: string; path: string }>): string {
  return operations.find((op) => op.method === 'get' && !op.path.includes('{'))?.path ?? operations[0]?.path ?? '/';
}
