import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, HAS_SHARED_SPECS, SHARED_SPECS } from '../../../test/helpers/stack';
import type { MockPlan } from '../../plan';
import { compileValidator } from '../../json-schema';
import { findOperation } from '../find-operation';
import { scenarioSchema } from '../model';
import { validateScenario } from '../validate';
import { findPack, instantiatePack, PACK_RESOURCES, type PackResult, resolvePackUri, SCENARIO_PACKS } from './index';

function pack(uri: string) {
  const found = findPack(uri);
  if (!found) throw new Error(`no pack ${uri}`);
  return found;
}

function ok(result: PackResult) {
  if (!result.ok) throw new Error(`${result.pack}: ${result.reason}`);
  return result;
}

/** What validate_scenario_config checks, plus: every literal body validates against the schema the operation declares. */
function expectDeployable(plan: MockPlan, result: Extract<PackResult, { ok: true }>, label: string) {
  expect(scenarioSchema.safeParse(result.scenario).success, label).toBe(true);
  expect(validateScenario(plan, result.scenario), label).toEqual([]);
  for (const rule of result.scenario.rules) {
    if (rule.new_response === undefined) continue;
    const found = findOperation(plan, rule.endpoint, rule.method);
    if (!found.ok) throw new Error(`${label}: ${rule.endpoint}`);
    const success = found.operation.responses.filter((r) => r.status.startsWith('2')).sort((a, b) => a.status.localeCompare(b.status))[0];
    const schema = success.contents.find((m) => /json/.test(m.mediaType))?.schema;
    expect(schema, `${label} ${rule.endpoint}`).toBeDefined();
    expect(compileValidator(schema!, plan.schemas, 'body')(rule.new_response), `${label} ${rule.method} ${rule.endpoint}`).toEqual([]);
  }
  expect(JSON.stringify(result).length, label).toBeLessThan(100_000);
}

describe('the pack registry', () => {
  it('has at least 15 packs with stable, unique URIs in four categories', () => {
    expect(SCENARIO_PACKS.length).toBeGreaterThanOrEqual(15);
    const uris = SCENARIO_PACKS.map((p) => p.uri);
    expect(new Set(uris).size).toBe(uris.length);
    expect(new Set(SCENARIO_PACKS.map((p) => p.slug)).size).toBe(uris.length);
    for (const p of SCENARIO_PACKS) expect(p.uri).toBe(`scenario-pack://${p.category}/${p.slug}`);
    expect(uris).toEqual(
      expect.arrayContaining([
        'scenario-pack://error-simulation/rate-limiting',
        'scenario-pack://error-simulation/server-errors',
        'scenario-pack://error-simulation/client-errors',
        'scenario-pack://error-simulation/timeouts',
        'scenario-pack://performance/slow',
        'scenario-pack://performance/jittery',
        'scenario-pack://performance/degraded',
        'scenario-pack://security/auth-failures',
        'scenario-pack://security/malformed-input',
        'scenario-pack://business-logic/empty-collections',
        'scenario-pack://business-logic/edge-values',
        'scenario-pack://business-logic/crud-flow',
      ]),
    );
  });

  it('lists MCP resources that describe themselves without a plan', () => {
    expect(PACK_RESOURCES).toHaveLength(SCENARIO_PACKS.length);
    const r = PACK_RESOURCES.find((x) => x.uri === 'scenario-pack://error-simulation/rate-limiting')!;
    expect(r).toMatchObject({ name: 'error-simulation/rate-limiting', mimeType: 'application/json' });
    expect(JSON.parse(r.template())).toMatchObject({ uri: r.uri, targets: 'every operation', usage: expect.stringContaining(`Read ${r.uri}?mock=<name>`) });
  });

  it('resolves pack URIs, with a mock and tags to instantiate for', () => {
    expect(resolvePackUri('scenario-pack://performance/slow')).toEqual({ pack: findPack('scenario-pack://performance/slow') });
    expect(resolvePackUri('scenario-pack://performance/slow?mock=bookshop&tags=books,%20orders')).toMatchObject({ mock: 'bookshop', tags: ['books', 'orders'] });
    expect(resolvePackUri('scenario-pack://performance/nope')).toBeNull();
    expect(resolvePackUri('mockloop://mocks/x/plan')).toBeNull();
  });
});

