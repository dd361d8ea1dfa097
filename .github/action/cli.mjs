// Shared by the action's main and post steps: the inputs, and the mockloop CLI of this action's
// checkout (its dependencies installed once, on first use).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export function input(name) {
  return (process.env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] ?? '').trim();
}

export function mockloop(args) {
  if (!existsSync(join(root, 'node_modules', 'tsx'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  const env = { ...process.env, CLOUDFLARE_API_TOKEN: input('cloudflare-api-token'), CLOUDFLARE_ACCOUNT_ID: input('cloudflare-account-id') };
  return spawnSync(process.execPath, [join(root, 'bin', 'mockloop.js'), ...args], { cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(), env, encoding: 'utf8' });
}
