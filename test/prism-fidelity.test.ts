/**
 * Where a client used to Prism would notice a difference, served by the real mock worker on
 * workerd from specs written for the purpose: parameter violations are 422, a named example
 * applies to the error answer of an invalid request, a concrete 2xx beats its range, XML string
 * examples are sent verbatim, CORS headers only answer an Origin, and Swagger 2.0's open media types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../src/spec';
import { compilePlan, type MockPlan } from '../src/plan';
import { startTestStack, type TestStack } from './helpers/stack';

async function planOf(doc: unknown): Promise<MockPlan> {
  const loaded = await loadSpec({ text: JSON.stringify(doc) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  return compilePlan(loaded.value);
}

const problem = { type: 'object', required: ['code'], properties: { code: { type: 'string' } } };

const openapi = {
  openapi: '3.0.3',
  info: { title: 'kennel', version: '1' },
  paths: {
    '/kennels': {
      get: {
        operationId: 'listKennels',
        parameters: [{ name: 'size', in: 'query', schema: { type: 'integer', maximum: 50 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } }, example: ['north'] } } } },
      },
      post: {
        operationId: 'createKennel',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: {
          '2XX': { description: 'some success', content: { 'application/json': { example: { via: 'range' } } } },
          '201': { description: 'created', content: { 'application/json': { example: { via: 'exact' } } } },
          '422': {
            description: 'invalid',
            content: { 'application/json': { schema: problem, examples: { missingName: { value: { code: 'missing-name' } }, tooLong: { value: { code: 'too-long' } } } } },
          },
        },
      },
    },
    '/kennels/{id}/plan': {
      get: {
        operationId: 'kennelPlan',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/xml': { schema: { type: 'string' }, example: '<plan id="k1"><room>east</room></plan>' } } } },
      },
    },
    '/settings': {
      get: {
        operationId: 'settings',
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { theme: { type: 'string', default: 'dark' }, pageSize: { type: 'integer', default: 20, minimum: 1 } } },
              },
            },
          },
        },
      },
    },
  },
};

const swagger = {
  swagger: '2.0',
  info: { title: 'legacy', version: '1' },
  paths: {
    '/notes': {
      post: {
        parameters: [{ in: 'body', name: 'note', required: true, schema: { type: 'object', properties: { text: { type: 'string' } } } }],
        responses: { '200': { description: 'ok', schema: { type: 'object', properties: { id: { type: 'integer' } } } } },
      },
    },
    '/avatars': {
      post: {
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [{ in: 'formData', name: 'image', type: 'string', format: 'byte', required: true }],
        responses: { '204': { description: 'stored' } },
      },
    },
    '/motd': {
      get: { produces: ['text/plain'], responses: { '200': { description: 'ok', schema: { type: 'string' }, examples: { '*/*': 'Gates open at nine.' } } } },
    },
  },
};

const json = (example: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { example } } } });
const rpc = {
  openapi: '3.1.0',
  info: { title: 'queue', version: '1' },
  paths: {
    '/#X-Amz-Target=Queue.SendMessage': { post: { operationId: 'SendMessage', responses: json({ MessageId: 'm-1' }) } },
    '/#X-Amz-Target=Queue.ListQueues': { post: { operationId: 'ListQueues', responses: json({ QueueUrls: [] }) } },
    '/items': { get: { operationId: 'listItems', responses: json(['all']) } },
    '/items#name': { get: { operationId: 'findItems', parameters: [{ name: 'name', in: 'query', required: true, schema: { type: 'string' } }], responses: json(['named']) } },
  },
};

let stack: TestStack;
let kennel: string;
let legacy: string;
let queue: string;

beforeAll(async () => {
  stack = await startTestStack([
    { name: 'kennel', plan: await planOf(openapi) },
    { name: 'legacy', plan: await planOf(swagger) },
    { name: 'queue', plan: await planOf(rpc) },
  ]);
  queue = stack.mocks.queue.url;
  kennel = stack.mocks.kennel.url;
  legacy = stack.mocks.legacy.url;
});
afterAll(() => stack?.dispose());