describe('packs on the bookshop', () => {
  let plan: MockPlan;
  const now = new Date('2026-11-21T12:00:00Z');
  beforeAll(async () => {
    plan = await compileOrThrow(BOOKSHOP);
  });

  it('every pack either deploys as is or says why the bookshop offers nothing', () => {
    for (const p of SCENARIO_PACKS) {
      const result = instantiatePack(p, plan, { now });
      if (result.ok) expectDeployable(plan, result, p.uri);
      else expect(result.reason.length, p.uri).toBeGreaterThan(20);
    }
  });

  it('rate limiting: 429 with Retry-After on a seeded share of every call, as one default', () => {
    const r = ok(instantiatePack(pack('scenario-pack://error-simulation/rate-limiting'), plan));
    expect(r.scenario).toMatchObject({ name: 'rate-limiting', rules: [], default: { fault: { error_rate: 0.3, error_status: 429, retry_after: 30, seed: 'rate-limiting' } } });
    expect(r.targets).toHaveLength(13);
    expect(r.targets.find((t) => t.id === 'createOrder')?.why).toBe('declares 429 (its own body is sent)');
  });

  it('narrowed by tag, a pack writes one rule per operation instead of a default', () => {
    const r = ok(instantiatePack(pack('scenario-pack://performance/slow'), plan, { tags: ['orders'], name: 'slow-orders' }));
    expect(r.scenario.name).toBe('slow-orders');
    expect(r.scenario.default).toBeUndefined();
    expect(r.scenario.rules.map((x) => `${x.method} ${x.endpoint}`)).toEqual(['POST /orders', 'GET /orders/{orderId}']);
    const unknown = instantiatePack(pack('scenario-pack://performance/slow'), plan, { tags: ['nope'] });
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringContaining("No operation has the tag nope; the plan's tags are meta, books, reviews, authors, orders, newsletter.") });
    expect(instantiatePack(pack('scenario-pack://performance/slow'), plan, { operations: ['getBook', 'GET /nowhere'] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No operation is named GET /nowhere'),
    });
    const one = ok(instantiatePack(pack('scenario-pack://performance/slow'), plan, { operations: ['getBook', 'DELETE /books/{bookId}'] }));
    expect(one.scenario.rules.map((x) => `${x.method} ${x.endpoint}`)).toEqual(['GET /books/{bookId}', 'DELETE /books/{bookId}']);
  });

  it('auth failures: the secured operations answer their declared 401, bearer ones with a challenge', () => {
    const r = ok(instantiatePack(pack('scenario-pack://security/auth-failures'), plan));
    expect(r.scenario.rules).toHaveLength(6);
    expect(r.scenario.rules.every((x) => x.status === 401)).toBe(true);
    expect(r.scenario.rules.find((x) => x.endpoint === '/books')?.headers?.['WWW-Authenticate']).toMatch(/^Bearer /);
    // The orders need an API key: no standard challenge exists for it.
    expect(r.scenario.rules.find((x) => x.endpoint === '/orders')?.headers).toBeUndefined();
    expect(instantiatePack(pack('scenario-pack://security/access-denied'), plan)).toMatchObject({ ok: false, reason: expect.stringContaining('declares 403') });
  });

  it('server errors: the bookshop documents none, and the pack says so and points at the fault pack', () => {
    const r = instantiatePack(pack('scenario-pack://error-simulation/server-errors'), plan);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('scenario-pack://error-simulation/flaky') });
  });

  it('empty collections: an empty page in the declared wrapper, total 0', () => {
    const r = ok(instantiatePack(pack('scenario-pack://business-logic/empty-collections'), plan));
    const books = r.scenario.rules.find((x) => x.endpoint === '/books');
    expect(books?.new_response).toMatchObject({ items: [], total: 0 });
    expect(r.targets.map((t) => t.id)).toEqual(['listBooks', 'listAuthors']);
  });

  it('edge values: long and Unicode strings, maximal numbers, still valid', () => {
    const r = ok(instantiatePack(pack('scenario-pack://business-logic/edge-values'), plan));
    const book = r.scenario.rules.find((x) => x.endpoint === '/books/{bookId}')?.new_response as Record<string, unknown>;
    expect(String(book.title).length).toBe(200);
    expect(book.price).toBe(10000);
    expectDeployable(plan, r, 'edge-values');
  });

  it('CRUD flow: a stateful scenario over the collections, no rules needed', () => {
    const r = ok(instantiatePack(pack('scenario-pack://business-logic/crud-flow'), plan));
    expect(r.scenario).toMatchObject({ stateful: true, rules: [] });
    expect(r.targets.map((t) => t.id)).toEqual(expect.arrayContaining(['listBooks', 'createBook', 'getBook', 'deleteBook']));
  });

  it('timeouts wait 30 s; alternate examples pick the last named example', () => {
    expect(ok(instantiatePack(pack('scenario-pack://error-simulation/timeouts'), plan)).scenario.default).toEqual({ latency: { type: 'fixed', ms: 30_000 } });
    const examples = ok(instantiatePack(pack('scenario-pack://business-logic/alternate-examples'), plan));
    expect(examples.scenario.rules.length).toBeGreaterThan(0);
    for (const rule of examples.scenario.rules) expect(rule.example).toBeDefined();
  });
});

