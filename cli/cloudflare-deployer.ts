/**
 * The CLI's Cloudflare deployer: credentials from the environment (as wrangler reads them), the
 * mock worker bundled by build-worker.ts and migrations/*.sql read from disk.
 */
import { readFile } from 'node:fs/promises';
import { CloudflareDeployer, type Target } from '../src/deploy/cloudflare';
import { buildEngineWorker, buildMockWorker } from './build-worker';
import { readMigrations } from './migrations';

export interface CloudflareCliOptions {
  target?: Target;
  dispatchDomain?: string;
}

/** The deployer, or the names of the missing environment variables. */
export function cloudflareDeployerFromEnv(options: CloudflareCliOptions = {}, env = process.env): CloudflareDeployer | string[] {
  const missing = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID'].filter((name) => !env[name]);
  if (missing.length > 0) return missing;
  return new CloudflareDeployer({
    // SAFETY: both were checked to be set just above.
    token: env.CLOUDFLARE_API_TOKEN as string,
    accountId: env.CLOUDFLARE_ACCOUNT_ID as string,
    baseUrl: env.CLOUDFLARE_API_BASE_URL || undefined,
    script: async () => readFile(await buildMockWorker(), 'utf8'),
    // The account's test engine, uploaded when missing or changed (docs/decisions/0023).
    engine: async () => readFile(await buildEngineWorker(), 'utf8'),
    engineName: env.MOCKLOOP_ENGINE_NAME || undefined,
    migrations: () => readMigrations(),
    target: options.target,
    dispatchDomain: options.dispatchDomain ?? env.CLOUDFLARE_DISPATCH_DOMAIN,
  });
}

/** `--target workers` (default) or `--target dispatch:<namespace>`; null when neither. */
export function parseTarget(text: string | undefined): Target | null {
  if (text === undefined || text === 'workers') return { kind: 'workers' };
  const match = /^dispatch:([A-Za-z0-9_-]{1,63})$/.exec(text);
  return match ? { kind: 'dispatch', namespace: match[1] } : null;
}
