import { describe, expect, test } from 'vitest';
import type { Problem } from '../problem/index';
import { DANGLING_REF, EXTERNAL_REF_UNREADABLE } from './errors';
import { loadSpec } from './load';
import { getByPointer } from './pointer';
import { checkRefs } from './refs';
import type { LoadedSpec, LoadOptions } from './types';

/** An in-memory file system for `readText`, recording what was read. */
function files(map: Record<string, string>): LoadOptions & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText: async (location) => {
      reads.push(location);
      const text = map[location];
      if (text === undefined) throw new Error(`ENOENT: no such file ${location}`);
      return text;
    },
  };
}

async function load(text: string, location: string | undefined, options: LoadOptions) {
  return loadSpec(location === undefined ? { text } : { text, location }, options);
}

async function bundled(text: string, location: string, map: Record<string, string>): Promise<LoadedSpec> {
  const result = await load(text, location, files(map));
  if (!result.ok) throw new Error(JSON.stringify(result.problem, null, 2));
  expect(checkRefs(result.value.document).dangling).toEqual([]);
  return result.value;
}

async function failed(text: string, location: string | undefined, options: LoadOptions): Promise<Problem> {
  const result = await load(text, location, options);
  if (result.ok) throw new Error('expected the load to fail');
  return result.problem;
}

const root = (body: string) => `openapi: 3.0.3\ninfo: {title: t, version: "1"}\n${body}`;
const petsPath = (ref: string) => `paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '${ref}'}
`;

