/**
 * The MCP worker's cron trigger: destroys the account's mocks past their TTL (`--ttl`), so a
 * cancelled CI pipeline leaks nothing for long. Without Cloudflare credentials it does nothing.
 */
import { CloudflareDeployer } from '../../src/deploy/cloudflare';

export interface SweepEnv {
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_API_BASE_URL?: string;
}

export async function sweepExpired(env: SweepEnv, fetcher: typeof fetch = fetch): Promise<{ destroyed: string[]; failed: string[] } | null> {
  if (!env.CLOUDFLARE_ACCOUNT_ID || !env.CLOUDFLARE_API_TOKEN) return null;
  // No bundle and no migrations: this deployer only reads the registry and destroys.
  const deployer = new CloudflareDeployer({
    token: env.CLOUDFLARE_API_TOKEN,
    accountId: env.CLOUDFLARE_ACCOUNT_ID,
    baseUrl: env.CLOUDFLARE_API_BASE_URL || undefined,
    fetch: fetcher,
    migrations: [],
  });
  const { destroyed, failed } = await deployer.destroyExpired();
  for (const f of failed) console.error(`mockloop: could not destroy expired mock "${f.name}": ${f.problem.detail ?? f.problem.title}`);
  if (destroyed.length > 0) console.log(`mockloop: destroyed expired mocks ${destroyed.join(', ')}`);
  return { destroyed, failed: failed.map((f) => f.name) };
}
