/**
 * Spec fidelity, measured without the mock's own retries: for every operation × declared status ×
 * JSON media type of each spec in a folder, the body example mode would serve (the first valid
 * example, else one static synthesis) and N dynamic syntheses (seeds 1..N) are checked with an
 * independent validator (Ajv, JSON Schema 2020-12). Synthesis time per body is reported too.
 *
 *   npx tsx scripts/measure-fidelity.ts /work/shared/specs [seeds=5]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { compileSpecAt } from '../cli/spec-source';
import type { JsonSchema, MockPlan } from '../src/plan';
import { synthesize } from '../src/synth';

const folder = process.argv[2] ?? '/work/shared/specs';
const seeds = Number(process.argv[3] ?? 5);

interface Tally {
  checked: number;
  failed: number;
  slowestMs: number;
  samples: string[];
}
const tally = (): Tally => ({ checked: 0, failed: 0, slowestMs: 0, samples: [] });

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/.test(mediaType.split(';')[0].trim());
}

const MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const ANNOTATIONS = new Set(['example', 'examples', 'default']);

/** A copy without example data, which Ajv would otherwise walk for `$id`s. */
function withoutAnnotations(value: unknown, isMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutAnnotations(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isMap && (ANNOTATIONS.has(key) || key === 'const' || key === 'enum')) {
      if (!ANNOTATIONS.has(key)) out[key] = item;
      continue;
    }
    out[key] = withoutAnnotations(item, !isMap && MAPS.has(key));
  }
  return out;
}

function checkerFor(plan: MockPlan, schemas: JsonSchema[]): Array<(value: unknown) => string | undefined> {
  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateFormats: true });
  // SAFETY: ajv-formats' default export is the plugin function under both module systems.
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const defs: Record<string, JsonSchema> = { ...plan.schemas };
  schemas.forEach((schema, i) => {
    defs[`__media${i}`] = schema;
  });
  ajv.addSchema({ $id: 'https://plan.invalid/p', $defs: withoutAnnotations(defs, true) });
  return schemas.map((_, i) => {
    const validate = ajv.getSchema(`https://plan.invalid/p#/$defs/__media${i}`);
    if (validate === undefined) throw new Error('schema not found');
    return (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors));
  });
}

const totals = { example: tally(), dynamic: tally() };
for (const file of readdirSync(folder).filter((f) => /\.(ya?ml|json)$/.test(f))) {
  const outcome = await compileSpecAt(join(folder, file));
  if (!outcome.ok) {
    console.log(`${file}: does not compile`);
    continue;
  }
  const plan = outcome.plan;
  const jobs: Array<{ where: string; schema: JsonSchema; example: { value: unknown } | undefined; seed: string }> = [];
  for (const op of plan.operations) {
    for (const response of op.responses) {
      for (const media of response.contents) {
        if (!isJson(media.mediaType) || media.schema === undefined) continue;
        const example = media.examples.find((e) => e.valid);
        jobs.push({ where: `${file} ${op.id} ${response.status}`, schema: media.schema, example, seed: `${op.id}|${response.status}|${media.mediaType}` });
      }
    }
  }
  const checks = checkerFor(
    plan,
    jobs.map((j) => j.schema),
  );
  const local = { example: tally(), dynamic: tally() };
  const run = (t: Tally, where: string, check: (v: unknown) => string | undefined, make: () => unknown) => {
    const started = performance.now();
    const value = make();
    t.slowestMs = Math.max(t.slowestMs, performance.now() - started);
    t.checked++;
    const error = check(value);
    if (error !== undefined) {
      t.failed++;
      if (t.samples.length < 3) t.samples.push(`${where}: ${error.slice(0, 160)}`);
    }
  };
  jobs.forEach((job, i) => {
    run(local.example, job.where, checks[i], () => job.example?.value ?? synthesize(job.schema, { seed: job.seed, defs: plan.schemas }));
    for (let seed = 1; seed <= seeds; seed++) {
      run(local.dynamic, job.where, checks[i], () => synthesize(job.schema, { seed, mode: 'dynamic', defs: plan.schemas }));
    }
  });
  for (const mode of ['example', 'dynamic'] as const) {
    const t = local[mode];
    console.log(`${file} ${mode}: ${t.checked - t.failed}/${t.checked} valid, slowest ${t.slowestMs.toFixed(0)} ms`);
    for (const sample of t.samples) console.log(`    ${sample}`);
    totals[mode].checked += t.checked;
    totals[mode].failed += t.failed;
    totals[mode].slowestMs = Math.max(totals[mode].slowestMs, t.slowestMs);
  }
}
for (const mode of ['example', 'dynamic'] as const) {
  const t = totals[mode];
  console.log(`TOTAL ${mode}: ${t.checked - t.failed}/${t.checked} valid (${((100 * (t.checked - t.failed)) / Math.max(1, t.checked)).toFixed(2)}%), slowest ${t.slowestMs.toFixed(0)} ms`);
}
