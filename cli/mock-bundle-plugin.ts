/**
 * esbuild plugin behind the MCP worker's `mockloop:mock-bundle` import: the bundled mock worker
 * and the test engine (as text) and the D1 migrations, which a deployed MCP worker uploads through the Cloudflare API
 * (workers/mcp/cloudflare.ts). The local MCP worker, whose deployer runs in Node, gets null and
 * no migrations, so `mockloop mock` does not bundle the mock worker twice.
 */
import type { Plugin } from 'esbuild';
import type { MigrationFile } from '../src/db/migrate';

export interface MockBundle {
  script: string;
  /** The test engine worker, which the deployer uploads once per account (docs/decisions/0023). */
  engine: string;
  migrations: MigrationFile[];
}

export function mockBundlePlugin(load: (() => Promise<MockBundle>) | null): Plugin {
  return {
    name: 'mockloop-mock-bundle',
    setup(b) {
      b.onResolve({ filter: /^mockloop:mock-bundle$/ }, (args) => ({ path: args.path, namespace: 'mockloop-mock-bundle' }));
      b.onLoad({ filter: /.*/, namespace: 'mockloop-mock-bundle' }, async () => {
        const bundle = load ? await load() : null;
        return {
          loader: 'js',
          contents: `export const MOCK_WORKER = ${JSON.stringify(bundle?.script ?? null)};\nexport const ENGINE_WORKER = ${JSON.stringify(bundle?.engine ?? null)};\nexport const MIGRATIONS = ${JSON.stringify(bundle?.migrations ?? [])};\n`,
        };
      });
    },
  };
}
