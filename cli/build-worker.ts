/** Bundles the mock worker with esbuild, the way wrangler would, into one ES module. */
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { adminUiPlugin } from './admin-ui-plugin';
import { type Embedded, embeddedPlugin } from './embedded-plugin';
import { readMigrations } from './migrations';
import { mockBundlePlugin } from './mock-bundle-plugin';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function buildMockWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/mock/index.ts', join(outDir, 'mock-worker.js'));
}

/** The mock worker with a plan and the D1 migrations built in, for `wrangler deploy` alone. */
export function buildEmbeddedMockWorker(outfile: string, embedded: Embedded): Promise<string> {
  return buildWorker('workers/mock/index.ts', outfile, embedded);
}

/**
 * The MCP worker; it needs `nodejs_compat` (agents uses node:async_hooks). `deployable` builds in
 * the mock worker and the migrations, which it uploads when it deploys mocks through the
 * Cloudflare API (wrangler.mcp.toml); the local one leaves them out (its deployer runs in Node).
 */
export function buildMcpWorker(outDir = join(PROJECT_ROOT, 'dist'), { deployable = false } = {}): Promise<string> {
  const load = deployable
    ? async () => ({ script: await bundleText('workers/mock/index.ts'), engine: await bundleText('workers/engine/index.ts'), migrations: await readMigrations() })
    : null;
  // A folder of its own: wrangler with no_bundle attaches every other .js beside `main` as a module.
  return buildWorker('workers/mcp/index.ts', deployable ? join(outDir, 'mcp', 'mcp-worker.js') : join(outDir, 'mcp-worker.js'), null, load);
}

/** The test engine worker: run coordinators and load shards (docs/decisions/0017). */
export function buildEngineWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/engine/index.ts', join(outDir, 'engine-worker.js'));
}

/** The dispatch Worker of a Workers for Platforms target (workers/dispatch, wrangler.dispatch.toml). */
export function buildDispatchWorker(outDir = join(PROJECT_ROOT, 'dist')): Promise<string> {
  return buildWorker('workers/dispatch/index.ts', join(outDir, 'dispatch', 'dispatch-worker.js'));
}

/** A worker bundle as text, built in memory (no file another process may be writing). */
async function bundleText(entry: string): Promise<string> {
  const result = await build({ ...buildOptions(entry, null, null), write: false, outfile: '/worker.js' });
  return result.outputFiles[0].text;
}

async function buildWorker(entry: string, outfile: string, embedded: Embedded | null = null, mockBundle: Parameters<typeof mockBundlePlugin>[0] = null): Promise<string> {
  await mkdir(dirname(outfile), { recursive: true });
  // Written aside and renamed into place: two processes building at once (parallel CLI runs,
  // tests) must never load each other's half-written bundle.
  const partial = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await build({ ...buildOptions(entry, embedded, mockBundle), outfile: partial });
  await rename(partial, outfile);
  return outfile;
}

function buildOptions(entry: string, embedded: Embedded | null, mockBundle: Parameters<typeof mockBundlePlugin>[0]) {
  return {
    entryPoints: [join(PROJECT_ROOT, entry)],
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
    plugins: [adminUiPlugin(PROJECT_ROOT), embeddedPlugin(embedded), mockBundlePlugin(mockBundle)],
  } satisfies BuildOptions;
}
