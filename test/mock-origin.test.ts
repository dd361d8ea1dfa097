/**
 * The sample bookshop served by the real mock worker on workerd: routing, negotiation, Prefer,
 * request validation, security, CORS and correlation ids, as a client sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileValidator } from '../src/runtime';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
const BOOK = '3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11';
const NEW_BOOK = { title: 'Sea of Tranquility', authorId: '4d5e6f70-8192-4a3b-bc4d-5e6f70819203', isbn: '9780593321447', price: 24, genre: 'fiction' };

beforeAll(async () => {
  stack = await startTestStack([{ name: 'bookshop', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.bookshop;
});
afterAll(() => stack?.dispose());

const get = (path: string, headers: Record<string, string> = {}) => fetch(mock.url + path, { headers });
const post = (path: string, body: string, headers: Record<string, string>) => fetch(mock.url + path, { method: 'POST', body, headers });
const schemaOf = (opId: string, status: string, media = 'application/json') =>
  mock.plan.operations.find((o) => o.id === opId)!.responses.find((r) => r.status === status)!.contents.find((c) => c.mediaType === media)!.schema!;
const validates = (opId: string, status: string, body: unknown, media?: string) => compileValidator(schemaOf(opId, status, media), mock.plan.schemas, 'body')(body);

describe('routing', () => {
  it('serves the first example of the lowest 2xx with its declared headers', async () => {
    const res = await get('/books');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { items: Array<{ title: string }> };
    expect(body.items[0].title).toBe('Dune');
    expect(Number(res.headers.get('x-total-count'))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('link')).toBeTruthy();
  });

  it('answers 404 problem+json outside the base path and for unknown paths', async () => {
    const outside = await fetch(mock.url.replace(/\/v1$/, '') + '/books');
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toBe('application/problem+json');
    const unknown = await get('/nope/really');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { type: string }).type).toMatch(/no-route$/);
  });

  it('answers 405 with Allow for a known path and an undeclared method', async () => {
    const res = await fetch(`${mock.url}/books/${BOOK}`, { method: 'PATCH' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'PUT', 'DELETE', 'HEAD']));
  });

  it('answers HEAD like GET without a body, and ignores a trailing slash', async () => {
    const head = await fetch(`${mock.url}/books`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('/books/')).status).toBe(200);
  });

  it('matches path parameters and validates them', async () => {
    expect((await get(`/books/${BOOK}`)).status).toBe(200);
    // No declared 400/422 for this operation: a parameter violation is 422 problem+json, as in Prism.
    const bad = await get('/books/not-a-uuid');
    expect(bad.status).toBe(422);
  });
});

describe('content negotiation', () => {
  it('picks the media type the client accepts', async () => {
    const jpeg = await get(`/books/${BOOK}/cover`, { accept: 'image/jpeg' });
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    const png = await get(`/books/${BOOK}/cover`, { accept: 'image/png;q=0.9, image/jpeg;q=0.1' });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
  });

  it('answers 406 problem listing what is available when nothing fits', async () => {
    const res = await get('/books', { accept: 'text/csv' });
    expect(res.status).toBe(406);
    expect(((await res.json()) as { available: string[] }).available).toEqual(['application/json']);
  });
});

describe('Prefer header and query fallback', () => {
  it('serves a named example', async () => {
    const res = await get('/books', { prefer: 'example=empty' });
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    const viaQuery = await get('/books?__example=empty');
    expect(((await viaQuery.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('serves a declared status with valid headers and body', async () => {
    const res = await get('/books', { prefer: 'code=429' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
    expect(validates('listBooks', '429', await res.json(), 'application/problem+json')).toEqual([]);
    expect((await get('/books?__code=400')).status).toBe(400);
  });

  it('answers 404 listing the available codes or examples for an unknown one', async () => {
    const code = await get('/books', { prefer: 'code=418' });
    expect(code.status).toBe(404);
    expect(((await code.json()) as { available: string[] }).available).toEqual(['200', '400', '429']);
    const example = await get('/books', { prefer: 'example=nope' });
    expect(example.status).toBe(404);
    expect(((await example.json()) as { available: string[] }).available).toEqual(expect.arrayContaining(['firstPage', 'empty']));
  });

  it('synthesises dynamic data that is repeatable by seed and valid', async () => {
    const one = await (await get('/books', { prefer: 'dynamic=true, seed=1' })).json();
    const again = await (await get('/books', { prefer: 'dynamic=true, seed=1' })).json();
    const other = await (await get('/books?__dynamic=true&__seed=2')).json();
    expect(again).toEqual(one);
    expect(other).not.toEqual(one);
    expect(validates('listBooks', '200', one)).toEqual([]);
    expect(validates('listBooks', '200', other)).toEqual([]);
    const unseeded = await (await get('/books?limit=3', { prefer: 'dynamic=true' })).json();
    expect(await (await get('/books?limit=3', { prefer: 'dynamic=true' })).json()).toEqual(unseeded);
  });
});

describe('request validation', () => {
  const auth = { authorization: 'Bearer test-token', 'content-type': 'application/json' };

  it('accepts a valid body and answers the declared 201 with its Location header', async () => {
    const res = await post('/books', JSON.stringify(NEW_BOOK), auth);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBeTruthy();
  });

  it("answers the spec's own 422 for a body that breaks the schema, naming each violation", async () => {
    const res = await post('/books', JSON.stringify({ ...NEW_BOOK, price: -1, isbn: 'x' }), auth);
    expect(res.status).toBe(422);
    const violations = JSON.parse(res.headers.get('x-mockloop-violations') ?? '[]') as Array<{ location: string }>;
    expect(violations.map((v) => v.location)).toEqual(expect.arrayContaining(['body/price', 'body/isbn']));
  });

  it('answers 415 problem+json for an undeclared content type', async () => {
    const res = await post('/books', 'title=x', { authorization: 'Bearer t', 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 400 for malformed JSON and for bad query parameters', async () => {
    expect((await post('/books', '{"title":', auth)).status).toBe(400);
    const res = await get('/books?limit=0&sort=sideways');
    expect(res.status).toBe(400);
    const violations = JSON.parse(res.headers.get('x-mockloop-violations') ?? '[]') as Array<{ location: string }>;
    expect(violations.map((v) => v.location)).toEqual(expect.arrayContaining(['query/limit', 'query/sort']));
  });

  it('validates form-urlencoded bodies', async () => {
    const ok = await post('/newsletter/subscribe', 'email=reader%40example.com&topics=poetry', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(202);
    const bad = await post('/newsletter/subscribe', 'frequency=daily', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
  });

  it('can be switched off per mock', async () => {
    const off = await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ validateRequests: false }), headers: { 'content-type': 'application/json' } });
    expect(off.status).toBe(200);
    expect((await get('/books?limit=0')).status).toBe(200);
    await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ validateRequests: true }), headers: { 'content-type': 'application/json' } });
    expect((await get('/books?limit=0')).status).toBe(400);
  });
});

describe('security', () => {
  it('answers 401 with WWW-Authenticate when bearer credentials are missing', async () => {
    const res = await post('/books', JSON.stringify(NEW_BOOK), { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('checks apiKey headers', async () => {
    const order = JSON.stringify({ kind: 'pickup', items: [{ bookId: BOOK, quantity: 1 }], storeId: 'store-1' });
    const missing = await post('/orders', order, { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/ApiKey .*name="X-API-Key"/);
    const withKey = await fetch(`${mock.url}/orders/${BOOK}`, { headers: { 'x-api-key': 'k' } });
    expect(withKey.status).toBe(200);
  });

  it('can be switched off per mock', async () => {
    await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ enforceSecurity: false }), headers: { 'content-type': 'application/json' } });
    expect((await fetch(`${mock.url}/orders/${BOOK}`)).status).toBe(200);
    await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ enforceSecurity: true }), headers: { 'content-type': 'application/json' } });
    expect((await fetch(`${mock.url}/orders/${BOOK}`)).status).toBe(401);
  });
});

describe('CORS and correlation ids', () => {
  it('answers a preflight with 204 and the methods of the path', async () => {
    const res = await fetch(`${mock.url}/books`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
  });

  it('adds CORS headers to ordinary responses', async () => {
    const res = await get('/books', { origin: 'https://app.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-total-count/);
  });

  it('echoes X-Correlation-Id, or mints one', async () => {
    expect((await get('/books', { 'x-correlation-id': 'abc-123' })).headers.get('x-correlation-id')).toBe('abc-123');
    expect((await get('/books')).headers.get('x-correlation-id')).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
