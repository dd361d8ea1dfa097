import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../plan/types';
import { compileValidator } from './index';

const defs: Record<string, JsonSchema> = {
  Book: {
    type: 'object',
    required: ['title', 'price'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid', readOnly: true, example: { id: 'not-a-schema' } },
      title: { type: 'string', minLength: 1, maxLength: 200 },
      price: { type: 'number', minimum: 0, multipleOf: 0.01 },
      genre: { $ref: '#/$defs/Genre' },
      isbn: { type: 'string', pattern: '^97[89]\\d{10}$' },
      tags: { type: 'array', uniqueItems: true, maxItems: 3, items: { type: 'string' } },
      createdAt: { type: 'string', format: 'date-time' },
      pages: { type: ['integer', 'null'], exclusiveMinimum: 0 },
    },
    example: { id: 'also-not-a-schema', title: 'T', price: 1 },
  },
  Genre: { type: 'string', enum: ['fiction', 'poetry', 'history'] },
  Author: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, related: { type: 'array', items: { $ref: '#/$defs/Author' } } },
  },
  Pickup: { type: 'object', required: ['kind', 'store'], properties: { kind: { const: 'pickup' }, store: { type: 'string' } } },
  Delivery: {
    type: 'object',
    required: ['kind', 'address'],
    properties: { kind: { const: 'delivery' }, address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } },
  },
  Order: {
    oneOf: [{ $ref: '#/$defs/Pickup' }, { $ref: '#/$defs/Delivery' }],
    discriminator: { propertyName: 'kind', mapping: { pickup: '#/components/schemas/Pickup', delivery: '#/components/schemas/Delivery' } },
  },
};

const book = compileValidator({ $ref: '#/$defs/Book' }, defs, 'body');
const goodBook = { title: 'Dune', price: 9.99, genre: 'fiction', isbn: '9780441013593', tags: ['sf'], createdAt: '2024-01-02T03:04:05Z', pages: null };

