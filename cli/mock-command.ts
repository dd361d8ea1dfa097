/**
 * `mockloop mock <spec>`: serve a spec locally on workerd until Ctrl-C / SIGTERM, with the MCP
 * server beside it (unless --no-mcp). Mocks made through MCP earlier come back too. It says what
 * it is doing while it starts, and a start that cannot succeed fails in one line naming the flag.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { DeployedMock } from '../src/deploy';
import { createAdminClient } from '../src/mcp/admin-client';
import { describePlan, formatProblem } from './compile-command';
import { claimStateDir } from './instance-lock';
import { LocalDeployer } from './local-deployer';
import { mcpBanner } from './mcp-banner';
import { type RunningMcpServer, startMcpServer } from './mcp-runtime';
import { loadMcpSecrets } from './mcp-secrets';
import { DEFAULT_ADMIN_PORT, DEFAULT_MCP_PORT, DEFAULT_PORT, freePort, PortInUseError, portIsFree } from './ports';
import { compileSpecAt, type SpecAccess } from './spec-source';
import { tryCommand } from './try-line';

export interface MockCommandOptions {
  spec: string;
  /** Absent: the default port, or a free one when it is taken. 0: any free port. */
  port?: number;
  adminPort?: number;
  host: string;
  name?: string;
  adminToken?: string;
  stateDir: string;
  validateRequests: boolean;
  enforceSecurity: boolean;
  /** The real API behind the mock (proxy mode for every request); absent: the upstream stays as it was left. */
  upstream?: string;
  /** The MCP server (port absent: the default, or a free one), or false for none. */
  mcp: false | { port?: number };
  mcpToken?: string;
  mcpOperatorSecret?: string;
  /** Serve MCP without credentials on loopback (MCP_LOCAL_DEV=no-auth). */
  mcpLocalDev: boolean;
  /** What specs named through MCP may read (and the address policy of this command's own $refs). */
  specAccess?: Partial<SpecAccess>;
}

const SLUG_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A start that cannot go on: one line for the user, exit 1. */
class StartFailure extends Error {}

const progress = (text: string) => console.error(`mockloop: ${text}`);

/** Returns -1 while serving: the process stays up until a signal stops it. */
export async function mockCommand(options: MockCommandOptions): Promise<number> {
  try {
    return await serve(options);
  } catch (error) {
    if (!(error instanceof StartFailure)) throw error;
    console.error(`mockloop: ${error.message}`);
    return 1;
  }
}

