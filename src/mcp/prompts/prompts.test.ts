import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BOOKSHOP, compileOrThrow, HAS_SHARED_SPECS, SHARED_SPECS } from '../../../test/helpers/stack';
import type { JsonSchema, MockPlan } from '../../plan';
import { scenarioSchema } from '../../scenarios/model';
import { findPack, instantiatePack } from '../../scenarios/packs';
import { compileValidator } from '../../json-schema';
import { PROMPTS, type PromptOutcome, subjectOf } from './index';

function prompt(name: string) {
  const found = PROMPTS.find((p) => p.name === name);
  if (!found) throw new Error(name);
  return found;
}

function text(outcome: PromptOutcome): string {
  if (!outcome.ok) throw new Error(`${outcome.field}: ${outcome.message}`);
  expect(outcome.result.messages).toHaveLength(1);
  expect(outcome.result.messages[0].role).toBe('user');
  return outcome.result.messages[0].content.text;
}

/** Runs a prompt the way the MCP SDK does: the arguments parsed with its argsSchema first. */
function run(name: string, plan: MockPlan, args: Record<string, string>): PromptOutcome {
  const p = prompt(name);
  return p.build(plan, z.object(p.argsSchema).parse(args));
}

function embeddedSchema(body: string): JsonSchema {
  const m = /JSON Schema of the scenario config:\n```json\n(.+)\n```/.exec(body);
  if (!m) throw new Error('no schema block');
  return JSON.parse(m[1]) as JsonSchema;
}

describe('the prompt registry', () => {
  it('has the five prompts of the original MockLoop MCP, each taking string arguments: mock_name or spec_url', () => {
    expect(PROMPTS.map((p) => p.name)).toEqual(['analyze_openapi_for_testing', 'generate_scenario_config', 'optimize_scenario_for_load', 'generate_error_scenarios', 'generate_security_test_scenarios']);
    for (const p of PROMPTS) {
      const args = z.object(p.argsSchema);
      expect(args.safeParse({ mock_name: 'bookshop' }).success, p.name).toBe(true);
      expect(args.safeParse({ spec_url: 'not a url' }).success, p.name).toBe(false);
      for (const [key, schema] of Object.entries(p.argsSchema)) expect(z.toJSONSchema(schema).type, `${p.name}.${key}`).toBe('string');
      expect(p.description.length).toBeGreaterThan(40);
    }
  });
});

