import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePlan, type MockPlan } from '../plan';
import { loadSpec } from '../spec';
import { compileSteering } from './compile';
import { findOperation } from './find-operation';
import { scenarioSchema, updateSchema } from './model';
import { emptySteering, type SteeringState } from './state';
import { validateScenario } from './validate';

let plan: MockPlan;
beforeAll(async () => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'bookshop.yaml'), 'utf8');
  const loaded = await loadSpec({ text });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  plan = compilePlan(loaded.value);
});

const op = (id: string) => plan.operations.find((o) => o.id === id)!;

describe('findOperation', () => {
  it('takes a path template with or without the base path, a trailing slash, or an operationId', () => {
    for (const endpoint of ['/books/{bookId}', '/v1/books/{bookId}', '/books/{bookId}/', 'getBook']) {
      expect(findOperation(plan, endpoint, 'get')).toEqual({ ok: true, operation: op('getBook') });
    }
  });

  it('says which field is wrong and what exists', () => {
    const path = findOperation(plan, '/books/{id}', 'GET');
    expect(path).toMatchObject({ ok: false, field: 'endpoint' });
    expect(!path.ok && path.available).toContain('GET /books/{bookId}');
    expect(findOperation(plan, '/books', 'PATCH')).toMatchObject({ ok: false, field: 'method', available: ['GET', 'POST'] });
    expect(findOperation(plan, 'getBook', 'DELETE')).toMatchObject({ ok: false, field: 'method' });
  });
});

describe('scenario model', () => {
  it('checks shapes and ranges, naming the field', () => {
    const bad = scenarioSchema.safeParse({
      name: 'active',
      rules: [
        { endpoint: '/books', method: 'FETCH' },
        { endpoint: '/books', method: 'GET', latency: { type: 'uniform', min_ms: 50, max_ms: 10 } },
        { endpoint: '/books', method: 'GET', fault: { error_rate: 1.5, dribble: { chunk_bytes: 0, interval_ms: 5 } } },
        { endpoint: '/books', method: 'GET', example: 'a', new_response: {} },
        { endpoint: '/books', method: 'GET', headers: { 'bad header': 'x' } },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('/'));
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'rules/0/method', 'rules/1/latency/min_ms', 'rules/2/fault/error_rate', 'rules/2/fault/dribble/chunk_bytes', 'rules/3/new_response', 'rules/4/headers/bad header']),
    );
  });

  it('keeps the MockLoop field names of an update', () => {
    const parsed = updateSchema.parse({ endpoint: '/books', method: 'get', status: 200, new_response: { a: [1] }, session_id: 's1' });
    expect(parsed).toMatchObject({ method: 'GET', new_response: { a: [1] }, session_id: 's1' });
    expect(updateSchema.safeParse({ endpoint: '/books', method: 'GET', scenario_name: 'x', session_id: 's' }).success).toBe(false);
  });
});

describe('validateScenario', () => {
  it('gathers every rule that does not fit the plan', () => {
    const scenario = scenarioSchema.parse({
      name: 'x',
      rules: [
        { endpoint: '/books', method: 'GET', status: 429 },
        { endpoint: '/books', method: 'GET', status: 500 },
        { endpoint: 'nope', method: 'GET' },
        { endpoint: 'getBook', method: 'GET', status: 404, example: 'dune' },
        { endpoint: '/v1/books', method: 'GET' },
      ],
    });
    const errors = validateScenario(plan, scenario);
    expect(errors.map((e) => [e.location, e.code])).toEqual([
      ['rules/1/status', 'unknown-status'],
      ['rules/1', 'duplicate'],
      ['rules/2/endpoint', 'unknown-operation'],
      ['rules/3/example', 'unknown-example'],
      ['rules/4', 'duplicate'],
    ]);
    expect(errors[0].message).toContain('200, 400, 429');
  });
});

describe('compileSteering', () => {
  const options = { stateful: false, random: () => 0.5 };
  const withLive = (state: Partial<SteeringState>): SteeringState => ({ ...emptySteering(), ...state });

  it('is null when nothing steers the mock', () => {
    expect(compileSteering(plan, { state: emptySteering(), scenarios: {} }, options)).toBeNull();
    expect(compileSteering(plan, { state: emptySteering(), scenarios: {} }, { ...options, stateful: true })).not.toBeNull();
  });

  it('puts overrides over scenario rules, a default under both, and sessions over the global state', () => {
    const scenario = scenarioSchema.parse({ name: 'sc', default: { status: 400 }, rules: [{ endpoint: '/books', method: 'GET', status: 429 }, { endpoint: 'getBook', method: 'GET', status: 404 }] });
    const state = withLive({
      live: { scenario: 'sc', overrides: [{ endpoint: '/books/{bookId}', method: 'GET', status: 200 }] },
      sessions: { s1: { scenario: null, overrides: [{ endpoint: '/authors', method: 'GET', status: 400 }] } },
    });
    const steering = compileSteering(plan, { state, scenarios: { sc: scenario } }, options)!;
    const live = steering.rulesFor(null)!;
    expect(live.rule(op('listBooks'))).toMatchObject({ source: 'sc', status: 429, fallback: false });
    expect(live.rule(op('getBook'))).toMatchObject({ source: 'override', status: 200 });
    expect(live.rule(op('listAuthors'))).toMatchObject({ source: 'sc', status: 400, fallback: true });
    expect(steering.rulesFor('unknown-session')).toBe(live);
    const session = steering.rulesFor('s1')!;
    expect(session.scope).toBe('s1');
    expect(session.rule(op('listBooks'))).toBeUndefined();
    expect(session.rule(op('listAuthors'))).toMatchObject({ source: 'override', status: 400 });
  });

  it('gives a seeded fault the same random sequence each time it is compiled', () => {
    const state = withLive({ live: { scenario: null, overrides: [{ endpoint: '/books', method: 'GET', fault: { error_rate: 0.5, seed: 3 } }] } });
    const draws = () => {
      const rule = compileSteering(plan, { state, scenarios: {} }, { stateful: false, random: Math.random })!.rulesFor(null)!.rule(op('listBooks'))!;
      return Array.from({ length: 5 }, () => rule.random());
    };
    expect(draws()).toEqual(draws());
  });
});
