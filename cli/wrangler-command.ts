/**
 * `mockloop wrangler <spec> --name N --out DIR`: a ready wrangler project for one mock: wrangler.toml
 * (D1, Durable Object, migrations), the bundled worker with the plan and the D1 migrations built in,
 * the compiled plan, the schema migrations and a README of the commands.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MAIN_MODULE, reservedPathConflicts } from '../src/deploy/cloudflare';
import { SLUG } from '../src/deploy';
import { buildEmbeddedMockWorker, PROJECT_ROOT } from './build-worker';
import { formatProblem } from './compile-command';
import { readMigrations } from './migrations';
import { compileSpecAt } from './spec-source';
import { projectReadme, wranglerToml } from './wrangler-project';

export async function wranglerCommand(options: { spec: string; name: string; out: string }): Promise<number> {
  if (!SLUG.test(options.name)) {
    console.error(`mockloop: --name must be a slug (lower-case letters, digits, dashes), got "${options.name}"`);
    return 2;
  }
  const compiled = await compileSpecAt(options.spec);
  if (!compiled.ok) {
    console.error(formatProblem(compiled.problem));
    return 1;
  }
  const plan = compiled.plan;
  const conflicts = reservedPathConflicts(plan);
  if (conflicts.length > 0) {
    console.error(`mockloop: the admin API lives under /__mockloop, and this spec has paths there (${conflicts.join(', ')}); edit ADMIN_HOST into the project instead.`);
  }
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  await buildEmbeddedMockWorker(join(out, MAIN_MODULE), { plan, migrations: await readMigrations() });
  await cp(join(PROJECT_ROOT, 'migrations'), join(out, 'migrations'), { recursive: true });
  await writeFile(join(out, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  await writeFile(join(out, 'wrangler.toml'), wranglerToml(options.name, plan));
  await writeFile(join(out, 'README.md'), projectReadme(options.name, plan));
  console.log(`Wrote ${out}: wrangler.toml, ${MAIN_MODULE}, plan.json (${plan.operations.length} operations), migrations/, README.md`);
  console.log(`Deploy: cd ${options.out} && npx wrangler deploy && npx wrangler secret put ADMIN_TOKEN`);
  return 0;
}
