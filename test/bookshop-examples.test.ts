/**
 * The sample API must be honest: every example in examples/bookshop.yaml validates against the
 * schema it illustrates, so the mock can serve the examples as they are. Examples are checked the
 * way a client sees them: request examples need not carry readOnly properties, response examples
 * need not carry writeOnly ones (OpenAPI 3.1 §4.8.24.3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Schema, Validator } from '@cfworker/json-schema';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

type Direction = 'request' | 'response';
type Json = Record<string, unknown>;

interface ExampleCase {
  /** Where the example sits, as a readable pointer. */
  where: string;
  schema: unknown;
  value: unknown;
  direction: Direction;
}

const doc: unknown = parse(readFileSync(join(import.meta.dirname, '..', 'examples', 'bookshop.yaml'), 'utf8'));

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Follows a local `$ref` (`#/components/...`), repeatedly; anything else comes back as it is. */
function deref(node: unknown, depth = 0): unknown {
  if (!isRecord(node) || typeof node.$ref !== 'string' || depth > 10) return node;
  let target: unknown = doc;
  for (const token of node.$ref.replace(/^#\//, '').split('/')) {
    target = record(target)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return deref(target, depth + 1);
}

const root = record(doc);
const components = record(root.components);

/** Example holders (parameter, header, media type): `example`, and each of `examples` (maybe by `$ref`). */
function holderCases(holder: unknown, where: string, direction: Direction, out: ExampleCase[]): void {
  const node = record(deref(holder));
  if (node.schema === undefined) return;
  if ('example' in node) out.push({ where: `${where}/example`, schema: node.schema, value: node.example, direction });
  for (const [name, example] of Object.entries(record(node.examples))) {
    const resolved = record(deref(example));
    if ('value' in resolved) out.push({ where: `${where}/examples/${name}`, schema: node.schema, value: resolved.value, direction });
  }
}

/** Schema-level examples (`examples: [...]` in 2020-12, or a lone `example`), anywhere in a schema tree. */
function schemaCases(schema: unknown, where: string, out: ExampleCase[]): void {
  if (!isRecord(schema)) return;
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((value, i) => {
      out.push({ where: `${where}/examples/${i}`, schema, value, direction: 'response' });
    });
  }
  if ('example' in schema) out.push({ where: `${where}/example`, schema, value: schema.example, direction: 'response' });
  for (const [key, value] of Object.entries(record(schema.properties))) schemaCases(value, `${where}/properties/${key}`, out);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) branches.forEach((branch, i) => {
      schemaCases(branch, `${where}/${key}/${i}`, out);
    });
  }
  schemaCases(schema.items, `${where}/items`, out);
}

function collectCases(): ExampleCase[] {
  const out: ExampleCase[] = [];
  for (const [path, item] of Object.entries(record(root.paths))) {
    const pathItem = record(item);
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const [method, op] of Object.entries(pathItem)) {
      if (method === 'parameters' || !isRecord(op)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])];
      params.forEach((param, i) => {
        holderCases(param, `${at} parameters/${i}`, 'request', out);
      });
      for (const [type, media] of Object.entries(record(record(deref(op.requestBody)).content))) {
        holderCases(media, `${at} requestBody/${type}`, 'request', out);
      }
      for (const [status, response] of Object.entries(record(op.responses))) {
        const resolved = record(deref(response));
        for (const [type, media] of Object.entries(record(resolved.content))) holderCases(media, `${at} ${status}/${type}`, 'response', out);
        for (const [name, header] of Object.entries(record(resolved.headers))) holderCases(header, `${at} ${status} header ${name}`, 'response', out);
      }
    }
  }
  // Reusable components are checked once more where they are declared, used or not.
  for (const [name, param] of Object.entries(record(components.parameters))) holderCases(param, `#/components/parameters/${name}`, 'request', out);
  for (const [name, header] of Object.entries(record(components.headers))) holderCases(header, `#/components/headers/${name}`, 'response', out);
  for (const [name, schema] of Object.entries(record(components.schemas))) schemaCases(schema, `#/components/schemas/${name}`, out);
  return out;
}