describe.skipIf(!HAS_SHARED_SPECS)('packs on every shared spec', () => {
  const plans = new Map<string, MockPlan>();
  beforeAll(async () => {
    for (const file of readdirSync(SHARED_SPECS).filter((f) => /\.(ya?ml|json)$/.test(f))) plans.set(file, await compileOrThrow(join(SHARED_SPECS, file)));
  });

  it('every pack deploys as is, or explains precisely why the plan offers nothing to target', () => {
    const counts: Record<string, number> = {};
    for (const [file, plan] of plans) {
      for (const p of SCENARIO_PACKS) {
        const result = instantiatePack(p, plan, { now: new Date('2026-11-21T00:00:00Z') });
        if (result.ok) {
          expectDeployable(plan, result, `${file} ${p.uri}`);
          counts[p.uri] = (counts[p.uri] ?? 0) + 1;
        } else {
          expect(result.reason, `${file} ${p.uri}`).toMatch(/^(No |The )/);
        }
      }
    }
    // Each pack finds something to do in at least one real-world API.
    for (const p of SCENARIO_PACKS) expect(counts[p.uri] ?? 0, p.uri).toBeGreaterThan(0);
  });

  it('a webhooks-only document: every pack says there are no operations', () => {
    for (const p of SCENARIO_PACKS) {
      expect(instantiatePack(p, plans.get('webhook-example.yaml')!)).toMatchObject({ ok: false, reason: expect.stringContaining('declares no operations') });
    }
  });

  it('box (175 operations): an all-operations pack stays one default; edge values stay bounded', () => {
    const box = plans.get('apisguru-box.com-2.0-openapi.yaml')!;
    const degraded = ok(instantiatePack(pack('scenario-pack://performance/degraded'), box));
    expect(degraded.scenario.rules).toEqual([]);
    expect(degraded.targets).toHaveLength(175);
    const edges = ok(instantiatePack(pack('scenario-pack://business-logic/edge-values'), box));
    expect(edges.scenario.rules.length).toBeLessThanOrEqual(20);
    expect(edges.notes[0]).toMatch(/^Only the first 20 of \d+ JSON GET operations/);
  });

  it('petstore v2: deprecations carry Deprecation and a Sunset 90 days later', () => {
    const r = ok(instantiatePack(pack('scenario-pack://business-logic/deprecations'), plans.get('petstore-v2.json')!, { now: new Date('2026-11-21T00:00:00Z') }));
    expect(r.scenario.rules).toEqual([{ endpoint: '/pet/findByTags', method: 'GET', headers: { Deprecation: '@1795219200', Sunset: 'Fri, 19 Feb 2027 00:00:00 GMT' } }]);
  });
});
