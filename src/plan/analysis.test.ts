import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, HAS_SHARED_SPECS, SHARED_SPECS } from '../../test/helpers/stack';
import { analyzePlan, type PlanAnalysis } from './analysis';
import type { MockPlan } from './types';

const ids = (list: { items: { id: string }[] }) => list.items.map((i) => i.id);

describe('analyzePlan on the bookshop', () => {
  let plan: MockPlan;
  let a: PlanAnalysis;
  beforeAll(async () => {
    plan = await compileOrThrow(BOOKSHOP);
    a = analyzePlan(plan);
  });

  it('counts operations by method and tag', () => {
    expect(a.operations.total).toBe(13);
    expect(a.operations.byMethod).toEqual({ GET: 7, POST: 4, PUT: 1, DELETE: 1 });
    expect(a.operations.byTag[0]).toEqual({ tag: 'books', count: 6 });
    expect(a.api).toMatchObject({ title: 'Bookshop API', basePath: '/v1', planVersion: plan.version });
  });

  it('names the schemes, what they guard and what is anonymous', () => {
    expect(a.auth.schemes).toEqual([
      { name: 'bearerAuth', type: 'http', detail: 'http bearer (JWT)', operations: 4 },
      { name: 'apiKeyAuth', type: 'apiKey', detail: 'apiKey in header X-API-Key', operations: 2 },
    ]);
    expect(ids(a.auth.secured)).toEqual(['createBook', 'replaceBook', 'deleteBook', 'createReview', 'createOrder', 'getOrder']);
    expect(a.auth.secured.items[4]).toMatchObject({ method: 'POST', path: '/orders', requirements: [['apiKeyAuth']] });
    expect(ids(a.auth.anonymous)).toContain('subscribeNewsletter');
    expect(a.auth.anonymous.total).toBe(7);
  });

  it('lists declared errors and the gaps a tester should know', () => {
    expect(a.errors.byStatus).toMatchObject({ '400': 7, '401': 6, '404': 7, '429': 2 });
    expect(a.errors.operations.items.find((o) => o.id === 'createOrder')?.errors).toEqual(['400', '401', '422', '429']);
    const gaps = Object.fromEntries(a.errors.gaps.map((g) => [g.code, g]));
    // The bookshop declares 429 (listBooks, createOrder) and a 401 on every secured operation.
    expect(gaps['no-429']).toBeUndefined();
    expect(gaps['secured-without-401-403']).toBeUndefined();
    expect(gaps['no-5xx']).toMatchObject({ code: 'no-5xx' });
    expect(gaps['no-5xx'].operations).toBeUndefined();
    expect(ids(gaps['writes-without-400-422'].operations!)).toEqual(['deleteBook']);
    expect(ids(gaps['no-error-responses'].operations!)).toEqual(['getHealth']);
  });

  it('finds injectable inputs: a search parameter and free-form body fields, not enums or uuids', () => {
    const names = a.injectable.items.map((i) => `${i.id} ${i.in} ${i.name} ${i.risks.join('+')}`);
    expect(names).toContain('listBooks query q search');
    expect(names).toContain('createOrder body address.city free-form');
    expect(names.some((n) => n.includes(' genre '))).toBe(false); // an enum
    expect(names.some((n) => n.includes('bookId'))).toBe(false); // format uuid
  });

  it('lists write operations with their required body fields', () => {
    const create = a.writes.items.find((w) => w.id === 'createBook');
    expect(create).toEqual({ id: 'createBook', method: 'POST', path: '/books', bodyRequired: true, mediaTypes: ['application/json'], requiredFields: ['title', 'authorId', 'isbn', 'price', 'genre'] });
    expect(a.writes.items.find((w) => w.id === 'subscribeNewsletter')?.requiredFields).toEqual(['email']);
    expect(a.writes.total).toBe(6);
  });

  it('finds paged lists and their wrapper shape, not single items that hold arrays', () => {
    const books = a.paging.items.find((p) => p.id === 'listBooks');
    expect(books?.params).toEqual([
      { name: 'limit', in: 'query', role: 'limit' },
      { name: 'offset', in: 'query', role: 'offset' },
    ]);
    expect(books?.list).toEqual({ shape: 'wrapper', arrayProperty: 'items', totalProperty: 'total' });
    expect(ids(a.paging)).toEqual(['listBooks', 'listAuthors']);
  });

  it('finds collections from path shapes', () => {
    expect(a.collections.items.map((c) => `${c.path} ${c.itemPath} ${c.collectionMethods} ${c.itemMethods}`)).toEqual([
      '/books /books/{bookId} GET,POST GET,PUT,DELETE',
      '/authors /authors/{authorId} GET GET',
      '/orders /orders/{orderId} POST GET',
    ]);
  });

  it('bounds every list and keeps the real total', () => {
    const small = analyzePlan(plan, { maxItems: 2 });
    expect(small.operations.list).toMatchObject({ total: 13 });
    expect(small.operations.list.items).toHaveLength(2);
    expect(small.auth.secured.items).toHaveLength(2);
    expect(small.writes).toMatchObject({ total: 6 });
  });
});

