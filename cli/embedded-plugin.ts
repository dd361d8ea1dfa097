/**
 * esbuild plugin behind the mock worker's `mockloop:embedded` import: null for the bundle the
 * local runtime and the Cloudflare deployer use (they install plans themselves), or a compiled
 * plan with the D1 migrations for a bundle deployed by `wrangler deploy` alone, which installs
 * them on first use (workers/mock/embedded-install.ts).
 */
import type { Plugin } from 'esbuild';
import type { MigrationFile } from '../src/db/migrate';
import type { MockPlan } from '../src/plan';

export interface Embedded {
  plan: MockPlan;
  migrations: MigrationFile[];
}

export function embeddedPlugin(embedded: Embedded | null): Plugin {
  return {
    name: 'mockloop-embedded',
    setup(b) {
      b.onResolve({ filter: /^mockloop:embedded$/ }, (args) => ({ path: args.path, namespace: 'mockloop-embedded' }));
      b.onLoad({ filter: /.*/, namespace: 'mockloop-embedded' }, () => ({ loader: 'js', contents: `export const EMBEDDED = ${JSON.stringify(embedded)};\n` }));
    },
  };
}
