import { describe, expect, test } from 'vitest';
import { SPEC_STRUCTURE, SPEC_SYNTAX, WARNING } from './errors';
import { loadSpec } from './load';
import { getByPointer } from './pointer';
import type { LoadedSpec } from './types';

async function loaded(text: string): Promise<LoadedSpec> {
  const result = await loadSpec({ text, location: 'inline.yaml' });
  if (!result.ok) throw new Error(JSON.stringify(result.problem, null, 2));
  return result.value;
}

describe('loadSpec on real-world quirks', () => {
  test('a webhooks-only 3.1 document: valid, paths added, nothing reported', async () => {
    const spec = await loaded(`openapi: 3.1.0
info: {title: hooks, version: "1"}
webhooks:
  newPet:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: ok}}
`);
    expect(spec.document.paths).toEqual({});
    expect(spec.warnings).toEqual([]);
    expect(spec.sourceFormat).toBe('yaml');
  });

  test('3.1 operations without responses, and operations without operationId', async () => {
    const spec = await loaded(`openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /ping:
    get: {summary: no responses}
    post: {}
`);
    expect(getByPointer(spec.document, '/paths/~1ping/get')).toEqual({ summary: 'no responses' });
    expect(spec.warnings).toEqual([]);
  });

  test('lower-case range codes are upper-cased in declared order; junk keys are warned about', async () => {
    const spec = await loaded(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
        4xx: {description: client}
        5XX: {description: server}
        Default: {description: other}
        OK: {description: not a code}
        x-note: {description: extension}
`);
    const responses = getByPointer(spec.document, '/paths/~1a/get/responses');
    expect(Object.keys(responses as object)).toEqual(['200', '4XX', '5XX', 'default', 'OK', 'x-note']);
    expect(spec.warnings.map((w) => [w.code, w.location])).toEqual([[WARNING.invalidStatusCode, '/paths/~1a/get/responses/OK']]);
  });

  test('duplicate operationIds are a warning naming every place', async () => {
    const spec = await loaded(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: list, responses: {'200': {description: ok}}}}
  /b: {get: {operationId: list, responses: {'200': {description: ok}}}}
`);
    expect(spec.warnings.map((w) => w.location)).toEqual(['/paths/~1a/get/operationId', '/paths/~1b/get/operationId']);
    expect(spec.warnings[0].message).toContain('/paths/~1b/get');
    expect(spec.warnings[0].code).toBe(WARNING.duplicateOperationId);
  });

  test('form-urlencoded and multipart bodies, custom formats and unknown methods', async () => {
    const spec = await loaded(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /upload:
    GET: {responses: {'200': {description: ok}}}
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {q: {type: string, format: my-custom-format}}}
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
            encoding: {file: {contentType: image/png}}
      responses: {'201': {description: made}}
`);
    const content = getByPointer(spec.document, '/paths/~1upload/post/requestBody/content');
    expect(Object.keys(content as object)).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(getByPointer(content, '/application~1x-www-form-urlencoded/schema/properties/q/format')).toBe('my-custom-format');
    expect(spec.warnings.map((w) => [w.code, w.location])).toEqual([[WARNING.unknownField, '/paths/~1upload/GET']]);
    expect(spec.warnings[0].message).toContain('did you mean "get"');
  });

  test('an empty YAML field is read as an empty object, with a warning', async () => {
    const spec = await loaded(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
`);
    expect(getByPointer(spec.document, '/paths/~1a/get')).toEqual({});
    expect(spec.warnings.map((w) => [w.code, w.location])).toEqual([[WARNING.emptyObject, '/paths/~1a/get']]);
  });

  test('a document without info loads, with a warning', async () => {
    const spec = await loaded('openapi: 3.1.0\npaths: {}\n');
    expect(spec.warnings.map((w) => w.code)).toEqual([WARNING.missingInfo]);
  });
});

describe('loadSpec failures', () => {
  test('a YAML syntax error through loadSpec names file, line and column', async () => {
    const result = await loadSpec({ text: 'openapi: 3.0.3\npaths:\n  /a: {get: {]\n', location: 'api.yaml' });
    if (result.ok) throw new Error('expected a failure');
    expect(result.problem.type).toBe(SPEC_SYNTAX.type);
    expect(result.problem.errors?.[0]).toMatchObject({ line: 3 });
    expect(result.problem.detail).toMatch(/^YAML syntax error: api\.yaml: 3:\d+: /);
  });

  test('wrong shapes are fatal, every one listed', async () => {
    const result = await loadSpec({
      text: JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/a': {
            parameters: { name: 'x' },
            get: { parameters: [{ name: 'q' }, { name: 'f', in: 'formData' }, 'oops'], responses: [] },
          },
        },
      }),
    });
    if (result.ok) throw new Error('expected a failure');
    expect(result.problem.type).toBe(SPEC_STRUCTURE.type);
    expect(result.problem.errors?.map((e) => e.location)).toEqual([
      '/paths/~1a/parameters',
      '/paths/~1a/get/parameters/2',
      '/paths/~1a/get/responses',
      '/paths/~1a/get/parameters/0/in',
      '/paths/~1a/get/parameters/1/in',
    ]);
  });

  test('paths that is not an object is fatal', async () => {
    const result = await loadSpec({ text: 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: [/a, /b]\n' });
    expect(!result.ok && result.problem.errors?.map((e) => e.location)).toEqual(['/paths']);
  });

  test('a Swagger 2.0 document too deep to convert fails as a problem (its depth), not a crash', async () => {
    const depth = 20_000;
    const deep = `${'{"type":"object","properties":{"next":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
    const text = `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"Deep":${deep}}}`;
    const result = await loadSpec({ text });
    expect(!result.ok && result.problem.type).toBe(SPEC_STRUCTURE.type);
    expect(!result.ok && result.problem.detail).toContain('levels deep');
  });
});

describe('keys that are JavaScript names', () => {
  test('__proto__ and constructor in the document stay plain keys', async () => {
    const text = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{
      "4xx":{"description":"client"},"__proto__":{"description":"odd"}}}}},
      "components":{"schemas":{"constructor":{"type":"object","properties":{"__proto__":{"type":"string","nullable":true}}}}}}`;
    const spec = await loaded(text);
    const responses = getByPointer(spec.document, '/paths/~1a/get/responses');
    expect(Object.getPrototypeOf(responses)).toBe(Object.prototype);
    expect(Object.keys(responses as object)).toEqual(['4XX', '__proto__']);
    expect(getByPointer(spec.document, '/components/schemas/constructor/properties/__proto__')).toEqual({ type: ['string', 'null'] });
    const probe: Record<string, unknown> = {};
    expect(probe.description).toBeUndefined(); // no prototype was touched
  });
});

describe('nesting depth', () => {
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`;
  const spec = (example: string) =>
    `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"example":${example}}}}}}}}}`;

  test('a 10,000-level example is a problem naming where it goes too deep, not a stack overflow', async () => {
    const result = await loadSpec({ text: spec(nested(10_000)) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.type).toBe(SPEC_STRUCTURE.type);
    expect(result.problem.errors?.[0].location).toMatch(/^\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/example(\/a)+$/);
    expect(result.problem.detail).toContain('256 levels');
  });

  test('the same in YAML flow style is a syntax problem that says so', async () => {
    const result = await loadSpec({ text: `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\nx-deep: ${nested(10_000)}\n` });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.detail).toContain('nests too deeply');
  });

  test('a hundred levels load', async () => {
    expect((await loadSpec({ text: spec(nested(100)) })).ok).toBe(true);
  });
});
