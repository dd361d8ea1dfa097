/**
 * Compile warnings for schemas the mock cannot serve faithfully: no bounded valid value (required
 * properties that recurse, `$ref` fan-out, a huge `minItems`) and contradictions (minimum above
 * maximum, `multipleOf: 0`, …). Each names the schema and where it is.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../spec';
import { synthesize } from '../synth';
import { compileValidator } from '../json-schema';
import { compilePlan } from './compile';
import type { MockPlan } from './types';

async function plan(doc: unknown): Promise<MockPlan> {
  const loaded = await loadSpec({ text: JSON.stringify(doc) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  return compilePlan(loaded.value);
}

const json = (schema: unknown) => ({ description: 'ok', content: { 'application/json': { schema } } });

const fanOut = Object.fromEntries([
  ...Array.from({ length: 25 }, (_, i) => [`Tier${i}`, { type: 'object', required: ['a', 'b'], properties: { a: { $ref: `#/components/schemas/Tier${i + 1}` }, b: { $ref: `#/components/schemas/Tier${i + 1}` } } }]),
  ['Tier25', { type: 'integer' }],
]);

describe('compile warnings for schemas with no bounded valid value', () => {
  it('names the definition and the required chain that never ends, once, where a response first uses it', async () => {
    const p = await plan({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/org': { get: { responses: { '200': json({ $ref: '#/components/schemas/Org' }) } } },
        '/orgs': { get: { responses: { '200': json({ type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Org' } }) } } },
        '/team': { get: { responses: { '200': json({ $ref: '#/components/schemas/Team' }) } } },
        '/tiers': { get: { responses: { '200': json({ $ref: '#/components/schemas/Tier0' }) } } },
        '/grid': { get: { responses: { '200': json({ type: 'array', minItems: 5000, items: { type: 'array', minItems: 5000, items: { type: 'integer' } } }) } } },
      },
      components: {
        schemas: {
          Org: { type: 'object', required: ['name', 'owner'], properties: { name: { type: 'string' }, owner: { $ref: '#/components/schemas/Member' } } },
          Member: { type: 'object', required: ['org'], properties: { org: { $ref: '#/components/schemas/Org' } } },
          // Recursion through an optional or nullable property is fine: no warning.
          Team: { type: 'object', required: ['lead'], properties: { lead: { $ref: '#/components/schemas/Team', nullable: true }, parent: { $ref: '#/components/schemas/Team' } } },
          ...fanOut,
        },
      },
    });
    const unbounded = p.warnings.filter((w) => w.code === 'unbounded-schema');
    expect(unbounded).toHaveLength(3);
    const [org, tiers, grid] = unbounded;
    expect(org.location).toBe('/paths/~1org/get/responses/200/content/application~1json');
    expect(org.message).toContain('Schema Org has no finite valid value');
    expect(org.message).toContain('Org.owner → Member.org → Org');
    expect(org.message).toContain('2 responses use it');
    expect(tiers.message).toContain('Schema Tier0 has no valid value within the synthesis budget');
    expect(grid.location).toBe('/paths/~1grid/get/responses/200/content/application~1json');
    expect(grid.message).toContain('This response schema has no valid value within the synthesis budget');
  });

  it('stays quiet for the recursive shapes real APIs use', async () => {
    const p = await plan({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/tree': { get: { responses: { '200': json({ $ref: '#/components/schemas/Tree' }) } } } },
      components: {
        schemas: {
          Tree: {
            type: 'object',
            required: ['value', 'children', 'parent'],
            properties: {
              value: { type: 'integer' },
              children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
              parent: { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/Tree' }] },
            },
          },
        },
      },
    });
    expect(p.warnings).toEqual([]);
  });
});

describe('compile warnings for contradictory schemas', () => {
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/quota': {
        get: {
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 100, maximum: 10 } }],
          responses: { '200': json({ $ref: '#/components/schemas/Quota' }) },
        },
      },
    },
    components: {
      schemas: {
        Quota: {
          type: 'object',
          required: ['used', 'step'],
          properties: {
            used: { type: 'integer', nullable: true, minimum: 10, maximum: 1 },
            step: { type: 'number', multipleOf: 0 },
            code: { type: 'string', minLength: 8, maxLength: 4 },
            slots: { type: 'array', minItems: 3, maxItems: 1, items: { type: 'string' } },
            kind: { type: 'string', enum: [] },
          },
        },
      },
    },
  };

  it('warns at each contradiction, and drops a multipleOf that is not JSON Schema', async () => {
    const p = await plan(doc);
    const impossible = p.warnings.filter((w) => w.code === 'impossible-schema');
    const at = (location: string) => impossible.find((w) => w.location === location)?.message ?? '';
    expect(at('/components/schemas/Quota/properties/used')).toContain('minimum 10 is above maximum 1');
    expect(at('/components/schemas/Quota/properties/step')).toContain('multipleOf 0 is not above 0 and is ignored');
    expect(at('/components/schemas/Quota/properties/code')).toContain('minLength 8 is above maxLength 4');
    expect(at('/components/schemas/Quota/properties/slots')).toContain('minItems 3 is above maxItems 1');
    expect(at('/components/schemas/Quota/properties/kind')).toContain('enum is empty');
    expect(at('/paths/~1quota/get/parameters/limit')).toContain('minimum 100 is above maximum 10');
    expect(JSON.stringify(p.schemas)).not.toContain('multipleOf');
  });

  it('serves bodies that still validate: impossible optional properties left out, null where allowed', async () => {
    const p = await plan(doc);
    const schema = p.operations[0].responses[0].contents[0].schema!;
    const validate = compileValidator(schema, p.schemas, 'body');
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const value = synthesize(schema, { seed, mode, defs: p.schemas });
        expect(validate(value)).toEqual([]);
        expect(Object.keys(Object(value)).sort()).toEqual(['step', 'used']);
      }
    }
  });
});