describe.skipIf(!HAS_SHARED_SPECS)('analyzePlan on the shared real-world specs', () => {
  const plans = new Map<string, MockPlan>();
  beforeAll(async () => {
    for (const file of readdirSync(SHARED_SPECS).filter((f) => /\.(ya?ml|json)$/.test(f))) plans.set(file, await compileOrThrow(join(SHARED_SPECS, file)));
  });
  const of = (file: string) => analyzePlan(plans.get(file)!);

  it('stays small enough for a prompt on every spec, even the largest', () => {
    for (const [file, plan] of plans) {
      const size = JSON.stringify(analyzePlan(plan)).length;
      expect(size, file).toBeLessThan(60_000);
    }
    expect(of('apisguru-box.com-2.0-openapi.yaml').operations.list).toMatchObject({ total: 175 });
  });

  it('petstore v3: secured operations without 401/403, no 429 and no 5xx anywhere', () => {
    const a = of('petstore-v3.yaml');
    const codes = a.errors.gaps.map((g) => g.code);
    expect(codes).toEqual(expect.arrayContaining(['secured-without-401-403', 'no-429', 'no-5xx']));
    expect(a.errors.gaps.find((g) => g.code === 'secured-without-401-403')?.operations?.total).toBe(9);
    expect(a.auth.schemes.map((s) => s.detail)).toEqual(['OAuth 2 bearer token', 'apiKey in header api_key']);
    expect(a.collections.items.map((c) => c.path)).toEqual(['/pet', '/store/order', '/user']);
  });

  it('readme security: every scheme kind, an optional-auth operation and an anonymous one', () => {
    const a = of('readme-security.json');
    expect(new Set(a.auth.schemes.map((s) => s.type))).toEqual(new Set(['apiKey', 'http', 'oauth2', 'openIdConnect']));
    expect(a.auth.schemes.find((s) => s.name === 'apiKey_cookie')?.detail).toBe('apiKey in cookie api_key');
    expect(a.auth.optional.total).toBe(1);
    expect(a.auth.anonymous.total).toBe(1);
  });

  it('box: cursor (marker) and offset paging with wrapped lists', () => {
    const a = analyzePlan(plans.get('apisguru-box.com-2.0-openapi.yaml')!, { maxItems: 200 });
    const entries = a.paging.items.find((p) => p.path === '/collaboration_whitelist_entries');
    expect(entries?.params.map((p) => `${p.name}:${p.role}`)).toEqual(['marker:cursor', 'limit:limit']);
    expect(entries?.list).toMatchObject({ shape: 'wrapper', arrayProperty: 'entries' });
    expect(a.paging.items.find((p) => p.path === '/collaborations')?.list).toMatchObject({ arrayProperty: 'entries', totalProperty: 'total_count' });
  });

  it('stapi: free-form sort parameters; museum: page and limit over a bare array', () => {
    const stapi = of('stapi-star-trek.json');
    expect(stapi.injectable.items[0]).toMatchObject({ in: 'query', name: 'sort', risks: ['free-form', 'search'] });
    const museum = of('redocly-museum.yaml');
    expect(museum.paging.items.find((p) => p.path === '/special-events')).toMatchObject({
      params: [
        { name: 'page', role: 'page' },
        { name: 'limit', role: 'limit' },
      ],
      list: { shape: 'array' },
    });
  });

  it('a webhooks-only document: nothing to analyse and no invented gaps', () => {
    const a = of('webhook-example.yaml');
    expect(a.operations.total).toBe(0);
    expect(a.errors.gaps).toEqual([]);
  });
});