describe('prompts on the bookshop', () => {
  let plan: MockPlan;
  beforeAll(async () => {
    plan = await compileOrThrow(BOOKSHOP);
  });

  it('needs exactly one of mock_name and spec_url', () => {
    for (const p of PROMPTS) {
      expect(run(p.name, plan, {}), p.name).toEqual({ ok: false, field: 'mock_name', message: 'is required (or give spec_url).' });
      expect(run(p.name, plan, { mock_name: 'a', spec_url: 'https://example.com/openapi.yaml' }), p.name).toMatchObject({ ok: false, field: 'spec_url' });
    }
    expect(subjectOf({ spec_url: 'https://example.com/openapi.yaml' })).toEqual({ ok: true, subject: { kind: 'spec', url: 'https://example.com/openapi.yaml' } });
  });

  it('from a spec not mocked yet: the text says to create the mock before validating', () => {
    const body = text(run('generate_error_scenarios', plan, { spec_url: 'https://example.com/bookshop.yaml' }));
    expect(body).toContain('The API described at https://example.com/bookshop.yaml is "Bookshop API" 1.0.0');
    expect(body).toContain('create a mock from https://example.com/bookshop.yaml with `generate_mock_api`');
  });

  it('every prompt is built from the real plan and embeds the scenario JSON Schema', () => {
    const expected = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
    for (const p of PROMPTS) {
      const body = text(run(p.name, plan, { mock_name: 'bookshop' }));
      expect(body, p.name).toContain('The mock `bookshop` serves "Bookshop API" 1.0.0');
      expect(body, p.name).toContain('POST /orders (createOrder) [orders] → 201, 400, 401, 422, 429');
      expect(body, p.name).toContain('`validate_scenario_config` for the mock `bookshop`');
      expect(embeddedSchema(body), p.name).toEqual(expected);
    }
  });

  it('the embedded schema accepts what the packs produce', () => {
    const body = text(run('generate_scenario_config', plan, { mock_name: 'bookshop' }));
    const check = compileValidator(embeddedSchema(body), {}, 'scenario');
    for (const uri of ['scenario-pack://error-simulation/rate-limiting', 'scenario-pack://security/auth-failures', 'scenario-pack://business-logic/empty-collections']) {
      const r = instantiatePack(findPack(uri)!, plan);
      if (!r.ok) throw new Error(r.reason);
      expect(check(r.scenario), uri).toEqual([]);
    }
    expect(check({ name: 'x', rules: [{ endpoint: '/books', method: 'GET', status: 'teapot' }] })).not.toEqual([]);
  });

  it('analyze_openapi_for_testing lists auth, gaps, injectable inputs, paging, collections and the packs that apply', () => {
    const body = text(run('analyze_openapi_for_testing', plan, { mock_name: 'bookshop', testing_focus: 'security' }));
    expect(body).toContain('- apiKeyAuth: apiKey in header X-API-Key, accepted by 2 operation(s)');
    expect(body).toContain('- GET /orders/{orderId} (getOrder) needs apiKeyAuth');
    expect(body).toContain('- no-5xx: No operation declares a 5xx response');
    expect(body).toContain('- GET /books (listBooks): query `q` (search)');
    expect(body).toContain('- GET /books (listBooks): limit (limit), offset (offset); array in `items`, total in `total`');
    expect(body).toContain('- /books (GET, POST) with items at /books/{bookId} (GET, PUT, DELETE)');
    expect(body).toContain('- scenario-pack://security/auth-failures: Credentials refused; applies to 6 operation(s)');
    expect(body).toContain('Concentrate on security');
  });

  it('a tag narrows every section to its operations; an unknown tag names the known ones', () => {
    const body = text(run('generate_error_scenarios', plan, { mock_name: 'bookshop', tag: 'orders' }));
    expect(body).toContain('It has 2 operations');
    expect(body).not.toContain('(listBooks)');
    expect(run('generate_error_scenarios', plan, { mock_name: 'bookshop', tag: 'toys' })).toEqual({
      ok: false,
      field: 'tag',
      message: 'No operation has the tag "toys"; the tags are meta, books, reviews, authors, orders, newsletter.',
    });
  });

  it('generate_scenario_config: the type steers the ask, the name is checked', () => {
    const body = text(run('generate_scenario_config', plan, { mock_name: 'bookshop', scenario_type: 'load_testing', goal: 'checkout under Black Friday load', scenario_name: 'black-friday' }));
    expect(body).toContain('Scenario type: load_testing. Make the mock behave like a production service under load');
    expect(body).toContain("The goal, in the user's words: checkout under Black Friday load");
    expect(body).toContain('Name the scenario `black-friday`.');
    expect(body).toContain('scenario-pack://performance/degraded');
    expect(run('generate_scenario_config', plan, { mock_name: 'bookshop', scenario_name: 'active' })).toMatchObject({ ok: false, field: 'scenario_name' });
  });

  it('optimize_scenario_for_load: checks the base scenario against the plan and carries the targets', () => {
    const good = JSON.stringify({ name: 'base', rules: [{ endpoint: '/books', method: 'get', latency: { type: 'fixed', ms: 50 } }] });
    const body = text(run('optimize_scenario_for_load', plan, { mock_name: 'bookshop', base_scenario: good, target_rps: '500', latency_p95_ms: '250', error_rate: '0.02' }));
    expect(body).toContain('for a load run of 500 requests/s');
    expect(body).toContain('It validates against this mock.');
    expect(body).toContain('Aim for a p95 near 250 ms');
    expect(body).toContain('about 0.02 of calls should fail');
    const bad = JSON.stringify({ name: 'base', rules: [{ endpoint: '/toys', method: 'GET' }] });
    expect(text(run('optimize_scenario_for_load', plan, { mock_name: 'bookshop', base_scenario: bad }))).toContain('It does not validate against this mock; fix these first:\n- rules/0/endpoint: No operation is declared at /toys');
    expect(run('optimize_scenario_for_load', plan, { mock_name: 'bookshop', base_scenario: '{nope' })).toEqual({ ok: false, field: 'base_scenario', message: 'is not JSON text.' });
    expect(run('optimize_scenario_for_load', plan, { mock_name: 'bookshop', base_scenario: '{"rules":[]}' })).toMatchObject({ ok: false, field: 'base_scenario', message: expect.stringContaining('name') });
    expect(z.object(prompt('optimize_scenario_for_load').argsSchema).safeParse({ mock_name: 'b', error_rate: '2' }).success).toBe(false);
  });

  it('generate_error_scenarios: only the kinds asked for, at the severity asked for', () => {
    const body = text(run('generate_error_scenarios', plan, { mock_name: 'bookshop', error_types: 'client, rate_limiting', severity_level: 'high' }));
    expect(body).toContain('one scenario per kind of failure: client, rate_limiting. Severity high: where a failure is random, use `fault.error_rate` 1');
    expect(body).toContain('- rate_limiting: `fault.error_status: 429`');
    expect(body).not.toContain('- timeouts:');
    expect(z.object(prompt('generate_error_scenarios').argsSchema).safeParse({ mock_name: 'b', error_types: 'client,explosions' }).success).toBe(false);
  });

  it('generate_security_test_scenarios: secured operations, injectable inputs, and the requirements given', () => {
    const body = text(run('generate_security_test_scenarios', plan, { mock_name: 'bookshop', security_focus: 'injection', compliance_requirements: 'PCI DSS 4.0' }));
    expect(body).toContain('6 operation(s) need credentials');
    expect(body).toContain('- POST /orders (createOrder): body `address.city` (free-form)');
    expect(body).toContain('Concentrate on injection');
    expect(body).toContain('name the items each scenario covers: PCI DSS 4.0');
  });
});

describe.skipIf(!HAS_SHARED_SPECS)('prompts on every shared spec', () => {
  it('build for every spec, stay bounded, and never list an operation the plan lacks', async () => {
    for (const file of readdirSync(SHARED_SPECS).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const plan = await compileOrThrow(join(SHARED_SPECS, file));
      const known = new Set(plan.operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
      for (const p of PROMPTS) {
        const body = text(run(p.name, plan, { mock_name: 'm' }));
        expect(body.length, `${file} ${p.name}`).toBeLessThan(60_000);
        for (const m of body.matchAll(/^- (GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (\/\S*?)(?=:? |:?$)/gm)) expect(known.has(`${m[1]} ${m[2]}`), `${file} ${m[0]}`).toBe(true);
      }
    }
  });

  it('an API without security says so instead of inventing credentials', async () => {
    const plan = await compileOrThrow(join(SHARED_SPECS, 'petstore-expanded.yaml'));
    expect(text(run('generate_security_test_scenarios', plan, { mock_name: 'pets' }))).toContain('No operation of this API needs credentials');
  });
});
