/**
 * Real-world schemas: every component schema of every spec in /work/shared/specs, synthesised in
 * both modes with a few seeds and validated. 3.0 and Swagger 2.0 documents are upgraded to 3.1
 * first; component refs are rewritten to the plan's `#/$defs/<name>` form.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upgrade } from '@scalar/openapi-upgrader';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { JsonSchema } from '../json-schema/types';
import { synthesize } from './index';
import { validatorFor } from './testing';

const SPEC_DIR = '/work/shared/specs';
const SEEDS = [1, 'two', 3];

/**
 * Schemas no value can satisfy, with the reason. Each entry is `<file>#<schema>`; the suite still
 * synthesises them (they must terminate) but does not count them as failures.
 */
const UNSATISFIABLE: Record<string, string> = {};

/** Rewrites `#/components/schemas/X` to `#/$defs/X` throughout a copy of the value. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' ? item.replace(/^#\/components\/schemas\//, '#/$defs/') : rewriteRefs(item);
  }
  return out;
}

interface Spec {
  file: string;
  defs: Record<string, JsonSchema>;
}

function loadSpecs(): Spec[] {
  const specs: Spec[] = [];
  for (const file of readdirSync(SPEC_DIR).sort()) {
    if (!/\.(ya?ml|json)$/.test(file)) continue;
    const text = readFileSync(join(SPEC_DIR, file), 'utf8');
    let doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
    if (!String(doc.openapi ?? '').startsWith('3.1')) doc = upgrade(doc, '3.1') as unknown as Record<string, unknown>;
    const components = doc.components as { schemas?: Record<string, unknown> } | undefined;
    // SAFETY: component schemas are JSON Schema objects once the document is OpenAPI 3.1.
    specs.push({ file, defs: rewriteRefs(components?.schemas ?? {}) as Record<string, JsonSchema> });
  }
  return specs;
}

const present = existsSync(SPEC_DIR);
if (!present) console.warn(`[synth corpus] ${SPEC_DIR} is absent: the corpus suite is skipped.`);

describe.skipIf(!present)('synthesize: real-world corpus', () => {
  const specs = present ? loadSpecs() : [];

  for (const spec of specs) {
    const names = Object.keys(spec.defs);
    it.skipIf(names.length === 0)(`${spec.file}: ${names.length} component schemas validate`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const name of names) {
        const schema: JsonSchema = { $ref: `#/$defs/${name}` };
        const validate = validatorFor(schema, spec.defs);
        for (const mode of ['static', 'dynamic'] as const) {
          for (const direction of ['response', 'request'] as const) {
            for (const seed of SEEDS) {
              const value = synthesize(schema, { seed, mode, direction, defs: spec.defs });
              const verdict = validate(value);
              checked++;
              if (!verdict.valid && UNSATISFIABLE[`${spec.file}#${name}`] === undefined) {
                failures.push(`${name} ${mode}/${direction}/${seed}: ${verdict.errors.slice(0, 3).join('; ')} — ${JSON.stringify(value).slice(0, 300)}`);
              }
            }
          }
        }
      }
      console.info(`[synth corpus] ${spec.file}: ${names.length} schemas, ${checked} values validated`);
      expect(failures.slice(0, 20)).toEqual([]);
    });
  }
});