async function serve(options: MockCommandOptions): Promise<number> {
  const started = Date.now();
  if (options.name !== undefined && !SLUG_NAME.test(options.name)) throw new StartFailure(`--name must be a slug (lower-case letters, digits, dashes), got "${options.name}"`);
  const stateRoot = resolve(options.stateDir, 'state');
  const claim = claimStateDir(stateRoot);
  if (!claim.owner) progress(`another mockloop (pid ${claim.pid}) serves from ${resolve(options.stateDir)}: this one keeps its own state in memory and leaves that one's mocks alone`);
  const host = options.host;
  const port = await choosePort(options.port, DEFAULT_PORT, '--port', host);
  const adminPort = await choosePort(options.adminPort, DEFAULT_ADMIN_PORT, '--admin-port', host, [port]);
  let mcpPort: number | undefined;
  if (options.mcp !== false) {
    if (options.mcp.port !== undefined) mcpPort = await choosePort(options.mcp.port, DEFAULT_MCP_PORT, '--mcp-port', host, [port, adminPort]);
    else if (claim.owner) mcpPort = await choosePort(undefined, DEFAULT_MCP_PORT, '--mcp-port', host, [port, adminPort]);
    else progress(`no MCP server: the mockloop of pid ${claim.pid} serves this folder's (start one here with --mcp-port <port>)`);
  }

  // Ports are checked first: a busy one fails before the slower compile.
  progress(`reading ${options.spec}`);
  const { specDirs: _dirs, ...network } = options.specAccess ?? {};
  const outcome = await compileSpecAt(options.spec, network);
  if (!outcome.ok) {
    console.error(formatProblem(outcome.problem));
    return 1;
  }
  const plan = outcome.plan;
  progress(`compiled ${plan.operations.length} operation(s) of "${plan.title}" (plan ${plan.version})`);
  const name = options.name ?? slug(plan.title);
  const adminToken = options.adminToken || randomBytes(24).toString('base64url');
  const deployer = new LocalDeployer({ host, stateDir: claim.owner ? stateRoot : false, specAccess: options.specAccess });
  let mcp: RunningMcpServer | undefined;
  const shutdown = async () => {
    await mcp?.dispose().catch(() => {});
    await deployer.dispose().catch(() => {});
    if (claim.owner) claim.release();
  };
  let restored: DeployedMock[] = [];
  let mock: DeployedMock;
  let mcpInfo: { token: string; operatorSecret: string; secretsPath?: string } | undefined;
  try {
    if (claim.owner) {
      restored = await deployer.restore([name], (other, detail) => console.error(`mockloop: could not bring back "${other}": ${detail}`));
      if (restored.length > 0) progress(`brought back ${restored.length} mock(s) made earlier through MCP`);
    }
    progress(`starting the workerd runtime for "${name}" (mock port ${port}, admin port ${adminPort})`);
    const deployed = await deployer.deployPlan({ name, replace: true, port, adminPort, adminToken }, plan);
    if (!deployed.ok) {
      const busy = deployed.problem.portInUse;
      if (typeof busy === 'number') throw new StartFailure(busyMessage(busy === port ? '--port' : '--admin-port', busy, host));
      throw new StartFailure(formatProblem(deployed.problem).replace(/^error: /, ''));
    }
    mock = deployed.mock;
    const admin = createAdminClient({ name, adminUrl: mock.adminUrl, adminToken });
    const settings = await admin.updateSettings({
      validateRequests: options.validateRequests,
      enforceSecurity: options.enforceSecurity,
      ...(options.upstream === undefined ? {} : { upstream: { url: options.upstream, mode: 'proxy' } }),
    });
    if (!settings.ok) throw new StartFailure(`setting the switches failed: ${settings.problem.detail}`);
    const state = await admin.steeringState();
    if (state.ok) {
      const kept = [
        state.value.active_scenario ? `scenario "${state.value.active_scenario}" is active` : '',
        state.value.paused ? 'the mock is PAUSED (every request answers 503; resume: POST /api/server/control {"action":"resume"})' : '',
        state.value.stateful ? 'stateful CRUD is on' : '',
        settings.value.upstream && options.upstream === undefined ? `requests go to the upstream ${new URL(settings.value.upstream.url).host} (mode ${settings.value.upstream.mode})` : '',
      ].filter(Boolean);
      if (kept.length > 0) progress(`"${name}" comes back as it was left: ${kept.join('; ')}`);
    }
    if (options.upstream !== undefined) progress(`requests go to the upstream ${new URL(options.upstream).host} (proxy mode; modes per route: PATCH /api/settings {"upstream":…})`);
    if (mcpPort !== undefined) {
      mcpInfo = await mcpCredentials(options, join(stateRoot, 'mcp'), claim.owner);
      progress(`starting the MCP server (port ${mcpPort})`);
      try {
        mcp = await startMcpServer({
          host,
          port: mcpPort,
          stateDir: claim.owner ? join(stateRoot, 'mcp') : false,
          token: mcpInfo.token,
          operatorSecret: mcpInfo.operatorSecret,
          deployer,
          localDev: options.mcpLocalDev,
          engine: { allowedHosts: process.env.LOAD_ALLOWED_HOSTS },
        });
      } catch (error) {
        if (error instanceof PortInUseError) throw new StartFailure(busyMessage('--mcp-port', error.port, host));
        throw error;
      }
    }
  } catch (error) {
    await shutdown();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (waiting for pending log writes)…`);
    // A log batch waits up to LOG_BATCH_MAX_MS (250 ms) before its D1 write: give it time to land.
    await new Promise((r) => setTimeout(r, 600));
    await shutdown();
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
  state:       ${claim.owner ? resolve(options.stateDir) : 'in memory (another mockloop owns the state directory)'}
Try: ${tryCommand(plan, mock.mockUrl)}
     curl -H 'Authorization: Bearer ${adminToken}' ${mock.adminUrl}/api/requests?limit=5`);
  for (const other of restored) console.log(`Also serving "${other.name}" (made earlier through MCP): ${other.mockUrl}${other.basePath}`);
  if (mcp && mcpInfo) console.log(mcpBanner({ url: mcp.url, ...mcpInfo, localDev: options.mcpLocalDev }));
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Stop with Ctrl-C.`);
  return -1;
}

/** A given port must be free; the default is taken when free, else any free port (said so). */
async function choosePort(given: number | undefined, fallback: number, flag: string, host: string, taken: number[] = []): Promise<number> {
  if (given === 0) return freePort(host);
  if (given !== undefined) {
    if (taken.includes(given) || !(await portIsFree(given, host))) throw new StartFailure(busyMessage(flag, given, host));
    return given;
  }
  if (!taken.includes(fallback) && (await portIsFree(fallback, host))) return fallback;
  const port = await freePort(host);
  progress(`port ${fallback} is in use: using ${port} instead (choose one with ${flag})`);
  return port;
}

function busyMessage(flag: string, port: number, host: string): string {
  return `${flag} ${port}: port ${port} on ${host} is already in use; choose another with ${flag} <port> (0: any free port)`;
}

/** The environment's secrets, else those stored in the state directory (made on first use). */
async function mcpCredentials(options: MockCommandOptions, dir: string, owner: boolean): Promise<{ token: string; operatorSecret: string; secretsPath?: string }> {
  if (options.mcpToken && options.mcpOperatorSecret) return { token: options.mcpToken, operatorSecret: options.mcpOperatorSecret };
  const stored = owner ? await loadMcpSecrets(dir) : undefined;
  return {
    token: options.mcpToken || stored?.secrets.token || randomBytes(24).toString('base64url'),
    operatorSecret: options.mcpOperatorSecret || stored?.secrets.operatorSecret || randomBytes(18).toString('base64url'),
    ...(stored ? { secretsPath: stored.path } : {}),
  };
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

