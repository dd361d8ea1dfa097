import { describe, expect, test } from 'vitest';
import type { Problem } from '../problem/index';
import { DANGLING_REF } from './errors';
import { loadSpec } from './load';
import { getByPointer } from './pointer';
import { derefNode } from './refs';
import type { LoadedSpec } from './types';

const info = { title: 't', version: '1' };
const spec31 = (extra: object) => ({ openapi: '3.1.0', info, paths: {}, ...extra });

async function loaded(doc: unknown): Promise<LoadedSpec> {
  const result = await loadSpec({ text: JSON.stringify(doc) });
  if (!result.ok) throw new Error(JSON.stringify(result.problem, null, 2));
  return result.value;
}

async function failed(doc: unknown): Promise<Problem> {
  const result = await loadSpec({ text: JSON.stringify(doc) });
  if (result.ok) throw new Error('expected the load to fail');
  return result.problem;
}

const ok200 = { 200: { description: 'ok' } };

describe('derefNode', () => {
  const doc = {
    components: {
      parameters: { a: { $ref: '#/components/parameters/b' }, b: { name: 'limit', in: 'query' } },
      schemas: { Self: { $ref: '#/components/schemas/Self' }, X: { $ref: '#/components/schemas/Y' }, Y: { $ref: '#/components/schemas/X' } },
    },
    paths: { '/pets': { get: { responses: { 200: { description: 'pets' } } } } },
  };

  test('follows a chain to its end and reports where it ended', () => {
    expect(derefNode(doc, { $ref: '#/components/parameters/a' })).toEqual({ value: { name: 'limit', in: 'query' }, pointer: '/components/parameters/b' });
  });

  test('returns a non-reference as it is', () => {
    const node = { name: 'x', in: 'query' };
    expect(derefNode(doc, node)).toEqual({ value: node });
  });

  test('follows pointers into paths', () => {
    expect(derefNode(doc, { $ref: '#/paths/~1pets/get/responses/200' })).toEqual({ value: { description: 'pets' }, pointer: '/paths/~1pets/get/responses/200' });
  });

  test('stops on cycles, dangling and external references', () => {
    expect(derefNode(doc, { $ref: '#/components/schemas/Self' }).value).toBeUndefined();
    expect(derefNode(doc, { $ref: '#/components/schemas/X' }).value).toBeUndefined();
    expect(derefNode(doc, { $ref: '#/components/schemas/Nope' })).toEqual({ value: undefined, pointer: '/components/schemas/Nope' });
    expect(derefNode(doc, { $ref: 'other.yaml#/Pet' }).value).toBeUndefined();
  });
});

describe('dangling references', () => {
  test('are fatal, every one listed with the pointer of its $ref', async () => {
    const problem = await failed(
      spec31({
        paths: {
          '/pets': {
            get: {
              parameters: [{ $ref: '#/components/parameters/missing' }],
              responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pett' } } } } },
            },
          },
        },
        components: { schemas: { Pet: { type: 'object', properties: { owner: { $ref: '#/components/schemas/Owner' } } } } },
      }),
    );
    expect(problem.type).toBe(DANGLING_REF.type);
    expect(problem.errors?.map((e) => e.location)).toEqual([
      '/paths/~1pets/get/parameters/0/$ref',
      '/paths/~1pets/get/responses/200/content/application~1json/schema/$ref',
      '/components/schemas/Pet/properties/owner/$ref',
    ]);
    expect(problem.errors?.[1].message).toContain('"#/components/schemas" has no "Pett"');
  });

  test('a bare anchor is not followed and is reported', async () => {
    const problem = await failed(spec31({ components: { schemas: { A: { $ref: '#anchor' } } } }));
    expect(problem.errors?.[0]).toMatchObject({ location: '/components/schemas/A/$ref', message: expect.stringContaining('not a JSON pointer') });
  });
});

