/**
 * wrangler's build step (wrangler.toml `[build]`). Without arguments: the mock worker with its
 * admin page bundled in, as dist/mock-worker.js. With `--embed <spec> --out <file>`: the same
 * worker with the spec's compiled plan and the D1 migrations built in (deployable by wrangler alone).
 * With `--mcp [--out <file>]`: the MCP worker with the mock worker and the migrations built in, which
 * it uploads when it deploys mocks (wrangler.mcp.toml). With `--dispatch`: the dispatch Worker of a
 * Workers for Platforms target (wrangler.dispatch.toml).
 */
import { parseArgs } from 'node:util';
import { copyFile } from 'node:fs/promises';
import { buildDispatchWorker, buildEmbeddedMockWorker, buildMcpWorker, buildMockWorker } from '../cli/build-worker';
import { readMigrations } from '../cli/migrations';
import { compileSpecAt } from '../cli/spec-source';

const { values } = parseArgs({ options: { embed: { type: 'string' }, out: { type: 'string' }, mcp: { type: 'boolean' }, dispatch: { type: 'boolean' } } });
if (values.dispatch) {
  console.log(`built ${await buildDispatchWorker()}`);
} else if (values.mcp) {
  const built = await buildMcpWorker(undefined, { deployable: true });
  if (values.out) await copyFile(built, values.out);
  console.log(`built ${values.out ?? built}`);
} else if (values.embed) {
  const compiled = await compileSpecAt(values.embed);
  if (!compiled.ok) throw new Error(`${values.embed}: ${compiled.problem.detail ?? compiled.problem.title}`);
  const out = values.out ?? 'dist/embedded-mock-worker.js';
  console.log(`built ${await buildEmbeddedMockWorker(out, { plan: compiled.plan, migrations: await readMigrations() })} (plan ${compiled.plan.version})`);
} else {
  console.log(`built ${await buildMockWorker()}`);
}
