import { describe, expect, it } from 'vitest';
import { loadSpec } from '../spec';
import { compilePlan } from './compile';
import { basePathOf } from './base-path';

async function plan(doc: unknown) {
  const loaded = await loadSpec({ text: JSON.stringify(doc) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  return compilePlan(loaded.value);
}

const info = { title: 't', version: '1' };

describe('compilePlan', () => {
  it('gives readOnly/writeOnly properties direction variants, only where needed', async () => {
    const p = await plan({
      openapi: '3.1.0',
      info,
      paths: {
        '/pets': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
            responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
          },
        },
      },
      components: {
        schemas: {
          Pet: { type: 'object', required: ['id', 'name', 'secret'], properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, secret: { type: 'string', writeOnly: true } } },
        },
      },
    });
    const op = p.operations[0];
    expect(op.requestBody!.contents[0].schema).toEqual({ $ref: '#/$defs/Pet@request' });
    expect(op.responses[0].contents[0].schema).toEqual({ $ref: '#/$defs/Pet@response' });
    expect((p.schemas['Pet@request'] as { required: string[] }).required).toEqual(['name', 'secret']);
    expect((p.schemas['Pet@response'] as { required: string[] }).required).toEqual(['id', 'name']);
  });

  it('warns about a pattern it cannot match in linear time, naming the schema', async () => {
    const p = await plan({
      openapi: '3.1.0',
      info,
      paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', schema: { type: 'string', pattern: '^(a+)+$' } }], responses: { '200': { description: 'ok' } } } } },
      components: { schemas: { Twice: { type: 'string', pattern: '^(ab)\\1$' } } },
    });
    expect(p.warnings.filter((w) => w.code === 'unenforced-pattern')).toEqual([
      { location: '/components/schemas/Twice/pattern', code: 'unenforced-pattern', message: expect.stringContaining('backreferences') },
    ]);
  });

  it('names operations without operationId, strips path suffixes, keeps range codes', async () => {
    const p = await plan({
      openapi: '3.0.3',
      info,
      paths: { '/a#v2': { get: { responses: { '2xx': { description: 'ok' }, default: { description: 'err' } } } } },
    });
    expect(p.operations[0]).toMatchObject({ id: 'GET /a', path: '/a' });
    expect(p.operations[0].responses.map((r) => r.status)).toEqual(['2XX', 'default']);
  });

  it('merges path-level and operation-level parameters, the operation winning', async () => {
    const p = await plan({
      openapi: '3.1.0',
      info,
      paths: {
        '/a/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { name: 'q', in: 'query', schema: { type: 'string' } }],
          get: { parameters: [{ name: 'q', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } },
        },
      },
    });
    expect(p.operations[0].parameters.map((x) => [x.name, (x.schema as { type: string }).type, x.style, x.explode])).toEqual([
      ['id', 'string', 'simple', false],
      ['q', 'integer', 'form', true],
    ]);
  });

  it('reads security from the operation or the document, with {} meaning anonymous', async () => {
    const p = await plan({
      openapi: '3.1.0',
      info,
      security: [{ key: [] }],
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } }, post: { security: [{}, { key: [] }], responses: { '200': { description: 'ok' } } } } },
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
    });
    expect(p.operations.map((o) => o.security)).toEqual([[['key']], [[], ['key']]]);
    expect(p.securitySchemes.key).toEqual({ type: 'apiKey', in: 'header', name: 'X-Key' });
  });

  it('marks invalid examples and warns, and versions change with content', async () => {
    const doc = {
      openapi: '3.1.0',
      info,
      paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'integer' }, examples: { good: { value: 1 }, bad: { value: 'x' } } } } } } } } },
    };
    const p = await plan(doc);
    expect(p.operations[0].responses[0].contents[0].examples.map((e) => [e.name, e.valid])).toEqual([
      ['good', true],
      ['bad', false],
    ]);
    expect(p.warnings.map((w) => w.code)).toContain('invalid-example');
    const changed = await plan({ ...doc, info: { ...info, version: '2' } });
    expect(changed.version).not.toBe(p.version);
    expect((await plan(doc)).version).toBe(p.version);
  });
});

describe('basePathOf', () => {
  it('takes the path of the first server, with variables filled in', () => {
    expect(basePathOf([{ url: 'https://api.example.com/v1/' }])).toBe('/v1');
    expect(basePathOf([{ url: '/api' }])).toBe('/api');
    expect(basePathOf([{ url: 'https://{host}/{base}', variables: { host: { default: 'x' }, base: { default: 'v2' } } }])).toBe('/v2');
    expect(basePathOf([{ url: 'https://api.example.com' }])).toBe('');
    expect(basePathOf(undefined)).toBe('');
  });
});

describe('callbacks and webhooks', () => {
  it('compiles OAS callbacks per operation and 3.1 webhooks, with request bodies and examples', async () => {
    const event = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    const p = await plan({
      openapi: '3.1.0',
      info,
      paths: {
        '/subscriptions': {
          post: {
            responses: { '201': { description: 'ok' } },
            callbacks: {
              onEvent: {
                '{$request.body#/callbackUrl}?id={$response.body#/id}': {
                  post: { requestBody: { content: { 'application/json': { schema: event, example: { id: 'e1' } } } }, responses: { '200': { description: 'ok' } } },
                },
              },
            },
          },
        },
      },
      webhooks: { newPet: { post: { summary: 'A pet was added', requestBody: { content: { 'application/json': { schema: event } } }, responses: { '200': { description: 'ok' } } } } },
    });
    const callbacks = p.operations[0].callbacks!;
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatchObject({ name: 'onEvent', expression: '{$request.body#/callbackUrl}?id={$response.body#/id}', method: 'post' });
    expect(callbacks[0].requestBody!.contents[0].examples[0]).toMatchObject({ value: { id: 'e1' }, valid: true });
    expect(p.webhooks).toEqual([expect.objectContaining({ name: 'newPet', method: 'post', summary: 'A pet was added' })]);
    expect(p.webhooks![0].requestBody!.contents[0].schema).toBeDefined();
  });
});