describe('external references', () => {
  test('a fragment of another file is copied into components/schemas and the $ref rewritten', async () => {
    const spec = await bundled(root(petsPath('other.yaml#/Pet')), '/specs/api.yaml', {
      '/specs/other.yaml': 'Pet:\n  type: object\n  properties:\n    name: {type: string}\n',
    });
    const schema = '/paths/~1pets/get/responses/200/content/application~1json/schema';
    expect(getByPointer(spec.document, schema)).toEqual({ $ref: '#/components/schemas/Pet' });
    expect(getByPointer(spec.document, '/components/schemas/Pet')).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
  });

  test('a whole file, in a sub-folder, whose own refs are relative to it', async () => {
    const spec = await bundled(root(petsPath('./schemas/pet.json')), '/specs/api.yaml', {
      '/specs/schemas/pet.json': '{"type": "object", "properties": {"owner": {"$ref": "../common/owner.yaml"}, "tag": {"$ref": "#/$defs/Tag"}}, "$defs": {"Tag": {"type": "string"}}}',
      '/specs/common/owner.yaml': 'type: object\nproperties:\n  id: {type: integer}\n',
    });
    const pet = getByPointer(spec.document, '/components/schemas/pet');
    expect(pet).toMatchObject({ properties: { owner: { $ref: '#/components/schemas/owner' }, tag: { $ref: '#/components/schemas/Tag' } } });
    expect(getByPointer(spec.document, '/components/schemas/owner')).toEqual({ type: 'object', properties: { id: { type: 'integer' } } });
    expect(getByPointer(spec.document, '/components/schemas/Tag')).toEqual({ type: 'string' });
  });

  test('cycles between files end, and each target is copied once', async () => {
    const options = files({
      '/s/a.yaml': 'A:\n  properties:\n    b: {$ref: "b.yaml#/B"}\n    again: {$ref: "b.yaml#/B"}\n',
      '/s/b.yaml': 'B:\n  properties:\n    a: {$ref: "a.yaml#/A"}\n',
    });
    const result = await load(root(petsPath('a.yaml#/A')), '/s/api.yaml', options);
    if (!result.ok) throw new Error(result.problem.detail);
    const schemas = getByPointer(result.value.document, '/components/schemas');
    expect(schemas).toEqual({
      A: { properties: { b: { $ref: '#/components/schemas/B' }, again: { $ref: '#/components/schemas/B' } } },
      B: { properties: { a: { $ref: '#/components/schemas/A' } } },
    });
    expect(options.reads.sort()).toEqual(['/s/a.yaml', '/s/b.yaml']);
  });

  test('a name already taken gets a suffix; a reference back to the root document stays internal', async () => {
    const text = root(`${petsPath('other.yaml#/Pet')}components:\n  schemas:\n    Pet: {type: string}\n    Owner: {type: object}\n`);
    const spec = await bundled(text, '/s/api.yaml', { '/s/other.yaml': 'Pet:\n  properties:\n    owner: {$ref: "api.yaml#/components/schemas/Owner"}\n' });
    expect(getByPointer(spec.document, '/components/schemas/Pet')).toEqual({ type: 'string' });
    expect(getByPointer(spec.document, '/components/schemas/Pet_2')).toEqual({ properties: { owner: { $ref: '#/components/schemas/Owner' } } });
  });

  test('parameters, responses and path items go to their own components', async () => {
    const text = root(`paths:
  /pets: {$ref: 'paths.yaml#/pets'}
`);
    const spec = await bundled(text, '/s/api.yaml', {
      '/s/paths.yaml': `pets:
  get:
    parameters: [{$ref: 'common.yaml#/parameters/limit'}]
    responses:
      '200': {$ref: 'common.yaml#/responses/Ok'}
`,
      '/s/common.yaml': 'parameters:\n  limit: {name: limit, in: query, schema: {type: integer}}\nresponses:\n  Ok: {description: fine}\n',
    });
    expect(getByPointer(spec.document, '/paths/~1pets')).toEqual({ $ref: '#/components/pathItems/pets' });
    expect(getByPointer(spec.document, '/components/pathItems/pets/get/parameters/0')).toEqual({ $ref: '#/components/parameters/limit' });
    expect(getByPointer(spec.document, '/components/responses/Ok')).toEqual({ description: 'fine' });
  });

  test('URLs resolve against the URL of the document', async () => {
    const spec = await bundled(root(petsPath('models/pet.yaml')), 'https://example.com/api/openapi.yaml', {
      'https://example.com/api/models/pet.yaml': 'type: object\n',
    });
    expect(getByPointer(spec.document, '/components/schemas/pet')).toEqual({ type: 'object' });
  });

  test('discriminator mappings that name other files are bundled too', async () => {
    const text = root(`${petsPath('#/components/schemas/Pet')}components:
  schemas:
    Pet:
      oneOf: [{$ref: 'dog.yaml'}]
      discriminator: {propertyName: kind, mapping: {dog: 'dog.yaml', cat: Cat}}
    Cat: {type: object}
`);
    const spec = await bundled(text, '/s/api.yaml', { '/s/dog.yaml': 'type: object\n' });
    expect(getByPointer(spec.document, '/components/schemas/Pet/discriminator/mapping')).toEqual({ dog: '#/components/schemas/dog', cat: 'Cat' });
  });

  test('Swagger 2.0: definitions, parameters and path items from other files', async () => {
    const text = `swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets: {$ref: 'pets-path.yaml'}
`;
    const spec = await bundled(text, '/s/api.yaml', {
      '/s/pets-path.yaml': `get:
  parameters: [{$ref: 'defs.yaml#/limit'}]
  responses:
    '200': {description: ok, schema: {$ref: 'defs.yaml#/Pet'}}
`,
      '/s/defs.yaml': 'limit: {name: limit, in: query, type: integer}\nPet: {type: object, x-nullable: true}\n',
    });
    const get = getByPointer(spec.document, '/paths/~1pets/get');
    expect(get).toMatchObject({
      parameters: [{ $ref: '#/components/parameters/limit' }],
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
    });
    expect(getByPointer(spec.document, '/components/schemas/Pet')).toEqual({ type: ['object', 'null'] });
    expect(getByPointer(spec.document, '/components/parameters/limit')).toMatchObject({ name: 'limit', in: 'query', schema: { type: 'integer' } });
  });
});

