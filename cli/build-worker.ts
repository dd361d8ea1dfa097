/** Bundles the mock worker with esbuild, the way wrangler would, into one ES module. */
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { adminUiPlugin } from './admin-ui-plugin';
import { type Embedded, embeddedPlugin } from './embedded-plugin';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function buildMockWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/mock/index.ts', join(outDir, 'mock-worker.js'));
}

/** The mock worker with a plan and the D1 migrations built in, for `wrangler deploy` alone. */
export function buildEmbeddedMockWorker(outfile: string, embedded: Embedded): Promise<string> {
  return buildWorker('workers/mock/index.ts', outfile, embedded);
}

/** The MCP worker; it needs `nodejs_compat` (agents uses node:async_hooks). */
export function buildMcpWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/mcp/index.ts', join(outDir, 'mcp-worker.js'));
}

/** The test engine worker: run coordinators and load shards (docs/decisions/0017). */
export function buildEngineWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/engine/index.ts', join(outDir, 'engine-worker.js'));
}

async function buildWorker(entry: string, outfile: string, embedded: Embedded | null = null): Promise<string> {
  await mkdir(dirname(outfile), { recursive: true });
  // Written aside and renamed into place: two processes building at once (parallel CLI runs,
  // tests) must never load each other's half-written bundle.
  const partial = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await build({
    entryPoints: [join(PROJECT_ROOT, entry)],
    outfile: partial,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser', 'import'],
    external: ['cloudflare:*', 'node:*'],
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    plugins: [adminUiPlugin(PROJECT_ROOT), embeddedPlugin(embedded)],
  });
  await rename(partial, outfile);
  return outfile;
}
