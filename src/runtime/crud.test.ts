import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, type MockPlan } from '../plan';
import type { RuleSet } from './steering';
import { loadSpec } from '../spec';
import { mergePatch } from '../json/merge-patch';
import { createMemoryRecordStore, type RecordStore } from './records';
import { findResources } from './resources';
import { createRuntime } from './runtime';

const ROOT = join(import.meta.dirname, '..', '..');
const SHARED = join(ROOT, '..', 'shared', 'specs');

async function planOf(file: string): Promise<MockPlan> {
  const loaded = await loadSpec({ text: readFileSync(file, 'utf8'), location: file });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  return compilePlan(loaded.value);
}

const RULES: RuleSet = { scope: '', stateful: true, scenario: null, rule: () => undefined };
const settings = { validateRequests: true, enforceSecurity: false };

function client(plan: MockPlan, store: RecordStore) {
  const runtime = createRuntime(plan);
  return async (method: string, path: string, body?: unknown, query = '') => {
    const res = await runtime.handle(
      { method, path: plan.basePath + path, query, headers: new Headers(body === undefined ? {} : { 'content-type': 'application/json' }), body: body === undefined ? null : new TextEncoder().encode(JSON.stringify(body)) },
      settings,
      { rules: RULES, records: store },
    );
    const text = res.body === null ? null : typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
  };
}

let counter = 0;
const newStore = () => createMemoryRecordStore(() => `seed-${++counter}`);

describe('findResources', () => {
  it('finds the bookshop’s collections and items', async () => {
    const plan = await planOf(join(ROOT, 'examples', 'bookshop.yaml'));
    const found = [...findResources(plan)].map(([op, r]) => `${op.id}:${r.action}:${r.collection}:${r.idProperty}`);
    expect(found).toEqual(
      expect.arrayContaining(['listBooks:list:/books:id', 'createBook:create:/books:id', 'getBook:read:/books:id', 'replaceBook:replace:/books:id', 'deleteBook:delete:/books:id', 'createOrder:create:/orders:id', 'getOrder:read:/orders:id']),
    );
    expect(found.some((f) => f.startsWith('getBookCover') || f.startsWith('getHealth') || f.startsWith('subscribeNewsletter'))).toBe(false);
  });
});

describe('stateful CRUD', () => {
  it('runs a book through create, read, list, replace and delete', async () => {
    const call = client(await planOf(join(ROOT, 'examples', 'bookshop.yaml')), newStore());
    const created = await call('POST', '/books', { title: 'Dune', authorId: '9b2e4c6a-1f3d-4e5b-8a7c-0d1e2f3a4b5c', isbn: '9780441013593', price: 9.99, genre: 'fiction' });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.headers.location).toBe(`/v1/books/${id}`);
    expect((await call('GET', `/books/${id}`)).json).toEqual(created.json);
    const list = await call('GET', '/books', undefined, 'limit=5');
    expect(list.json).toEqual({ items: [created.json], total: 1, limit: 5, offset: 0 });
    const replaced = await call('PUT', `/books/${id}`, { title: 'Dune Messiah', authorId: '9b2e4c6a-1f3d-4e5b-8a7c-0d1e2f3a4b5c', isbn: '9780441013593', price: 5, genre: 'fiction' });
    expect(replaced.json).toMatchObject({ id, title: 'Dune Messiah', createdAt: created.json.createdAt });
    expect((await call('PUT', '/books/00000000-0000-4000-8000-000000000000', replaced.json)).status).toBe(404);
    expect((await call('DELETE', `/books/${id}`)).status).toBe(204);
    expect((await call('GET', `/books/${id}`)).status).toBe(404);
  });

  it.skipIf(!existsSync(SHARED))('patches (merge) and pages by page/limit on the museum API', async () => {
    const call = client(await planOf(join(SHARED, 'redocly-museum.yaml')), newStore());
    const event = { name: 'Talk', location: 'Hall', eventDescription: 'About', dates: ['2024-01-01'], price: 10 };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call('POST', '/special-events', { ...event, name: `Talk ${i}` });
      expect(created.status).toBe(201);
      ids.push(created.json.eventId);
    }
    const patched = await call('PATCH', `/special-events/${ids[0]}`, { price: 12 });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ eventId: ids[0], name: 'Talk 0', price: 12 });
    const page = await call('GET', '/special-events', undefined, 'page=2&limit=2');
    expect(page.json.map((e: { name: string }) => e.name)).toEqual(['Talk 2']);
    expect((await call('DELETE', `/special-events/${ids[1]}`)).status).toBe(204);
    expect((await call('PATCH', `/special-events/${ids[1]}`, { price: 1 })).status).toBe(404);
  });

  it.skipIf(!existsSync(SHARED))('keys records by a named id (petstore users by username)', async () => {
    const call = client(await planOf(join(SHARED, 'petstore-v3.yaml')), newStore());
    const created = await call('POST', '/user', { id: 1, username: 'ada', email: 'ada@example.com' });
    expect(created.status).toBe(200);
    expect((await call('GET', '/user/ada')).json).toMatchObject({ username: 'ada', email: 'ada@example.com' });
    expect((await call('POST', '/user', { id: 2, username: 'ada' })).status).toBe(409);
  });

  it('merges like RFC 7396', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
});