describe('request validation as in Prism', () => {
  it('answers a parameter violation 422 problem+json when the operation declares no 400/422', async () => {
    const res = await fetch(`${kennel}/kennels?size=500`);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { errors: Array<{ location: string }> };
    expect(body.errors[0].location).toBe('query/size');
  });

  it('serves the named example of the declared error response when the request is invalid', async () => {
    const res = await fetch(`${kennel}/kennels`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', prefer: 'example=tooLong' } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ code: 'too-long' });
    const query = await fetch(`${kennel}/kennels?__example=missingName`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(await query.json()).toEqual({ code: 'missing-name' });
  });

  it('answers 404 for an example name the response does not have', async () => {
    const res = await fetch(`${kennel}/kennels`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', prefer: 'example=nope' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { available: string[] }).available).toEqual(['missingName', 'tooLong']);
  });
});

describe('responses as in Prism', () => {
  it('prefers a concrete 201 over the 2XX range', async () => {
    const res = await fetch(`${kennel}/kennels`, { method: 'POST', body: '{"name":"east"}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ via: 'exact' });
  });

  it('sends an XML string example verbatim', async () => {
    const res = await fetch(`${kennel}/kennels/k1/plan`);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toBe('<plan id="k1"><room>east</room></plan>');
  });

  it('keeps optional properties with a default in dynamic mode, with the default', async () => {
    for (const seed of [1, 2, 3]) {
      const res = await fetch(`${kennel}/settings`, { headers: { prefer: `dynamic=true, seed=${seed}` } });
      expect(await res.json()).toEqual({ theme: 'dark', pageSize: 20 });
    }
  });

  it('sends CORS headers only when the request has an Origin', async () => {
    const plain = await fetch(`${kennel}/kennels`);
    expect([...plain.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const cross = await fetch(`${kennel}/kennels`, { headers: { origin: 'https://app.example' } });
    expect(cross.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('Swagger 2.0 media types left open', () => {
  it('accepts a body without Content-Type when the spec names no consumes', async () => {
    const res = await fetch(`${legacy}/notes`, { method: 'POST', body: new TextEncoder().encode('{"text":"hi"}') });
    expect(res.status).toBe(200);
  });

  it('checks format: byte form fields as base64', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await fetch(`${legacy}/avatars`, { method: 'POST', body: 'image=aGVsbG8%3D', headers: form })).status).toBe(204);
    const bad = await fetch(`${legacy}/avatars`, { method: 'POST', body: 'image=not%20base64!', headers: form });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ location: string }> }).errors[0].location).toBe('body/image');
  });

  it('serves an example keyed */* as the text/plain the operation produces', async () => {
    const res = await fetch(`${legacy}/motd`);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('Gates open at nine.');
  });
});

describe('operations told apart by a path key suffix', () => {
  it('routes POST / by the X-Amz-Target header the key names', async () => {
    const send = await fetch(`${queue}/`, { method: 'POST', headers: { 'x-amz-target': 'Queue.SendMessage' } });
    expect(await send.json()).toEqual({ MessageId: 'm-1' });
    const list = await fetch(`${queue}/`, { method: 'POST', headers: { 'x-amz-target': 'Queue.ListQueues' } });
    expect(await list.json()).toEqual({ QueueUrls: [] });
    const unknown = await fetch(`${queue}/`, { method: 'POST', headers: { 'x-amz-target': 'Queue.Purge' } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toContain('header x-amz-target');
  });

  it('routes /items#name by the parameter it requires, and /items otherwise', async () => {
    expect(await (await fetch(`${queue}/items`)).json()).toEqual(['all']);
    expect(await (await fetch(`${queue}/items?name=pen`)).json()).toEqual(['named']);
    expect(stack.mocks.queue.plan.warnings.filter((w) => w.code === 'duplicate-route')).toEqual([]);
  });
});
