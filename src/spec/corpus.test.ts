/**
 * Every spec in the shared corpus (../shared/specs beside the repo, described by MANIFEST.tsv)
 * loads, keeps its declared version, and comes out as OpenAPI 3.1 whose schemas are 2020-12.
 * Reading files is test-only: the loader itself never touches the file system.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { HTTP_METHOD_FIELDS } from './grammar';
import { isObject } from './json';
import { loadSpec } from './load';
import { parseSpecText } from './parse';
import { checkRefs } from './refs';
import type { LoadedSpec } from './types';
import { pointerOf, walk } from './walk';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SPECS = `${resolve(REPO_ROOT, '../shared/specs')}/`;
const present = existsSync(SPECS);

interface ManifestRow {
  file: string;
  format: string;
  paths: number;
  operations: number;
}

function manifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(`${SPECS}MANIFEST.tsv`, 'utf8').trim().split('\n');
  const columns = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    return { file: cell('file'), format: cell('format'), paths: Number(cell('paths')), operations: Number(cell('operations')) };
  });
}

const FAMILY: Record<string, RegExp> = { swagger2: /^2\.0$/, 'oas3.0': /^3\.0\.\d+$/, 'oas3.1': /^3\.1\.\d+$/ };
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** What JSON Schema 2020-12 forbids and older dialects wrote; returns `pointer: reason` lines. */
function schemaViolations(document: unknown): string[] {
  const found: string[] = [];
  walk(document, 'document', {
    enter(frame) {
      if (frame.kind !== 'schema') return;
      const s = frame.node;
      const bad = (why: string) => found.push(`${pointerOf(frame)}: ${why}`);
      if ('nullable' in s || 'x-nullable' in s) bad('nullable');
      for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) if (key in s && typeof s[key] !== 'number') bad(key);
      const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
      if (types.some((t) => typeof t !== 'string' || !TYPES.has(t))) bad(`type ${JSON.stringify(s.type)}`);
      if (Array.isArray(s.items)) bad('items array');
      if ('required' in s && !Array.isArray(s.required)) bad('required');
      if ('examples' in s && !Array.isArray(s.examples)) bad('examples');
      if ('enum' in s && !Array.isArray(s.enum)) bad('enum');
    },
  });
  return found;
}

function countOperations(paths: unknown): number {
  if (!isObject(paths)) return 0;
  let count = 0;
  for (const item of Object.values(paths)) if (isObject(item)) count += HTTP_METHOD_FIELDS.filter((m) => isObject(item[m])).length;
  return count;
}

async function loadFile(file: string): Promise<{ spec: LoadedSpec; ms: number; declared: unknown }> {
  const text = readFileSync(SPECS + file, 'utf8');
  const start = performance.now();
  const result = await loadSpec({ text, location: SPECS + file });
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(JSON.stringify(result.problem, null, 2));
  const raw = parseSpecText(text);
  const value = raw.ok && isObject(raw.value.value) ? raw.value.value : {};
  return { spec: result.value, ms, declared: value.openapi ?? value.swagger };
}

if (!present) {
  const why = `shared spec corpus tests skipped because the folder ${SPECS} is missing`;
  console.warn(why);
  test.skip(why, () => {});
}

describe.runIf(present)('shared spec corpus', () => {
  const rows = present ? manifest() : [];

  test('the manifest lists every spec file', () => {
    const files = readdirSync(SPECS).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    expect(rows.map((r) => r.file).sort()).toEqual(files);
  });

  test.each(rows.map((row) => [row.file, row] as const))('%s', async (file, row) => {
    const { spec, ms, declared } = await loadFile(file);
    expect(spec.sourceVersion).toBe(declared);
    expect(spec.sourceVersion).toMatch(FAMILY[row.format]);
    expect(spec.sourceFormat).toBe(file.endsWith('.json') ? 'json' : 'yaml');
    expect(spec.document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(spec.document.paths ?? {})).toHaveLength(row.paths);
    expect(countOperations(spec.document.paths)).toBe(row.operations);
    expect(checkRefs(spec.document).dangling).toEqual([]);
    expect(schemaViolations(spec.document)).toEqual([]);
    // The output is a fixed point: loading it again changes nothing and warns about nothing new.
    const again = await loadSpec({ text: JSON.stringify(spec.document) });
    expect(again.ok && again.value.document).toEqual(spec.document);
    console.info(`${file}: ${ms.toFixed(0)} ms, ${spec.warnings.length} warnings`);
  });

  test('timing: adyen-BalancePlatformService-v2.yaml (615 KB of YAML)', async () => {
    const { ms } = await loadFile('adyen-BalancePlatformService-v2.yaml');
    console.info(`adyen-BalancePlatformService-v2.yaml loaded in ${ms.toFixed(0)} ms`);
  });

  test('timing: a 4 MB Swagger 2.0 JSON document', async () => {
    const petstore = JSON.parse(readFileSync(`${SPECS}petstore-v2.json`, 'utf8'));
    // Copies of the petstore's paths under distinct prefixes, as many as fill 4 MB.
    const copies = Math.ceil(4_000_000 / JSON.stringify(petstore.paths).length);
    const paths: Record<string, unknown> = {};
    for (let copy = 1; copy <= copies; copy += 1) {
      for (const [path, item] of Object.entries(petstore.paths)) {
        const clone: unknown = structuredClone(item);
        for (const operation of Object.values(isObject(clone) ? clone : {})) {
          if (isObject(operation) && typeof operation.operationId === 'string') operation.operationId = `${operation.operationId}_${copy}`;
        }
        paths[`/v${copy}${path}`] = clone;
      }
    }
    const text = JSON.stringify({ ...petstore, paths });
    const start = performance.now();
    const result = await loadSpec({ text });
    const ms = performance.now() - start;
    expect(result.ok && result.value.warnings).toEqual([]);
    expect(result.ok && countOperations(result.value.document.paths)).toBe(20 * copies);
    console.info(`${(text.length / 1e6).toFixed(1)} MB Swagger 2.0 JSON (${20 * copies} operations) loaded in ${ms.toFixed(0)} ms`);
  });

  test('damaged specs never throw: every outcome is a Result', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const junk: unknown[] = [null, 'x', 3, true, [], {}, [null], { $ref: '#/nope' }, { $ref: 'other.yaml' }, { $ref: 5 }];
    const damage = (value: unknown): void => {
      if (!isObject(value) && !Array.isArray(value)) return;
      for (const key of Object.keys(value)) {
        const roll = random();
        const slot = value as Record<string, unknown>; // SAFETY: arrays are indexed by their string keys too
        if (roll < 0.02) slot[key] = structuredClone(junk[Math.floor(random() * junk.length)]);
        else if (roll < 0.03) delete slot[key];
        else damage(slot[key]);
      }
    };
    const outcomes = new Map<string, number>();
    for (const file of ['petstore-v2.json', 'petstore-v3.yaml', 'redocly-museum.yaml']) {
      const parsed = parseSpecText(readFileSync(SPECS + file, 'utf8'));
      if (!parsed.ok) throw new Error(file);
      for (let round = 0; round < 60; round += 1) {
        const doc = structuredClone(parsed.value.value);
        damage(doc);
        const result = await loadSpec({ text: JSON.stringify(doc) }, { readText: async () => 'Pet: {type: object}' });
        const outcome = result.ok ? 'ok' : (result.problem.type.split('/').at(-1) ?? '');
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    console.info('damaged specs:', Object.fromEntries(outcomes));
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(180);
  });
});