/** Deep copy without annotations that a validator would misread as schemas (`example` data). */
function stripExamples(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => stripExamples(item));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties`, `example` would be a property name; elsewhere it is an annotation.
    if ((key === 'example' || key === 'examples') && parentKey !== 'properties') continue;
    out[key] = key === 'enum' || key === 'const' ? value : stripExamples(value, key);
  }
  return out;
}

/** The schema as one direction sees it: properties hidden in that direction are no longer required. */
function forDirection(node: unknown, direction: Direction): unknown {
  if (Array.isArray(node)) return node.map((item) => forDirection(item, direction));
  if (!isRecord(node)) return node;
  const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'enum' || key === 'const' ? value : forDirection(value, direction);
  if (Array.isArray(node.required) && isRecord(node.properties)) {
    const properties = node.properties;
    out.required = node.required.filter((name) => !(typeof name === 'string' && record(properties[name])[hidden] === true));
  }
  return out;
}

function toDefs(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', '"#/$defs/'));
}

function validatorFor(schema: unknown, direction: Direction): Validator {
  const defs = toDefs(forDirection(stripExamples(components.schemas), direction));
  const body = toDefs(forDirection(stripExamples(schema), direction));
  if (typeof body === 'boolean') return new Validator(body, '2020-12', false);
  // SAFETY: `body` is a JSON object from the YAML document; cfworker's `Schema` is an open record.
  return new Validator({ ...(body as Schema), $defs: defs }, '2020-12', false);
}

function check(example: ExampleCase): string[] {
  const result = validatorFor(example.schema, example.direction).validate(example.value);
  return result.errors.map((e) => `${e.instanceLocation} ${e.keyword}: ${e.error}`);
}

const cases = collectCases();

describe('examples/bookshop.yaml', () => {
  it.each(cases.map((c) => [c.where, c] as const))('%s validates', (_where, example) => {
    expect(check(example)).toEqual([]);
  });

  it('has examples everywhere the mock needs them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const wheres = cases.map((c) => c.where);
    expect(wheres).toContain('GET /books 200/application/json/examples/firstPage');
    expect(wheres).toContain('GET /books 200/application/json/examples/empty');
    expect(wheres).toContain('POST /orders requestBody/application/json/examples/delivery');
  });

  it('would catch a wrong example (the checker is not vacuous)', () => {
    const dune = record(record(record(components.examples).Dune).value);
    const book = { $ref: '#/components/schemas/Book' };
    expect(check({ where: 'price', schema: book, value: { ...dune, price: 9.999 }, direction: 'response' })).not.toEqual([]);
    expect(check({ where: 'isbn', schema: book, value: { ...dune, isbn: '123' }, direction: 'response' })).not.toEqual([]);
    expect(check({ where: 'extra', schema: book, value: { ...dune, rogue: true }, direction: 'request' })).not.toEqual([]);
    const { id: _id, ...withoutId } = dune;
    expect(check({ where: 'no id', schema: book, value: withoutId, direction: 'response' })).not.toEqual([]);
    const order = { $ref: '#/components/schemas/Order' };
    expect(check({ where: 'kind', schema: order, value: { kind: 'drone', lines: [] }, direction: 'request' })).not.toEqual([]);
  });

  it('needs readOnly properties in responses only', () => {
    const book = { $ref: '#/components/schemas/Book' };
    const { id: _id, createdAt: _createdAt, ...input } = record(record(record(components.examples).Dune).value);
    expect(check({ where: 'request', schema: book, value: input, direction: 'request' })).toEqual([]);
    expect(check({ where: 'response', schema: book, value: input, direction: 'response' })).not.toEqual([]);
  });

  it('resolves every $ref and names every operation uniquely', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (isRecord(node)) {
        if (typeof node.$ref === 'string') refs.push(node.$ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(deref({ $ref: ref }), ref).toBeDefined();

    const ids: string[] = [];
    const tags = new Set((Array.isArray(root.tags) ? root.tags : []).map((t) => record(t).name));
    for (const item of Object.values(record(root.paths))) {
      for (const [method, op] of Object.entries(record(item))) {
        if (method === 'parameters' || !isRecord(op)) continue;
        ids.push(String(op.operationId));
        for (const tag of Array.isArray(op.tags) ? op.tags : []) expect(tags.has(tag), `tag ${tag}`).toBe(true);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('undefined');
  });

  it('declares the server, security schemes and base path the project relies on', () => {
    expect(root.openapi).toBe('3.1.0');
    expect(record((root.servers as unknown[])[0]).url).toBe('http://localhost:4010/v1');
    expect(Object.keys(record(components.securitySchemes)).sort()).toEqual(['apiKeyAuth', 'bearerAuth']);
    expect(root.security).toBeUndefined();
  });
});
