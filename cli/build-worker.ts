/** Bundles the mock worker with esbuild, the way wrangler would, into one ES module. */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { adminUiPlugin } from './admin-ui-plugin';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildMockWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  const outfile = join(outDir, 'mock-worker.js');
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(PROJECT_ROOT, 'workers/mock/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser', 'import'],
    external: ['cloudflare:*'],
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    plugins: [adminUiPlugin(PROJECT_ROOT)],
  });
  return outfile;
}