describe('compileValidator', () => {
  it('returns no problems for a valid value', () => {
    expect(book(goodBook)).toEqual([]);
  });

  it('reports every violation, one item per location, in words', () => {
    const problems = book({ title: '', genre: 'jazz', isbn: '123', tags: ['a', 'a'], createdAt: 'yesterday', pages: 0, extra: true });
    expect(problems).toEqual([
      { location: 'body/price', code: 'required', message: 'is required' },
      { location: 'body/title', code: 'minLength', message: 'must be at least 1 character long' },
      { location: 'body/genre', code: 'enum', message: 'must be one of: fiction, poetry, history' },
      { location: 'body/isbn', code: 'pattern', message: 'must match pattern ^97[89]\\d{10}$' },
      { location: 'body/tags', code: 'uniqueItems', message: 'must not contain duplicates (indexes 0 and 1)' },
      { location: 'body/createdAt', code: 'format', message: 'must be a date-time' },
      { location: 'body/pages', code: 'exclusiveMinimum', message: 'must be greater than 0' },
      { location: 'body/extra', code: 'additionalProperties', message: 'is not allowed' },
    ]);
  });

  it('merges several failures at one location into one item', () => {
    expect(book({ ...goodBook, price: -0.001 })).toEqual([
      { location: 'body/price', code: 'minimum', message: 'must be at least 0; must be a multiple of 0.01' },
    ]);
  });

  it('words types, including type lists', () => {
    expect(book({ ...goodBook, title: 5, pages: 'many' })).toEqual([
      { location: 'body/title', code: 'type', message: 'must be string' },
      { location: 'body/pages', code: 'type', message: 'must be integer or null' },
    ]);
  });

  it('prefixes parameter locations and descends into arrays', () => {
    const limit = compileValidator({ type: 'integer', minimum: 1, maximum: 100 }, defs, 'query/limit');
    expect(limit(500)).toEqual([{ location: 'query/limit', code: 'maximum', message: 'must be at most 100' }]);
    expect(limit('4.2')).toEqual([{ location: 'query/limit', code: 'type', message: 'must be integer' }]);
    const ids = compileValidator({ type: 'array', maxItems: 2, items: { type: 'integer' } }, defs, 'query/id');
    expect(ids([1, 'x', 3])).toEqual([
      { location: 'query/id', code: 'maxItems', message: 'must have at most 2 items' },
      { location: 'query/id/1', code: 'type', message: 'must be integer' },
    ]);
  });

  it('escapes property names in locations as JSON pointer tokens', () => {
    const check = compileValidator({ type: 'object', properties: { 'a/b': { type: 'integer' }, 'c~d e': { type: 'integer' } } }, {}, 'body');
    expect(check({ 'a/b': 'x', 'c~d e': 'y' }).map((p) => p.location)).toEqual(['body/a~1b', 'body/c~0d e']);
  });

  it('checks the formats cfworker knows and ignores every other one', () => {
    const formats = ['email', 'uuid', 'date', 'uri', 'ipv4', 'int32', 'int64', 'binary', 'password', 'my-custom', 'constructor', 'hasOwnProperty', '__proto__'];
    const schema = { type: 'object', properties: Object.fromEntries(formats.map((f) => [f, { type: 'string', format: f }])) };
    const check = compileValidator(schema, {}, 'body');
    const value = Object.fromEntries(formats.map((f) => [f, 'not valid']));
    expect(check(value)).toEqual([
      { location: 'body/email', code: 'format', message: 'must be an email' },
      { location: 'body/uuid', code: 'format', message: 'must be a uuid' },
      { location: 'body/date', code: 'format', message: 'must be a date' },
      { location: 'body/uri', code: 'format', message: 'must be a uri' },
      { location: 'body/ipv4', code: 'format', message: 'must be an ipv4' },
    ]);
  });

  it('follows recursive $refs to deep locations', () => {
    const author = compileValidator({ $ref: '#/$defs/Author' }, defs, 'body');
    expect(author({ name: 'A', related: [{ name: 'B', related: [{ related: [] }] }] })).toEqual([
      { location: 'body/related/0/related/0/name', code: 'required', message: 'is required' },
    ]);
  });

  it('reports the branch an OpenAPI discriminator picks', () => {
    const orders = compileValidator({ type: 'array', items: { $ref: '#/$defs/Order' } }, defs, 'body');
    expect(orders([{ kind: 'delivery', address: {} }, { kind: 'pickup' }, { kind: 'pickup', store: 'X' }])).toEqual([
      { location: 'body/0/address/city', code: 'required', message: 'is required' },
      { location: 'body/1/store', code: 'required', message: 'is required' },
    ]);
  });

  it('follows a discriminator mapping to the plan\'s direction variants', () => {
    const variants: Record<string, JsonSchema> = {
      ...defs,
      // Both branches fail for a value with the wrong `kind`, so only the mapping can tell them apart.
      'Pickup@request': { type: 'object', required: ['store'], properties: { store: { type: 'string' } } },
      'Delivery@request': { type: 'object', required: ['address'], properties: { address: { type: 'object' } } },
    };
    const order = compileValidator(
      {
        oneOf: [{ $ref: '#/$defs/Pickup@request' }, { $ref: '#/$defs/Delivery@request' }],
        discriminator: { propertyName: 'kind', mapping: { pickup: '#/components/schemas/Pickup', delivery: '#/components/schemas/Delivery' } },
      },
      variants,
      'body',
    );
    expect(order({ kind: 'delivery' })).toEqual([{ location: 'body/address', code: 'required', message: 'is required' }]);
  });

  it('accepts, for requests, a value whose discriminator names a branch it fits although other branches fit too', () => {
    const pets: Record<string, JsonSchema> = {
      Cat: { type: 'object', required: ['petType', 'name'], properties: { petType: { type: 'string' }, name: { type: 'string' } } },
      Dog: { type: 'object', required: ['petType', 'name'], properties: { petType: { type: 'string' }, name: { type: 'string' }, bark: { type: 'boolean' } } },
      Pet: { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType', mapping: { dog: '#/components/schemas/Dog' } } },
    };
    const plain = compileValidator({ $ref: '#/$defs/Pet' }, pets, 'body');
    const selecting = compileValidator({ $ref: '#/$defs/Pet' }, pets, 'body', { discriminators: true });
    // Both branches fit: plain JSON Schema refuses oneOf, the discriminator says which is meant.
    expect(plain({ petType: 'Cat', name: 'Tom' })).toEqual([{ location: 'body', code: 'oneOf', message: 'must match exactly one schema in oneOf, but matched 2' }]);
    expect(selecting({ petType: 'Cat', name: 'Tom' })).toEqual([]);
    expect(selecting({ petType: 'dog', name: 'Rex', bark: true })).toEqual([]);
    // Refused only when neither reading accepts: no branch fits, or branches overlap and the name is unknown.
    expect(selecting({ petType: 'Bird', name: 'Tweety' }).length).toBeGreaterThan(0);
    expect(selecting({ petType: 'dog', bark: true }).length).toBeGreaterThan(0);
    // Plain JSON Schema accepts this one (only Cat fits), so it is accepted although `dog` names Dog.
    expect(selecting({ petType: 'dog', name: 'Rex', bark: 'loud' })).toEqual([]);
    expect(selecting({ name: 'Tom' }).length).toBeGreaterThan(0);
  });

  it('reports the composite itself when no branch is clearly meant', () => {
    const order = compileValidator({ $ref: '#/$defs/Order' }, defs, 'body');
    expect(order({ kind: 'drone' })).toEqual([{ location: 'body', code: 'oneOf', message: 'must match exactly one schema in oneOf' }]);
    const either = compileValidator({ oneOf: [{ type: 'integer' }, { type: 'number' }] }, {}, 'body');
    expect(either(5)).toEqual([{ location: 'body', code: 'oneOf', message: 'must match exactly one schema in oneOf, but matched 2' }]);
    expect(either('x')).toEqual([{ location: 'body', code: 'type', message: 'must be integer or number' }]);
    const any = compileValidator({ anyOf: [{ type: 'string', minLength: 5 }, { type: 'string', pattern: '^a' }] }, {}, 'body');
    expect(any('bc')).toEqual([{ location: 'body', code: 'anyOf', message: 'must match at least one schema in anyOf' }]);
  });

  it('explains a nullable reference through the branch whose type fits', () => {
    const maybe = compileValidator({ anyOf: [{ $ref: '#/$defs/Author' }, { type: 'null' }] }, defs, 'body');
    expect(maybe(null)).toEqual([]);
    expect(maybe({})).toEqual([{ location: 'body/name', code: 'required', message: 'is required' }]);
    expect(maybe('x')).toEqual([{ location: 'body', code: 'type', message: 'must be object or null' }]);
  });

  it('words the rarer keywords too', () => {
    const schema = {
      type: 'object',
      propertyNames: { pattern: '^[a-z]+$' },
      dependentRequired: { card: ['cvc'] },
      properties: { list: { type: 'array', contains: { const: 'x' } }, no: { not: { type: 'string' } }, f: false },
      minProperties: 1,
    };
    const check = compileValidator(schema, {}, 'body');
    expect(check({ card: '1', Bad: 1, list: ['y'], no: 's', f: 1 })).toEqual([
      { location: 'body/Bad', code: 'pattern', message: 'name must match pattern ^[a-z]+$' },
      { location: 'body/cvc', code: 'dependentRequired', message: 'is required when card is present' },
      { location: 'body/list', code: 'contains', message: 'must contain at least one matching item' },
      { location: 'body/no', code: 'not', message: 'must not match the excluded schema' },
      { location: 'body/f', code: 'false', message: 'is not allowed' },
    ]);
  });

  it('handles boolean schemas and values it cannot check without throwing', () => {
    expect(compileValidator(true, defs, 'body')(1)).toEqual([]);
    expect(compileValidator(false, defs, 'body')(1)).toEqual([{ location: 'body', code: 'false', message: 'is not allowed' }]);
    expect(book(undefined)).toEqual([{ location: 'body', code: 'required', message: 'is required' }]);
    const dangling = compileValidator({ $ref: '#/$defs/Nope' }, defs, 'body');
    expect(dangling(1)).toEqual([{ location: 'body', code: 'schema', message: expect.stringContaining('Unresolved $ref') }]);
    expect(book({ ...goodBook, title: 10n })[0]).toMatchObject({ location: 'body', code: 'schema' });
  });

  it('drops a pattern the u-flag engine cannot compile instead of failing every request', () => {
    const check = compileValidator({ type: 'string', pattern: '^[a-z' }, {}, 'body');
    expect(check('anything')).toEqual([]);
    const repaired = compileValidator({ type: 'string', pattern: '^[\\w-.]+$' }, {}, 'body');
    expect(repaired('a-b.c')).toEqual([]);
    expect(repaired('a b')).toEqual([{ location: 'body', code: 'pattern', message: 'must match pattern ^[\\w\\-.]+$' }]);
  });

  it('checks patterns in linear time, with one step budget per validation', () => {
    // Natively `^(a+)+$` doubles its work per character: 40 characters would take minutes.
    const nested = compileValidator({ type: 'string', pattern: '^(a+)+$' }, {}, 'body');
    expect(nested('a'.repeat(40))).toEqual([]);
    expect(nested(`${'a'.repeat(5000)}!`)).toEqual([{ location: 'body', code: 'pattern', message: 'must match pattern ^(a+)+$' }]);
    const password = compileValidator({ type: 'string', format: 'email', pattern: '^(?=.*\\d).{8,}$' }, {}, 'body');
    expect(password('a1@example.com')).toEqual([]);
    expect(password('ab@example.com')).toEqual([{ location: 'body', code: 'pattern', message: 'must match pattern ^(?=.*\\d).{8,}$' }]);
    // Thousands of long strings share one budget: past it they are refused, not checked for minutes.
    const many = compileValidator({ type: 'array', items: { type: 'string', pattern: '^(a|a)*$' } }, {}, 'body');
    const started = Date.now();
    const problems = many(Array.from({ length: 2000 }, () => 'a'.repeat(2000)));
    expect(problems.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('matches patternProperties keys in linear time too', () => {
    const check = compileValidator({ type: 'object', patternProperties: { '^(a+)+$': { type: 'integer' } }, additionalProperties: { type: 'string' } }, {}, 'body');
    expect(check({ aaa: 1, other: 'x' })).toEqual([]);
    expect(check({ aaa: 'x' }).length).toBeGreaterThan(0);
    // Natively each extra character doubles the work: 40 would take minutes.
    expect(check({ [`${'a'.repeat(40)}!`]: 'x', [`${'a'.repeat(3000)}!`]: 'y' })).toEqual([]);
    expect(check({ [`${'a'.repeat(40)}!`]: 1 }).length).toBeGreaterThan(0);
  });

  it('drops a pattern that cannot run in linear time (a backreference), as one it cannot compile', () => {
    const check = compileValidator({ type: 'string', pattern: '^(a)\\1$' }, {}, 'body');
    expect(check('ab')).toEqual([]);
  });

  it('leaves the plan untouched, so frozen plans work and validators share definitions', () => {
    const frozen = structuredClone(defs);
    const deepFreeze = (value: unknown): void => {
      if (value && typeof value === 'object') {
        Object.freeze(value);
        for (const item of Object.values(value)) deepFreeze(item);
      }
    };
    deepFreeze(frozen);
    const schema = Object.freeze({ $ref: '#/$defs/Book' });
    const first = compileValidator(schema, frozen, 'body');
    const second = compileValidator({ type: 'array', items: { $ref: '#/$defs/Book' } }, frozen, 'body');
    expect(first(goodBook)).toEqual([]);
    expect(second([goodBook, { ...goodBook, title: '' }])).toEqual([
      { location: 'body/1/title', code: 'minLength', message: 'must be at least 1 character long' },
    ]);
    expect(JSON.stringify(frozen)).toBe(JSON.stringify(defs));
    expect(Object.getOwnPropertyNames(frozen.Book)).toEqual(Object.keys(frozen.Book));
  });

  it('lets a schema carry definitions of its own beside the shared ones', () => {
    const check = compileValidator({ $defs: { Local: { type: 'integer' } }, type: 'object', properties: { a: { $ref: '#/$defs/Local' }, g: { $ref: '#/$defs/Genre' } } }, defs, 'body');
    expect(check({ a: 'x', g: 'jazz' }).map((p) => p.location)).toEqual(['body/a', 'body/g']);
  });
});
