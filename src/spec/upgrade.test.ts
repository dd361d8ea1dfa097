import { describe, expect, test } from 'vitest';
import { WARNING } from './errors';
import { loadSpec } from './load';
import { getByPointer } from './pointer';
import type { LoadedSpec } from './types';

const info = { title: 't', version: '1' };

async function loaded(doc: unknown): Promise<LoadedSpec> {
  const result = await loadSpec({ text: JSON.stringify(doc) });
  if (!result.ok) throw new Error(JSON.stringify(result.problem, null, 2));
  return result.value;
}

/** Loads one schema as `components/schemas/S` of a 3.0 document and returns it converted. */
async function schema30(schema: unknown, more: Record<string, unknown> = {}): Promise<unknown> {
  const { document } = await loaded({ openapi: '3.0.3', info, paths: {}, components: { schemas: { S: schema, ...more } } });
  expect(document.openapi).toBe('3.1.1');
  return getByPointer(document, '/components/schemas/S');
}

describe('OpenAPI 3.0 schemas become JSON Schema 2020-12', () => {
  test('nullable with a type', async () => {
    expect(await schema30({ type: 'string', nullable: true, maxLength: 3 })).toEqual({ type: ['string', 'null'], maxLength: 3 });
    expect(await schema30({ type: 'string', nullable: false })).toEqual({ type: 'string' });
  });

  test('nullable with an enum adds null to the enum', async () => {
    expect(await schema30({ type: 'string', enum: ['a', 'b'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(await schema30({ type: 'string', enum: ['a', null], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(await schema30({ enum: [1, 2], nullable: true })).toEqual({ enum: [1, 2, null] });
  });

  test('nullable beside $ref or allOf becomes anyOf with null; siblings stay', async () => {
    const more = { Pet: { type: 'object' } };
    expect(await schema30({ $ref: '#/components/schemas/Pet', nullable: true, description: 'd' }, more)).toEqual({
      description: 'd',
      anyOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'null' }],
    });
    expect(await schema30({ allOf: [{ $ref: '#/components/schemas/Pet' }], nullable: true }, more)).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'null' }],
    });
    expect(await schema30({ oneOf: [{ $ref: '#/components/schemas/Pet' }], discriminator: { propertyName: 'k' }, nullable: true }, more)).toEqual({
      anyOf: [{ oneOf: [{ $ref: '#/components/schemas/Pet' }], discriminator: { propertyName: 'k' } }, { type: 'null' }],
    });
  });

  test('nullable beside both type and allOf lets null past the allOf', async () => {
    const more = { Base: { type: 'object' }, Extra: { type: 'object' } };
    const allOf = [{ $ref: '#/components/schemas/Base' }, { $ref: '#/components/schemas/Extra' }];
    expect(await schema30({ type: 'object', allOf, nullable: true }, more)).toEqual({ type: ['object', 'null'], anyOf: [{ allOf }, { type: 'null' }] });
  });

  test('a union arm that says only `nullable: true` means null', async () => {
    expect(await schema30({ oneOf: [{ nullable: true }, { type: 'integer' }] })).toEqual({ oneOf: [{ type: 'null' }, { type: 'integer' }] });
    expect(await schema30({ nullable: true, description: 'anything' })).toEqual({ description: 'anything' });
  });

  test('boolean exclusiveMinimum / exclusiveMaximum become numbers', async () => {
    expect(await schema30({ type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false })).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 10,
    });
  });

  test('discriminator, readOnly, writeOnly, example and format are kept', async () => {
    const kept = { type: 'string', format: 'uuid', readOnly: true, writeOnly: false, example: 'abc', 'x-custom': { nullable: true } };
    expect(await schema30(kept)).toEqual(kept);
    const binary = { type: 'string', format: 'binary' };
    expect(await schema30(binary)).toEqual(binary);
  });

  test('draft-3 and draft-4 leftovers are repaired, with a warning where it changes meaning', async () => {
    const { document, warnings } = await loaded({
      openapi: '3.0.3',
      info,
      paths: {},
      components: { schemas: { S: { type: 'object', properties: { a: { type: 'String', required: true }, t: { items: [{ type: 'integer' }], additionalItems: false } } } } },
    });
    expect(getByPointer(document, '/components/schemas/S')).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, t: { prefixItems: [{ type: 'integer' }], items: false } },
      required: ['a'],
    });
    expect(warnings.map((w) => [w.code, w.location])).toEqual([
      [WARNING.schemaRepaired, '/components/schemas/S/properties/a/type'],
      [WARNING.schemaRepaired, '/components/schemas/S/properties/a/required'],
    ]);
  });

  test('x-webhooks becomes webhooks', async () => {
    const hook = { post: { responses: { 200: { description: 'ok' } } } };
    const { document } = await loaded({ openapi: '3.0.3', info, paths: {}, 'x-webhooks': { newPet: hook } });
    expect(document.webhooks).toEqual({ newPet: hook });
    expect(document).not.toHaveProperty('x-webhooks');
  });

  test('example values are data: nullable inside them is left alone', async () => {
    const example = { type: 'string', nullable: true };
    expect(await schema30({ type: 'object', example, default: example, enum: [example] })).toEqual({ type: 'object', example, default: example, enum: [example] });
  });
});

