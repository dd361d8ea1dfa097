/**
 * How long the MCP prompts and scenario packs take per spec: `analyzePlan`, every pack
 * instantiated, every prompt built (median of 5 runs each), and the largest outputs.
 * Run: npx tsx scripts/bench-packs.ts
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpecAt } from '../cli/spec-source';
import { PROMPTS } from '../src/mcp/prompts';
import { analyzePlan } from '../src/plan/analysis';
import { instantiatePack, SCENARIO_PACKS } from '../src/scenarios/packs';

const SPECS = join(import.meta.dirname, '..', '..', 'shared', 'specs');
const RUNS = 5;

function median(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const files = [join(import.meta.dirname, '..', 'examples', 'bookshop.yaml')];
if (existsSync(SPECS)) files.push(...readdirSync(SPECS).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(SPECS, f)));
else console.warn(`${SPECS} is absent: only the bookshop is measured.`);

console.log('spec                                      ops  analyze  packs(all)  slowest pack             prompts(all)  largest prompt');
for (const file of files) {
  const outcome = await compileSpecAt(file);
  if (!outcome.ok) continue;
  const plan = outcome.plan;
  const analyze = median(() => analyzePlan(plan));
  const perPack = SCENARIO_PACKS.map((p) => ({ slug: p.slug, ms: median(() => instantiatePack(p, plan)) }));
  const slowest = perPack.reduce((a, b) => (b.ms > a.ms ? b : a));
  const promptMs = median(() => {
    for (const p of PROMPTS) p.build(plan, { mock_name: 'm' });
  });
  const largest = Math.max(...PROMPTS.map((p) => {
    const r = p.build(plan, { mock_name: 'm' });
    return r.ok ? r.result.messages[0].content.text.length : 0;
  }));
  const name = file.split('/').pop()!.slice(0, 40).padEnd(40);
  const total = perPack.reduce((s, p) => s + p.ms, 0);
  console.log(
    `${name} ${String(plan.operations.length).padStart(4)} ${analyze.toFixed(1).padStart(7)}ms ${total.toFixed(0).padStart(9)}ms  ${`${slowest.slug} ${slowest.ms.toFixed(0)}ms`.padEnd(24)} ${promptMs.toFixed(0).padStart(10)}ms  ${largest} chars`,
  );
}
