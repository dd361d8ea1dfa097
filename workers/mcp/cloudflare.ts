/**
 * The deployed MCP worker's deployer: mocks go to the worker's own Cloudflare account through the
 * Script Upload API (src/deploy/cloudflare), with the mock worker and the D1 migrations built into
 * this worker (cli/mock-bundle-plugin.ts). On when the secrets CLOUDFLARE_ACCOUNT_ID,
 * CLOUDFLARE_API_TOKEN and MOCK_ADMIN_SECRET are set and no local DEPLOYER is bound.
 */
import { ENGINE_WORKER, MIGRATIONS, MOCK_WORKER } from 'mockloop:mock-bundle';
import { CloudflareDeployer, deriveAdminToken } from '../../src/deploy/cloudflare';
import { planOfSpecSource } from '../../src/mcp/plan-source';

export interface CloudflareEnv {
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_API_BASE_URL?: string;
  /** Each mock's admin token is derived from it (src/deploy/cloudflare/admin-token.ts). */
  MOCK_ADMIN_SECRET?: string;
  /** The test engine Worker the mocks are bound to (default `mockloop-engine`, as ENGINE in wrangler.mcp.toml). */
  MOCKLOOP_ENGINE_NAME?: string;
}

/** One deployer per isolate and credentials: it remembers the shared database once found and migrated. */
let cached: { key: string; deployer: CloudflareDeployer } | undefined;

/** The deployer, or why there is none (names of what is missing, never values). */
export function cloudflareDeployer(env: CloudflareEnv): CloudflareDeployer | { missing: string[] } {
  const missing: string[] = (['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'MOCK_ADMIN_SECRET'] as const).filter((name) => !env[name]);
  if (MOCK_WORKER === null) missing.push('the mock worker bundle (build with `npx tsx scripts/build-worker.ts --mcp`)');
  if (missing.length > 0) return { missing };
  // SAFETY: all three were checked to be set just above.
  const accountId = env.CLOUDFLARE_ACCOUNT_ID as string;
  const token = env.CLOUDFLARE_API_TOKEN as string;
  const secret = env.MOCK_ADMIN_SECRET as string;
  const key = [accountId, env.CLOUDFLARE_API_BASE_URL ?? '', token, secret, env.MOCKLOOP_ENGINE_NAME ?? ''].join('\n');
  if (cached?.key === key) return cached.deployer;
  const deployer = new CloudflareDeployer({
    token,
    accountId,
    baseUrl: env.CLOUDFLARE_API_BASE_URL || undefined,
    script: MOCK_WORKER ?? undefined,
    migrations: MIGRATIONS,
    // Made current on the account before a mock is uploaded, so the mock's ENGINE binding resolves (docs/decisions/0023).
    engine: ENGINE_WORKER ?? undefined,
    engineName: env.MOCKLOOP_ENGINE_NAME || undefined,
    // Files are never read here: a spec is text or an http(s) URL fetched under the public-only policy.
    compile: (source) => planOfSpecSource({}, source),
    adminTokenFor: (name) => deriveAdminToken(secret, accountId, name),
  });
  cached = { key, deployer };
  return deployer;
}
