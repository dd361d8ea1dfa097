import { describe, expect, it } from 'vitest';
import { parseJsonPath, selectJsonPath } from '../../json/json-path';
import { parseTestPlan } from './parse';
import { runTestPlan } from './runner';
import { TEST_PLAN_JSON_SCHEMA } from './schema';
import { fillTemplate, TemplateTooLarge, UnknownVariable } from './template';

const q = (doc: unknown, path: string) => {
  const compiled = parseJsonPath(path);
  if (!compiled.ok) throw new Error(compiled.reason);
  return selectJsonPath(compiled.steps, doc);
};

describe('the JSONPath subset', () => {
  const doc = { items: [{ id: 'a', tags: ['x'] }, { id: 'b', nested: { id: 'c' } }], 'odd key': 1 };
  it('selects members, elements, wildcards and descendants', () => {
    expect(q(doc, '$.items[0].id')).toEqual(['a']);
    expect(q(doc, '$.items[-1].id')).toEqual(['b']);
    expect(q(doc, '$.items[*].id')).toEqual(['a', 'b']);
    expect(q(doc, '$..id')).toEqual(['a', 'b', 'c']);
    expect(q(doc, "$['odd key']")).toEqual([1]);
    expect(q(doc, '$.items[5]')).toEqual([]);
    expect(q(doc, '$')).toEqual([doc]);
    // The same subset as the request journal's matchesJsonPath: filters on a member's presence or value.
    expect(q(doc, '$.items[?(@.nested)].id')).toEqual(['b']);
    expect(q(doc, "$.items[?(@.id == 'a')].tags[0]")).toEqual(['x']);
  });
  it('refuses what it does not implement, with a reason', () => {
    for (const path of ['items', '$.items[?(@.id =~ /a/)]', '$.items[0:2]', '$.a b']) expect(parseJsonPath(path).ok, path).toBe(false);
  });
});

describe('templating', () => {
  it('keeps a whole-string variable’s type and interpolates elsewhere', () => {
    expect(fillTemplate({ p: '/books/{{id}}', n: '{{n}}', o: 'x{{o}}' }, { id: 'b1', n: 3, o: { a: 1 } })).toEqual({ p: '/books/b1', n: 3, o: 'x{"a":1}' });
  });
  it('names an unknown variable, and bounds what a template can grow to', () => {
    expect(() => fillTemplate('/books/{{nope}}', {})).toThrow(UnknownVariable);
    expect(() => fillTemplate(Array(100).fill('{{v}}{{v}}'), { v: 'x'.repeat(4000) }, 100_000)).toThrow(TemplateTooLarge);
  });
});

describe('plan validation', () => {
  it('reports every problem by JSON pointer, and line:column for broken YAML', () => {
    const bad = parseTestPlan(
      ['name: p', 'steps:', '  - name: a', '    request: {path: books, method: FETCH}', '    expect: {status: 99, assert: [{path: $.x, pointer: /x}]}', '  - name: a', '    request: {path: /b}', '    extra: 1', 'iterations:', '  - {name: i, steps: [zzz]}'].join('\n'),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const locations = (bad.problem.errors ?? []).map((e) => e.location);
    expect(locations).toEqual(
      expect.arrayContaining(['/steps/0/request/path', '/steps/0/request/method', '/steps/0/expect/status', '/steps/0/expect/assert/0', '/steps/1/extra']),
    );
    // Cross-references are checked once the shape holds.
    const refs = parseTestPlan('name: p\nsteps:\n  - {name: a, request: {path: /a}}\n  - {name: a, request: {path: /b}}\niterations:\n  - {name: i, steps: [zzz]}\n');
    expect(refs.ok ? [] : refs.problem.errors?.map((e) => e.location)).toEqual(['/steps/1/name', '/iterations/0/steps/0']);
    const broken = parseTestPlan('name: p\nsteps: [\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problem.errors?.[0].line).toBeGreaterThan(0);
  });
  it('publishes a JSON Schema naming the plan’s parts', () => {
    const props = (TEST_PLAN_JSON_SCHEMA.properties ?? {}) as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['name', 'steps', 'setup', 'teardown', 'iterations', 'scenarios', 'variables']));
  });
});

describe('the runner with an injected fetch', () => {
  const plan = (() => {
    const r = parseTestPlan('name: p\nisolate: false\nsteps:\n  - {name: one, request: {path: /a}, expect: {status: 200}}\n  - {name: two, request: {path: /b}}\n  - {name: three, request: {path: /c}}\n');
    if (!r.ok) throw new Error('plan');
    return r.value;
  })();

  it('stops on cancellation, keeping the steps that ran', async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const fetchStub = async (url: string) => {
      sent.push(new URL(url).pathname);
      if (sent.length === 2) controller.abort();
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const out = await runTestPlan(plan, { target: 'http://api.test/v1', fetch: fetchStub, signal: controller.signal });
    expect(out.ok && out.result.status).toBe('cancelled');
    expect(out.ok && out.result.iterations[0].steps.map((s) => s.step)).toEqual(['one', 'two']);
    expect(sent).toEqual(['/v1/a', '/v1/b']);
  });

  it('keeps a templated path inside the target, and refuses a plan with no target', async () => {
    const leaving = parseTestPlan('name: p\nisolate: false\nvariables: {p: "../admin"}\nsteps:\n  - {name: one, request: {path: "/{{p}}"}}\n');
    if (!leaving.ok) throw new Error('plan');
    const sent: string[] = [];
    const out = await runTestPlan(leaving.value, { target: 'http://api.test/v1', fetch: async (url: string) => {
        sent.push(url);
        return new Response('');
      },
    });
    expect(sent).toEqual([]);
    expect(out.ok && out.result.failures[0]).toMatchObject({ check: 'request', location: '/steps/0/request/path' });
    expect(await runTestPlan(plan, { fetch: async () => new Response('') })).toEqual({ ok: false, reason: expect.stringContaining('no target') });
  });
});
