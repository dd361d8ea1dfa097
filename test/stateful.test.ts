/** Stateful CRUD on the bookshop and per-session isolation, inside workerd with the real MockState DO. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'crudshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.crudshop;
});
afterAll(() => stack?.dispose());

const AUTH = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', 'content-type': 'application/json' };
const newBook = (title: string) => ({ title, authorId: '4d5e6f70-8192-4a3b-bc4d-5e6f70819203', isbn: '9780593321447', price: 24, genre: 'fiction', internalNotes: 'secret' });

async function admin(path: string, body?: unknown, method = 'POST') {
  const res = await mock.admin(path, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { errors?: Array<{ location: string }> } };
}

function books(init: { method?: string; body?: unknown; session?: string; path?: string; query?: string } = {}) {
  const headers: Record<string, string> = { ...AUTH, ...(init.session ? { 'x-test-session': init.session } : {}) };
  return fetch(`${mock.url}/books${init.path ?? ''}${init.query ?? ''}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

beforeEach(async () => {
  await admin('/api/server/control', { action: 'reset-state' });
  await admin('/api/settings', { stateful: true }, 'PATCH');
});

describe('stateful CRUD', () => {
  it('creates, reads, lists, replaces, patches and deletes a book', async () => {
    const created = await books({ method: 'POST', body: newBook('Sea of Tranquility') });
    expect(created.status).toBe(201);
    const book = (await created.json()) as Record<string, unknown>;
    expect(book).toMatchObject({ title: 'Sea of Tranquility', price: 24 });
    expect(book.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof book.createdAt).toBe('string');
    expect(book.internalNotes).toBeUndefined();
    expect(created.headers.get('location')).toBe(`/v1/books/${book.id}`);

    const read = await books({ path: `/${book.id}` });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(book);

    const list = (await (await books()).json()) as { items: unknown[]; total: number; limit: number; offset: number };
    expect(list).toEqual({ items: [book], total: 1, limit: 20, offset: 0 });

    const replaced = await books({ method: 'PUT', path: `/${book.id}`, body: { ...newBook('Replaced'), price: 30 } });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ id: book.id, createdAt: book.createdAt, title: 'Replaced', price: 30 });

    const patched = await fetch(`${mock.url}/books/${book.id}`, { method: 'PATCH', headers: AUTH, body: '{}' });
    expect(patched.status).toBe(405);

    const deleted = await books({ method: 'DELETE', path: `/${book.id}` });
    expect(deleted.status).toBe(204);
    const gone = await books({ path: `/${book.id}` });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/problem+json');
    expect((await books({ method: 'DELETE', path: `/${book.id}` })).status).toBe(404);
  });

  it('pages the list with the spec’s own limit and offset, and filters by declared query parameters', async () => {
    for (let i = 0; i < 5; i++) expect((await books({ method: 'POST', body: { ...newBook(`Book ${i}`), genre: i % 2 === 0 ? 'fiction' : 'poetry' } })).status).toBe(201);
    const page = (await (await books({ query: '?limit=2&offset=1' })).json()) as { items: Array<{ title: string }>; total: number; limit: number; offset: number };
    expect(page.items.map((b) => b.title)).toEqual(['Book 1', 'Book 2']);
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    const res = await books({ query: '?genre=poetry' });
    expect(res.headers.get('x-total-count')).toBe('2');
    expect(((await res.json()) as { items: Array<{ title: string }> }).items.map((b) => b.title)).toEqual(['Book 1', 'Book 3']);
  });

  it('is seeded through the admin API and cleared by reset-state', async () => {
    const seeded = await admin('/api/mock-data/records', { collection: '/v1/books', items: [{ id: '11111111-1111-4111-8111-111111111111', title: 'Seeded', authorId: '4d5e6f70-8192-4a3b-bc4d-5e6f70819203', isbn: '9780441013593', price: 1, genre: 'poetry', createdAt: '2024-01-01T00:00:00Z' }] });
    expect(seeded).toMatchObject({ status: 200, body: { collection: '/books', seeded: 1, id_property: 'id' } });
    expect(((await (await books({ path: '/11111111-1111-4111-8111-111111111111' })).json()) as { title: string }).title).toBe('Seeded');
    const listed = await admin('/api/mock-data/records/items?collection=/books', undefined, 'GET');
    expect(listed.body.items).toHaveLength(1);
    const overview = await admin('/api/mock-data/records', undefined, 'GET');
    expect(overview.body).toMatchObject({ stateful: true, collections: [{ collection: '/books', count: 1 }] });
    expect(overview.body.resources).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'createBook', action: 'create', collection: '/books' })]));

    const missingId = await admin('/api/mock-data/records', { collection: '/books', items: [{ title: 'x' }] });
    expect(missingId.status).toBe(422);
    expect(missingId.body.errors?.[0].location).toBe('body/items/0/id');
    expect((await admin('/api/mock-data/records', { collection: '/nowhere', items: [] })).status).toBe(404);

    expect((await admin('/api/server/control', { action: 'reset-state' })).body).toMatchObject({ records_deleted: 1 });
    expect((await books({ path: '/11111111-1111-4111-8111-111111111111' })).status).toBe(404);
  });

  it('is off unless switched on (settings) or a stateful scenario is active', async () => {
    await admin('/api/settings', { stateful: false }, 'PATCH');
    expect((await books({ method: 'POST', body: newBook('Not stored') })).status).toBe(201);
    expect(((await (await books()).json()) as { total: number }).total).toBe(3);
    expect((await admin('/api/mock-data/scenarios', { name: 'crud', stateful: true, rules: [] })).status).toBe(201);
    await admin('/api/mock-data/scenarios/active', { name: 'crud' }, 'PUT');
    expect(((await (await books()).json()) as { total: number }).total).toBe(0);
    await admin('/api/mock-data/scenarios/crud?force=true', undefined, 'DELETE');
  });
});

describe('per-session isolation', () => {
  it('keeps two sessions’ scenarios, overrides and records apart while they run interleaved', async () => {
    await admin('/api/settings', { stateful: false }, 'PATCH');
    await admin('/api/mock-data/scenarios', { name: 'slow-books', stateful: true, rules: [{ endpoint: '/authors', method: 'GET', status: 400 }] });
    await admin('/api/mock-data/scenarios/active', { name: 'slow-books', session_id: 'A' }, 'PUT');
    await admin('/api/mock-data/update', { endpoint: '/health', method: 'GET', new_response: 'B only', session_id: 'B' });
    await admin('/api/mock-data/records', { collection: '/books', items: [], session_id: 'B' });
    await admin('/api/mock-data/scenarios', { name: 'crud', stateful: true, rules: [] });
    await admin('/api/mock-data/scenarios/active', { name: 'crud', session_id: 'B' }, 'PUT');

    const run = async (session: string) => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await books({ method: 'POST', body: newBook(`${session}-${i}`), session });
        ids.push(((await res.json()) as { id: string }).id);
        const list = (await (await books({ session, query: '?limit=100' })).json()) as { items: Array<{ title: string }> };
        expect(list.items.map((b) => b.title)).toEqual(Array.from({ length: i + 1 }, (_, j) => `${session}-${j}`));
      }
      return ids;
    };
    const [a, b] = await Promise.all([run('A'), run('B')]);
    // Each session reads its own records only.
    expect((await books({ path: `/${a[0]}`, session: 'B' })).status).toBe(404);
    expect((await books({ path: `/${b[0]}`, session: 'A' })).status).toBe(404);
    expect((await books({ path: `/${a[0]}`, session: 'A' })).status).toBe(200);
    // Scenario and override of one session are invisible to the other and to requests without a session.
    const authors = (session?: string) => fetch(`${mock.url}/authors`, { headers: session ? { 'x-test-session': session } : {} });
    expect((await authors('A')).status).toBe(400);
    expect((await authors('B')).status).toBe(200);
    expect((await authors()).status).toBe(200);
    const health = (session?: string) => fetch(`${mock.url}/health`, { headers: session ? { 'x-test-session': session } : {} }).then((r) => r.text());
    expect(await health('B')).toBe('B only');
    expect(await health('A')).toBe('ok');
    expect(await health('C')).toBe('ok');
    // Without a session: the global state, which has no stored books (not stateful) → the example page.
    expect(((await (await books()).json()) as { total: number }).total).toBe(3);

    const state = await admin('/api/mock-data/scenarios?session_id=A', undefined, 'GET');
    expect(state.body.active).toBe('slow-books');
    expect((await admin('/api/mock-data/scenarios', undefined, 'GET')).body.active).toBeNull();

    // Resetting one session leaves the other.
    await admin('/api/server/control', { action: 'reset-state', session_id: 'A' });
    expect((await authors('A')).status).toBe(200);
    expect((await books({ path: `/${b[0]}`, session: 'B' })).status).toBe(200);
    for (const name of ['slow-books', 'crud']) await admin(`/api/mock-data/scenarios/${name}?force=true`, undefined, 'DELETE');
  });
});