describe('references that are data', () => {
  test('inside example, examples/*/value, default, enum, const and x- extensions are never checked or changed', async () => {
    const data = { $ref: '#/nowhere' };
    const doc = spec31({
      'x-root': data,
      paths: {
        '/pets': {
          'x-path-ext': data,
          get: {
            'x-op': data,
            responses: {
              200: {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { type: 'object', default: data, enum: [data], const: data, example: data, examples: [data], 'x-s': data },
                    example: data,
                    examples: { one: { value: data } },
                  },
                },
              },
            },
          },
        },
      },
    });
    const { document } = await loaded(doc);
    const media = getByPointer(document, '/paths/~1pets/get/responses/200/content/application~1json');
    expect(media).toEqual(getByPointer(doc, '/paths/~1pets/get/responses/200/content/application~1json'));
    expect(getByPointer(document, '/x-root')).toEqual(data);
  });

  test('a property named $ref is a schema, not a reference', async () => {
    const schema = { type: 'object', properties: { $ref: { type: 'string' }, $id: { type: 'integer' } }, required: ['$ref'] };
    const { document } = await loaded(spec31({ components: { schemas: { Link: schema } } }));
    expect(getByPointer(document, '/components/schemas/Link')).toEqual(schema);
  });

  test('a property named $ref holding a dangling reference is still checked', async () => {
    const problem = await failed(spec31({ components: { schemas: { Link: { properties: { $ref: { $ref: '#/components/schemas/Gone' } } } } } }));
    expect(problem.errors?.[0].location).toBe('/components/schemas/Link/properties/$ref/$ref');
  });
});

describe('references that resolve', () => {
  test('$ref with sibling keywords keeps the siblings', async () => {
    const schema = { $ref: '#/components/schemas/Base', description: 'More specific', maxLength: 3, examples: ['ab'] };
    const { document } = await loaded(spec31({ components: { schemas: { Base: { type: 'string' }, Short: schema } } }));
    expect(getByPointer(document, '/components/schemas/Short')).toEqual(schema);
  });

  test('pointers into paths, and percent-encoded segments', async () => {
    const doc = spec31({
      paths: {
        '/pets/{id}': {
          get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok200 },
          put: {
            parameters: [{ $ref: '#/paths/~1pets~1%7Bid%7D/get/parameters/0' }],
            responses: { 200: { $ref: '#/paths/~1pets~1{id}/get/responses/200' } },
          },
        },
      },
    });
    const { document, warnings } = await loaded(doc);
    expect(warnings).toEqual([]);
    const put = getByPointer(document, '/paths/~1pets~1{id}/put');
    expect(put).toEqual(getByPointer(doc, '/paths/~1pets~1{id}/put'));
  });

  test('circular schemas load: A → B → A, and a self-recursive Tree', async () => {
    const { document } = await loaded(
      spec31({
        components: {
          schemas: {
            A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
            B: { type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } },
            Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
          },
        },
      }),
    );
    expect(derefNode(document, { $ref: '#/components/schemas/Tree' }).pointer).toBe('/components/schemas/Tree');
  });

  test('a 5,000-long reference chain and a 1,000-long ring load without overflow', async () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i += 1) schemas[`S${i}`] = { $ref: `#/components/schemas/S${i + 1}` };
    schemas.S5000 = { type: 'string' };
    for (let i = 0; i < 1000; i += 1) schemas[`R${i}`] = { $ref: `#/components/schemas/R${(i + 1) % 1000}` };
    const { document } = await loaded(spec31({ components: { schemas } }));
    expect(derefNode(document, { $ref: '#/components/schemas/S0' })).toEqual({ value: { type: 'string' }, pointer: '/components/schemas/S5000' });
    expect(derefNode(document, { $ref: '#/components/schemas/R0' }).value).toBeUndefined();
  });

  test('a schema nested 100 levels deep loads (3.0, so every level is also repaired); 5,000 levels is a depth problem', async () => {
    // Built as text: JSON.stringify itself recurses and would overflow first.
    const text = (levels: number) => {
      const open = '{"type":"object","properties":{"next":'.repeat(levels);
      const deep = `${open}{"type":"string","nullable":true}${'}}'.repeat(levels)}`;
      return `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"Deep":${deep}}}}`;
    };
    const result = await loadSpec({ text: text(100) });
    if (!result.ok) throw new Error(result.problem.detail);
    const leaf = getByPointer(result.value.document, `/components/schemas/Deep${'/properties/next'.repeat(100)}`);
    expect(leaf).toEqual({ type: ['string', 'null'] });
    // Deeper than MAX_SPEC_DEPTH (decision 0014's sibling: bounded depth for every stage that walks a spec).
    const deep = await loadSpec({ text: text(5000) });
    expect(!deep.ok && deep.problem.detail).toContain('levels deep');
  });

  test('a chain of parameter references that ends nowhere is reported once, where it breaks', async () => {
    const problem = await failed(
      spec31({
        paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/p1' }], responses: ok200 } } },
        components: { parameters: { p1: { $ref: '#/components/parameters/p2' } } },
      }),
    );
    expect(problem.errors?.map((e) => e.location)).toEqual(['/components/parameters/p1/$ref']);
  });
});
