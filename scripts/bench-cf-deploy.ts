/**
 * `npx tsx scripts/bench-cf-deploy.ts [--rounds 5] [--mocks 0]`: deploys of the sample mock
 * against the local Cloudflare fake, with the test engine as the CLI deploys it: API calls and wall
 * time of a new deploy and of an update in place (median of --rounds, one deployer that remembers
 * the account and the engine), of a new deploy by a fresh deployer (what one `mockloop deploy`
 * process does), then optionally --mocks N mocks deployed and destroyed in one run.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildEngineWorker, buildMockWorker } from '../cli/build-worker';
import { readMigrations } from '../cli/migrations';
import { compileSpecAt } from '../cli/spec-source';
import { CloudflareDeployer } from '../src/deploy/cloudflare';
import { startCloudflareFake } from './cf-fake';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, mocks: { type: 'string', default: '0' } } });
const rounds = Number(values.rounds);
const many = Number(values.mocks);

const compiled = await compileSpecAt('examples/bookshop.yaml');
if (!compiled.ok) throw new Error(compiled.problem.detail);
const plan = compiled.plan;
const variant = { ...plan, version: `${plan.version}-b`, title: `${plan.title} (b)` };
const script = await readFile(await buildMockWorker(), 'utf8');
const migrations = await readMigrations();
const cf = await startCloudflareFake({ subdomain: 'bench' });
const engine = await readFile(await buildEngineWorker(), 'utf8');
const newDeployer = () => new CloudflareDeployer({ token: cf.token, accountId: cf.accountId, baseUrl: cf.apiUrl, script, migrations, engine });
const deployer = newDeployer();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(work: () => Promise<{ ok: boolean }>): Promise<{ ms: number; calls: number }> {
  const calls = cf.calls.length;
  const started = performance.now();
  const outcome = await work();
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return { ms: performance.now() - started, calls: cf.calls.length - calls };
}

try {
  // The first deploy of the account also creates the database and applies its migrations.
  const first = await timed(() => deployer.deployPlan({ name: 'warmup' }, plan));
  console.log(`first deploy of the account (database created, its migrations, the engine uploaded): ${first.calls} calls, ${first.ms.toFixed(0)} ms`);
  const fresh: Array<{ ms: number; calls: number }> = [];
  const updates: Array<{ ms: number; calls: number }> = [];
  for (let i = 0; i < rounds; i++) {
    fresh.push(await timed(() => deployer.deployPlan({ name: `fresh-${i}` }, plan)));
    updates.push(await timed(() => deployer.deployPlan({ name: 'warmup', replace: true }, i % 2 === 0 ? variant : plan)));
  }
  console.log(`new mock:        calls ${fresh.map((r) => r.calls).join('/')}, median ${median(fresh.map((r) => r.ms)).toFixed(0)} ms (${fresh.map((r) => r.ms.toFixed(0)).join(', ')})`);
  console.log(`update in place: calls ${updates.map((r) => r.calls).join('/')}, median ${median(updates.map((r) => r.ms)).toFixed(0)} ms (${updates.map((r) => r.ms.toFixed(0)).join(', ')})`);
  const cli = await timed(() => newDeployer().deployPlan({ name: 'one-process' }, plan));
  console.log(`new mock, fresh deployer (one CLI run; engine current): ${cli.calls} calls, ${cli.ms.toFixed(0)} ms`);
  const destroy = await timed(() => deployer.destroy('fresh-0'));
  console.log(`destroy:         ${destroy.calls} calls, ${destroy.ms.toFixed(0)} ms`);
  if (many > 0) {
    const calls = cf.calls.length;
    const started = performance.now();
    for (let i = 0; i < many; i++) {
      const outcome = await deployer.deployPlan({ name: `many-${i}` }, plan);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problem));
    }
    const deployed = performance.now();
    for (let i = 0; i < many; i++) await deployer.destroy(`many-${i}`);
    const left = (await deployer.list()).filter((m) => m.name.startsWith('many-')).length;
    const scripts = [...cf.state.scripts.keys()].filter((n) => n.startsWith('many-')).length;
    console.log(
      `${many} mocks: deployed in ${((deployed - started) / 1000).toFixed(1)} s, destroyed in ${((performance.now() - deployed) / 1000).toFixed(1)} s, ${cf.calls.length - calls} calls; left behind: ${left} registry rows, ${scripts} scripts`,
    );
  }
} finally {
  await cf.close();
}