describe('OpenAPI 3.1 and 3.2 documents', () => {
  test('3.1 is kept as it is, with its version', async () => {
    const doc = { openapi: '3.1.0', info, paths: {}, components: { schemas: { S: { type: ['string', 'null'], examples: ['a'] } } } };
    const { document, sourceVersion } = await loaded(doc);
    expect(sourceVersion).toBe('3.1.0');
    expect(document).toEqual(doc);
  });

  test('3.1 documents that still say nullable are repaired too', async () => {
    const { document } = await loaded({ openapi: '3.1.0', info, paths: {}, components: { schemas: { S: { type: 'integer', nullable: true } } } });
    expect(getByPointer(document, '/components/schemas/S')).toEqual({ type: ['integer', 'null'] });
  });

  test('3.2 is read as 3.1 with a warning', async () => {
    const { document, warnings, sourceVersion } = await loaded({ openapi: '3.2.0', info, paths: {} });
    expect(sourceVersion).toBe('3.2.0');
    expect(document.openapi).toBe('3.1.1');
    expect(warnings.map((w) => w.code)).toEqual([WARNING.newerVersion]);
  });
});

describe('Swagger 2.0', () => {
  const swagger = (paths: object, more: object = {}) => ({ swagger: '2.0', info, paths, ...more });

  test('formData with a file upload becomes a multipart body with a binary string', async () => {
    const { document } = await loaded(
      swagger({
        '/pets/{id}/photo': {
          post: {
            consumes: ['multipart/form-data'],
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'integer' },
              { name: 'note', in: 'formData', type: 'string' },
              { name: 'file', in: 'formData', required: true, type: 'file' },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
      }),
    );
    const post = getByPointer(document, '/paths/~1pets~1{id}~1photo/post');
    expect(post).toMatchObject({
      parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' } }],
      requestBody: {
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { note: { type: 'string' }, file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
        },
      },
    });
  });

  test('form-urlencoded bodies, and body parameters given by $ref', async () => {
    const { document } = await loaded(
      swagger(
        {
          '/login': {
            post: {
              consumes: ['application/x-www-form-urlencoded'],
              parameters: [{ name: 'user', in: 'formData', type: 'string', required: true }],
              responses: { 204: { description: 'in' } },
            },
          },
          '/pets': { post: { parameters: [{ $ref: '#/parameters/PetBody' }], responses: { 201: { description: 'made' } } } },
        },
        {
          parameters: { PetBody: { name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } } },
          definitions: { Pet: { type: 'object' } },
        },
      ),
    );
    expect(getByPointer(document, '/paths/~1login/post/requestBody/content')).toEqual({
      'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] } },
    });
    expect(getByPointer(document, '/paths/~1pets/post')).toMatchObject({
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
    });
    expect(getByPointer(document, '/paths/~1pets/post/parameters')).toBeUndefined();
  });

  test('x-nullable, boolean exclusive bounds and a string discriminator are converted', async () => {
    const { document } = await loaded(
      swagger(
        {},
        {
          definitions: {
            Pet: {
              type: 'object',
              discriminator: 'kind',
              properties: {
                kind: { type: 'string', enum: ['dog', 'cat'], 'x-nullable': true },
                age: { type: 'integer', minimum: 0, exclusiveMinimum: true },
                tags: { type: 'array', items: { type: 'string', 'x-nullable': true } },
                owner: { $ref: '#/definitions/Owner', 'x-nullable': true },
              },
            },
            Owner: { type: 'object' },
          },
        },
      ),
    );
    expect(getByPointer(document, '/components/schemas/Pet')).toEqual({
      type: 'object',
      discriminator: { propertyName: 'kind' },
      required: ['kind'],
      properties: {
        kind: { type: ['string', 'null'], enum: ['dog', 'cat', null] },
        age: { type: 'integer', exclusiveMinimum: 0 },
        tags: { type: 'array', items: { type: ['string', 'null'] } },
        owner: { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
      },
    });
  });

  test('path item extensions survive, data with $ref is not rewritten, path-level parameters reach operations', async () => {
    const example = { $ref: '#/definitions/Pet' };
    const { document } = await loaded(
      swagger(
        {
          '/pets/{id}': {
            'x-owner': 'team-a',
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            get: { responses: { 200: { description: 'ok', schema: { $ref: '#/definitions/Pet' }, examples: { 'application/json': example } } } },
          },
        },
        { definitions: { Pet: { type: 'object', example } } },
      ),
    );
    const item = getByPointer(document, '/paths/~1pets~1{id}');
    expect(item).toMatchObject({ 'x-owner': 'team-a', parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }] });
    expect(getByPointer(document, '/paths/~1pets~1{id}/get/responses/200/content/application~1json/example')).toEqual(example);
    expect(getByPointer(document, '/components/schemas/Pet/example')).toEqual(example);
  });

  test('host, basePath and schemes become servers', async () => {
    const { document, sourceVersion } = await loaded(swagger({}, { host: 'api.example.com', basePath: '/v1', schemes: ['https'] }));
    expect(sourceVersion).toBe('2.0');
    expect(document.servers).toEqual([{ url: 'https://api.example.com/v1' }]);
  });
});