describe.skipIf(!existsSync(SHARED))('stateful CRUD over every shared spec', () => {
  it('creates, lists, reads, updates and deletes through every resource operation without a server error', async () => {
    const { readdirSync } = await import('node:fs');
    const { synthesize } = await import('../synth');
    let exercised = 0;
    for (const file of readdirSync(SHARED).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
      const plan = await planOf(join(SHARED, file));
      const runtime = createRuntime(plan);
      const store = newStore();
      // Most specific action order: create before read/update/delete, list last.
      const order = ['create', 'read', 'replace', 'update', 'list', 'delete'];
      const ops = [...runtime.resources].sort((a, b) => order.indexOf(a[1].action) - order.indexOf(b[1].action));
      for (const [op, res] of ops) {
        const path = plan.basePath + op.path.replace(/\{[^{}]+\}/g, 'k1');
        const media = op.requestBody?.contents.find((m) => /json/.test(m.mediaType));
        const value = media?.schema === undefined ? undefined : synthesize(media.schema, { seed: file, defs: plan.schemas, direction: 'request' });
        const out = await runtime.handle(
          { method: op.method.toUpperCase(), path, query: '', headers: new Headers(value === undefined ? {} : { 'content-type': media!.mediaType }), body: value === undefined ? null : new TextEncoder().encode(JSON.stringify(value)) },
          { validateRequests: false, enforceSecurity: false },
          { rules: RULES, records: store },
        );
        expect(out.status, `${file} ${op.id} (${res.action})`).toBeLessThan(500);
        exercised++;
      }
    }
    expect(exercised).toBeGreaterThan(20);
  });
});

describe('findResources on small specs', () => {
  const spec = (paths: Record<string, unknown>) => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths });
  const item = { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } };
  const ok = (status: string) => ({ [status]: { description: 'ok', content: { 'application/json': { schema: item } } } });
  const list = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: item } } } } };
  async function found(paths: Record<string, unknown>) {
    const loaded = await loadSpec({ text: JSON.stringify(spec(paths)) });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
    return [...findResources(compilePlan(loaded.value))].map(([op, r]) => `${op.method} ${r.action} ${r.collection}`);
  }

  it('takes a GET and a 201 POST without an item path as a collection, but not a search', async () => {
    expect(await found({ '/notes': { get: { responses: list }, post: { responses: ok('201') } } })).toEqual(['get list /notes', 'post create /notes']);
    expect(await found({ '/notes/search': { get: { responses: list }, post: { responses: ok('200') } } })).toEqual([]);
  });

  it('keys nested collections by their parent path', async () => {
    const call = client(
      await (async () => {
        const loaded = await loadSpec({ text: JSON.stringify(spec({ '/shops/{shopId}/notes': { get: { responses: list }, post: { responses: ok('201') } }, '/shops/{shopId}/notes/{noteId}': { get: { responses: ok('200') } } })) });
        if (!loaded.ok) throw new Error('spec');
        return compilePlan(loaded.value);
      })(),
      newStore(),
    );
    const made = await call('POST', '/shops/a/notes', { name: 'in a' });
    expect(made.status).toBe(201);
    expect((await call('GET', '/shops/a/notes')).json).toEqual([made.json]);
    expect((await call('GET', '/shops/b/notes')).json).toEqual([]);
    expect((await call('GET', `/shops/a/notes/${made.json.id}`)).json).toEqual(made.json);
    expect((await call('GET', `/shops/b/notes/${made.json.id}`)).status).toBe(404);
  });

  it('keeps a `__proto__` key a client sent as a field, through create and merge', async () => {
    const loaded = await loadSpec({ text: JSON.stringify(spec({ '/notes': { get: { responses: list }, post: { responses: ok('201') } }, '/notes/{noteId}': { get: { responses: ok('200') }, patch: { responses: ok('200') } } })) });
    if (!loaded.ok) throw new Error('spec');
    const call = client(compilePlan(loaded.value), newStore());
    const made = await call('POST', '/notes', JSON.parse('{"name":"n","__proto__":{"admin":true}}'));
    expect(made.status).toBe(201);
    expect(Object.hasOwn(made.json, '__proto__')).toBe(true);
    expect(made.json.admin).toBeUndefined();
    const patched = await call('PATCH', `/notes/${made.json.id}`, JSON.parse('{"__proto__":{"admin":false,"x":1}}'));
    expect(JSON.stringify(patched.json)).toContain('"__proto__":{"admin":false,"x":1}');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