test('Swagger 2.0: a path item copied in place keeps its own fields, read against its own document', async () => {
  const text = `swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    $ref: 'sub/pets.yaml'
    post:
      responses:
        '201': {description: made, schema: {$ref: 'sub/defs.yaml#/Pet'}}
`;
  const spec = await bundled(text, '/s/api.yaml', {
    '/s/sub/pets.yaml': "get:\n  responses:\n    '200': {description: ok, schema: {$ref: 'defs.yaml#/Pet'}}\n",
    '/s/sub/defs.yaml': 'Pet: {type: object}\n',
  });
  const pet = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } };
  expect(getByPointer(spec.document, '/paths/~1pets')).toMatchObject({ get: { responses: { 200: pet } }, post: { responses: { 201: pet } } });
  expect(Object.keys(getByPointer(spec.document, '/components/schemas') as object)).toEqual(['Pet']);
});

describe('external references that fail', () => {
  test('files that cannot be read: every referencing $ref is listed', async () => {
    const text = root(`paths:
  /a:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'missing.yaml#/A'}}}}
        '404': {description: no, content: {application/json: {schema: {$ref: 'missing.yaml#/B'}}}}
`);
    const problem = await failed(text, '/s/api.yaml', files({}));
    expect(problem.type).toBe(EXTERNAL_REF_UNREADABLE.type);
    expect(problem.errors?.map((e) => e.location)).toEqual([
      '/paths/~1a/get/responses/200/content/application~1json/schema/$ref',
      '/paths/~1a/get/responses/404/content/application~1json/schema/$ref',
    ]);
    expect(problem.errors?.[0].message).toContain('ENOENT');
  });

  test('without a reader, an external reference is an error', async () => {
    const problem = await failed(root(petsPath('other.yaml#/Pet')), '/s/api.yaml', {});
    expect(problem.type).toBe(EXTERNAL_REF_UNREADABLE.type);
    expect(problem.errors?.[0].message).toContain('no reader');
  });

  test('a referenced file with a syntax error reports its line and column', async () => {
    const problem = await failed(root(petsPath('bad.json#/Pet')), '/s/api.yaml', files({ '/s/bad.json': '{\n  "Pet": {,}\n}' }));
    expect(problem.type).toBe(EXTERNAL_REF_UNREADABLE.type);
    expect(problem.errors?.[0]).toMatchObject({ line: 2, column: 11 });
    expect(problem.errors?.[0].message).toContain('/s/bad.json');
  });

  test('a fragment that is not in the other file is a dangling reference', async () => {
    const problem = await failed(root(petsPath('other.yaml#/Nope')), '/s/api.yaml', files({ '/s/other.yaml': 'Pet: {}\n' }));
    expect(problem.type).toBe(DANGLING_REF.type);
    expect(problem.errors?.[0].location).toBe('/paths/~1pets/get/responses/200/content/application~1json/schema/$ref');
  });

  test('a dangling reference inside a referenced file is reported once, naming that file', async () => {
    const problem = await failed(root(petsPath('other.yaml#/Pet')), '/s/api.yaml', files({ '/s/other.yaml': 'Pet:\n  properties:\n    tag: {$ref: "#/Tag"}\n' }));
    expect(problem.type).toBe(DANGLING_REF.type);
    expect(problem.errors).toEqual([
      { location: '/components/schemas/Pet/properties/tag/$ref', message: '$ref "#/Tag" points to nothing in /s/other.yaml', code: 'dangling-ref' },
    ]);
  });

  test('problems of several kinds are all reported', async () => {
    const text = root(`paths:
  pets:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'missing.yaml'}}}}
        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}
`);
    const problem = await failed(text, '/s/api.yaml', files({}));
    expect(problem.type).toBe(EXTERNAL_REF_UNREADABLE.type);
    // SAFETY: `related` is the loader's extension member holding the other problems.
    const related = problem.related as Problem[];
    expect(related.map((p) => p.type.split('/').at(-1))).toEqual(['invalid-path-template', 'dangling-ref']);
  });
});
