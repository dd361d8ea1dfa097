/**
 * `mockloop deploy`, `mockloop deployments` and `mockloop destroy`: mocks on Cloudflare through the
 * Cloudflare deployer (docs/decisions/0011). Progress goes to stderr, the result to stdout.
 */
import type { DeployedMock } from '../src/deploy';
import type { Target } from '../src/deploy/cloudflare';
import { type CloudflareDeployer, DEPLOY_CLOUDFLARE_API } from '../src/deploy/cloudflare';
import { cloudflareDeployerFromEnv } from './cloudflare-deployer';
import { formatProblem } from './compile-command';
import { edgeFetchFor, waitForPlan } from './edge-fetch';
import { createAdminClient } from '../src/mcp/admin-client';
import { compileSpecAt } from './spec-source';

export interface DeployCommandOptions {
  spec: string;
  name: string;
  hostname?: string;
  adminHostname?: string;
  ttlMs?: number;
  wait: boolean;
  json: boolean;
  target: Target;
  dispatchDomain?: string;
  adminToken?: string;
  /** The real API behind the mock: every request proxied to it (set through the admin API once the mock is live). */
  upstream?: string;
}

export async function deployCommand(options: DeployCommandOptions): Promise<number> {
  const deployer = deployerOrExplain({ target: options.target, dispatchDomain: options.dispatchDomain });
  if (!deployer) return 2;
  const compiled = await compileSpecAt(options.spec);
  if (!compiled.ok) return failure(compiled.problem, options.json);
  const started = Date.now();
  const outcome = await deployer.deployPlan(
    { name: options.name, replace: true, hostname: options.hostname, adminHostname: options.adminHostname, ttlMs: options.ttlMs, adminToken: options.adminToken },
    compiled.plan,
    (step) => {
      if (!options.json) console.error(`[${step.progress}/${step.total}] ${step.message}`);
    },
  );
  if (!outcome.ok) return failure(outcome.problem, options.json);
  const mock = outcome.mock;
  if (options.wait && !(await waitForPlan(mock.adminUrl, compiled.plan.version))) {
    console.error(`mockloop: deployed, but ${mock.adminUrl}/health did not report plan ${compiled.plan.version} within 60 s (use --no-wait to skip this check)`);
    return 1;
  }
  if (options.upstream !== undefined) {
    // An update shows no token (the Worker secret stays as it was): then it must come from MOCKLOOP_ADMIN_TOKEN.
    const adminToken = mock.adminToken || options.adminToken;
    if (!adminToken) {
      console.error('mockloop: deployed, but --upstream was not set: an update does not show the admin token; set MOCKLOOP_ADMIN_TOKEN to it');
      return 1;
    }
    const set = await createAdminClient({ name: mock.name, adminUrl: mock.adminUrl, adminToken }, edgeFetchFor()).updateSettings({ upstream: { url: options.upstream, mode: 'proxy' } });
    if (!set.ok) {
      console.error(`mockloop: deployed, but --upstream was refused: ${set.problem.detail ?? set.problem.title}`);
      return 1;
    }
  }
  if (options.json) {
    console.log(
      JSON.stringify({
        name: mock.name,
        mock_url: mock.mockUrl + mock.basePath,
        admin_url: mock.adminUrl,
        admin_token: mock.adminToken || null,
        plan_version: compiled.plan.version,
        operations: compiled.plan.operations.length,
        expires_at: mock.expiresAt ? new Date(mock.expiresAt).toISOString() : null,
      }),
    );
    return 0;
  }
  console.log(`Deployed "${mock.name}" (plan ${compiled.plan.version}, ${compiled.plan.operations.length} operations) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${deployer.calls} API calls`);
  console.log(`  mock:   ${mock.mockUrl}${mock.basePath}`);
  console.log(`  admin:  ${mock.adminUrl}`);
  if (options.upstream !== undefined) console.log(`  proxy:  every request goes to ${new URL(options.upstream).host} (modes per route: PATCH /api/settings {"upstream":…})`);
  console.log(mock.adminToken ? `  token:  ${mock.adminToken}   (admin bearer token; shown once, kept as a Worker secret)` : '  token:  unchanged (the secret set by the first deploy)');
  if (mock.expiresAt) console.log(`  expires ${new Date(mock.expiresAt).toISOString()} (mockloop destroy --expired removes it)`);
  return 0;
}

export async function deploymentsCommand(json: boolean): Promise<number> {
  const deployer = deployerOrExplain();
  if (!deployer) return 2;
  let mocks: DeployedMock[];
  try {
    mocks = await deployer.list();
  } catch (error) {
    return failure({ ...DEPLOY_CLOUDFLARE_API, detail: error instanceof Error ? error.message : String(error) }, json);
  }
  if (json) {
    console.log(JSON.stringify(mocks.map(({ adminToken: _secret, ...mock }) => mock)));
    return 0;
  }
  if (mocks.length === 0) console.log('No mocks deployed.');
  for (const m of mocks) {
    const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : '-');
    console.log(`${m.name}  ${m.status}  plan ${m.planVersion ?? '-'}  ${m.mockUrl}${m.basePath}  admin ${m.adminUrl}`);
    console.log(`    created ${when(m.createdAt)}  expires ${when(m.expiresAt)}  last request ${when(m.lastRequestAt)}`);
  }
  return 0;
}

export async function destroyCommand(name: string | undefined, expired: boolean, json: boolean): Promise<number> {
  const deployer = deployerOrExplain();
  if (!deployer) return 2;
  if (expired) {
    const { destroyed, failed } = await deployer.destroyExpired();
    if (json) console.log(JSON.stringify({ destroyed, failed }));
    else {
      console.log(destroyed.length > 0 ? `Destroyed ${destroyed.join(', ')}.` : 'No mock had expired.');
      for (const f of failed) console.error(`${f.name}: ${formatProblem(f.problem)}`);
    }
    return failed.length > 0 ? 1 : 0;
  }
  // SAFETY: main.ts passes a name whenever --expired is absent.
  const outcome = await deployer.destroy(name as string);
  if (!outcome.ok) return failure(outcome.problem, json);
  if (json) console.log(JSON.stringify({ destroyed: [outcome.mock.name], failed: [] }));
  else console.log(`Destroyed "${outcome.mock.name}": its Worker, Durable Objects, custom domains and D1 rows are gone.`);
  return 0;
}

function deployerOrExplain(options: Parameters<typeof cloudflareDeployerFromEnv>[0] = {}): CloudflareDeployer | null {
  const deployer = cloudflareDeployerFromEnv(options);
  if (!Array.isArray(deployer)) return deployer;
  console.error(`mockloop: set ${deployer.join(' and ')} (a token with Workers Scripts Write and D1 Write; see the README).`);
  return null;
}

function failure(problem: Parameters<typeof formatProblem>[0], json: boolean): number {
  if (json) console.log(JSON.stringify(problem));
  else console.error(formatProblem(problem));
  return 1;
}
