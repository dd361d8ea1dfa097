/** `mockloop mock <spec>`: serve a spec locally on workerd until Ctrl-C / SIGTERM. */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describePlan, formatProblem } from './compile-command';
import { startLocalStack } from './local-runtime';
import { compileSpecAt } from './spec-source';

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
}

/** Returns -1 while serving: the process stays up until a signal stops it. */
export async function mockCommand(options: MockCommandOptions): Promise<number> {
  const outcome = await compileSpecAt(options.spec);
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
  const stack = await startLocalStack({
    host: options.host,
    stateDir: resolve(options.stateDir, 'state'),
    mocks: [{ name, port: options.port, adminPort: options.adminPort, adminToken }],
  });
  const mock = stack.mocks[0];
  try {
    await stack.installPlan(name, plan);
    const res = await fetch(`${mock.adminUrl}/api/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ validateRequests: options.validateRequests, enforceSecurity: options.enforceSecurity }),
    });
    if (!res.ok) throw new Error(`setting switches failed: ${res.status} ${await res.text()}`);
  } catch (error) {
    await stack.dispose();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (waiting for pending log writes)…`);
    // A log batch waits up to LOG_BATCH_MAX_MS (250 ms) before its D1 write: give it time to land.
    await new Promise((r) => setTimeout(r, 600));
    await stack.dispose();
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
     curl -H 'Authorization: Bearer ${adminToken}' ${mock.adminUrl}/api/requests?limit=5
Stop with Ctrl-C.`);

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
