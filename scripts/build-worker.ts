/**
 * wrangler's build step (wrangler.toml `[build]`). Without arguments: the mock worker with its
 * admin page bundled in, as dist/mock-worker.js. With `--embed <spec> --out <file>`: the same
 * worker with the spec's compiled plan and the D1 migrations built in (deployable by wrangler alone).
 */
import { parseArgs } from 'node:util';
import { buildEmbeddedMockWorker, buildMockWorker } from '../cli/build-worker';
import { readMigrations } from '../cli/migrations';
import { compileSpecAt } from '../cli/spec-source';

const { values } = parseArgs({ options: { embed: { type: 'string' }, out: { type: 'string' } } });
if (values.embed) {
  const compiled = await compileSpecAt(values.embed);
  if (!compiled.ok) throw new Error(`${values.embed}: ${compiled.problem.detail ?? compiled.problem.title}`);
  const out = values.out ?? 'dist/embedded-mock-worker.js';
  console.log(`built ${await buildEmbeddedMockWorker(out, { plan: compiled.plan, migrations: await readMigrations() })} (plan ${compiled.plan.version})`);
} else {
  console.log(`built ${await buildMockWorker()}`);
}
