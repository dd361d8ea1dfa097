import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema/types';
import { synthesize } from './index';
import { validatorFor } from './testing';

interface Case {
  name: string;
  schema: JsonSchema;
  defs?: Record<string, JsonSchema>;
  /** An extra check beyond the validator (formats it checks leniently, intent it cannot see). */
  check?: (value: unknown) => boolean;
}

function canParse(text: string, base?: string): boolean {
  try {
    new URL(text, base);
    return true;
  } catch {
    return false;
  }
}

const FORMAT_CHECKS: Record<string, (text: string) => boolean> = {
  'date-time': (t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t) && !Number.isNaN(Date.parse(t)),
  date: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t) && new Date(`${t}T00:00:00Z`).toISOString().startsWith(t),
  time: (t) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t),
  duration: (t) => /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(t),
  uuid: (t) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(t),
  email: (t) => /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(t),
  'idn-email': (t) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(t),
  uri: (t) => /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+(\/\S*)?$/i.test(t) && canParse(t),
  url: (t) => /^https?:\/\/[^\s/]+(\/\S*)?$/i.test(t) && canParse(t),
  'uri-reference': (t) => !/\s/.test(t) && canParse(t, 'https://example.com'),
  hostname: (t) => /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(t),
  'idn-hostname': (t) => t.length > 0 && t.length <= 253 && !/[\s/@]/.test(t),
  ipv4: (t) => /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(t),
  ipv6: (t) => t.includes(':') && canParse(`http://[${t}]/`),
  byte: (t) => t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t) && t.length > 0,
  binary: (t) => t.length > 0,
  password: (t) => t.length > 0,
};

const formatCase = (format: string): Case => ({
  name: `format ${format}`,
  schema: { type: 'string', format },
  check: (v) => typeof v === 'string' && FORMAT_CHECKS[format](v),
});

const isInt = (v: unknown) => Number.isInteger(v);
const codePoints = (v: unknown) => (typeof v === 'string' ? Array.from(v).length : -1);

const Pet: JsonSchema = {
  type: 'object',
  required: ['name', 'petType'],
  discriminator: { propertyName: 'petType' },
  properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, petType: { type: 'string' } },
};
const petDefs: Record<string, JsonSchema> = {
  Pet,
  Cat: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', properties: { huntingSkill: { type: 'string', enum: ['lazy', 'aggressive'] } } }] },
  Dog: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', properties: { packSize: { type: 'integer', minimum: 0 } } }] },
};

const CASES: Case[] = [
  // Types
  { name: 'string', schema: { type: 'string' }, check: (v) => typeof v === 'string' },
  { name: 'integer', schema: { type: 'integer' }, check: isInt },
  { name: 'number', schema: { type: 'number' }, check: (v) => typeof v === 'number' },
  { name: 'boolean', schema: { type: 'boolean' }, check: (v) => typeof v === 'boolean' },
  { name: 'null', schema: { type: 'null' }, check: (v) => v === null },
  { name: 'type array string|null', schema: { type: ['string', 'null'], minLength: 2 } },
  { name: 'type array integer|string|boolean', schema: { type: ['integer', 'string', 'boolean'] } },
  { name: 'nullable 3.0 leftover', schema: { type: 'string', nullable: true, maxLength: 5 } },
  { name: 'untyped with properties', schema: { properties: { a: { type: 'integer' } }, required: ['a'] }, check: (v) => typeof v === 'object' && v !== null },
  { name: 'untyped with items', schema: { items: { type: 'boolean' }, minItems: 1 }, check: Array.isArray },
  { name: 'untyped with pattern', schema: { pattern: '^[a-f]{4}$' }, check: (v) => typeof v === 'string' },
  { name: 'empty schema', schema: {} },
  { name: 'true schema', schema: true },
  // Formats
  ...['date-time', 'date', 'time', 'duration', 'uuid', 'email', 'idn-email', 'uri', 'uri-reference', 'url', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'byte', 'binary', 'password'].map(formatCase),
  { name: 'format int32', schema: { type: 'integer', format: 'int32' }, check: (v) => isInt(v) && Math.abs(Number(v)) < 2 ** 31 },
  { name: 'format int64', schema: { type: 'integer', format: 'int64' }, check: (v) => Number.isSafeInteger(v) },
  { name: 'format float', schema: { type: 'number', format: 'float' } },
  { name: 'format double', schema: { type: 'number', format: 'double', minimum: -1, maximum: 1 } },
  { name: 'custom format', schema: { type: 'string', format: 'x-product-code' }, check: (v) => typeof v === 'string' },
  { name: 'int64 as string', schema: { type: 'string', format: 'int64' }, check: (v) => typeof v === 'string' && /^\d+$/.test(v) },
  { name: 'email within maxLength', schema: { type: 'string', format: 'email', maxLength: 20 }, check: (v) => FORMAT_CHECKS.email(String(v)) },
  { name: 'uri with minLength', schema: { type: 'string', format: 'uri', minLength: 60 }, check: (v) => FORMAT_CHECKS.uri(String(v)) },
  { name: 'byte within length', schema: { type: 'string', format: 'byte', minLength: 9, maxLength: 12 } },
  // Strings
  { name: 'minLength/maxLength', schema: { type: 'string', minLength: 10, maxLength: 12 } },
  { name: 'short maxLength', schema: { type: 'string', maxLength: 3 } },
  { name: 'long minLength', schema: { type: 'string', minLength: 200 } },
  { name: 'zero maxLength', schema: { type: 'string', maxLength: 0 }, check: (v) => v === '' },
  { name: 'anchored pattern', schema: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' } },
  { name: 'unanchored pattern', schema: { type: 'string', pattern: '\\d{3}' } },
  { name: 'pattern with lengths', schema: { type: 'string', pattern: '^[a-z]+$', minLength: 5, maxLength: 8 } },
  { name: 'unanchored pattern, long minLength', schema: { type: 'string', pattern: 'abc', minLength: 20 } },
  { name: 'pattern with alternation and groups', schema: { type: 'string', pattern: '^(GET|POST|PUT)\\s/(v[12])/[a-z]{2,5}$' } },
  { name: 'unicode pattern, code points', schema: { type: 'string', pattern: '^[äöü😀]+$', minLength: 2, maxLength: 3 }, check: (v) => codePoints(v) >= 2 && codePoints(v) <= 3 },
  { name: 'two patterns through allOf', schema: { allOf: [{ type: 'string', pattern: '^[a-z0-9]+$' }, { pattern: '\\d' }, { minLength: 4, maxLength: 6 }] } },
  { name: 'name hint: email', schema: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } }, check: (v) => FORMAT_CHECKS.email(String((v as { email: unknown }).email)) },
  // Numbers
  { name: 'inclusive bounds', schema: { type: 'integer', minimum: 10, maximum: 12 }, check: (v) => Number(v) >= 10 && Number(v) <= 12 },
  { name: 'exclusive integer bounds', schema: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 3 } },
  { name: 'tight exclusive number bounds', schema: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.001 } },
  { name: 'multipleOf 0.01', schema: { type: 'number', multipleOf: 0.01, minimum: 0.5, maximum: 99.99 } },
  { name: 'multipleOf 7 from 100', schema: { type: 'integer', multipleOf: 7, minimum: 100 } },
  { name: 'two multipleOf through allOf', schema: { allOf: [{ type: 'number', multipleOf: 0.25 }, { multipleOf: 0.1 }, { minimum: 3, maximum: 5 }] } },
  { name: 'negative range', schema: { type: 'number', maximum: -1000, exclusiveMinimum: -1003 } },
  { name: 'int32 huge bounds', schema: { type: 'integer', format: 'int32', minimum: -1e12, maximum: 1e12 } },
  { name: 'integer with multipleOf 0.5', schema: { type: 'integer', multipleOf: 0.5, minimum: 1, maximum: 3 } },
  { name: 'name hint: price', schema: { type: 'object', required: ['price'], properties: { price: { type: 'number', minimum: 0 } } } },
  // enum / const / default / example
  { name: 'enum', schema: { type: 'string', enum: ['available', 'pending', 'sold'] } },
  { name: 'enum filtered by type', schema: { type: 'string', enum: [1, null, 'only'] }, check: (v) => v === 'only' },
  { name: 'const object', schema: { const: { a: [1, 2] } } },
  { name: 'invalid default ignored', schema: { type: 'integer', minimum: 5, default: 1 } },
  { name: 'invalid example ignored', schema: { type: 'string', format: 'email', example: 'not-an-email' } },
  { name: 'examples: first invalid, second valid', schema: { type: 'integer', maximum: 10, examples: [99, 7] } },
  // Arrays
  { name: 'minItems/maxItems', schema: { type: 'array', items: { type: 'integer' }, minItems: 3, maxItems: 4 } },
  { name: 'uniqueItems over a small enum', schema: { type: 'array', uniqueItems: true, minItems: 3, items: { enum: ['a', 'b', 'c'] } } },
  { name: 'uniqueItems over booleans', schema: { type: 'array', uniqueItems: true, minItems: 2, items: { type: 'boolean' } } },
  { name: 'uniqueItems over objects', schema: { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 0, maximum: 5 } } } } },
  { name: 'prefixItems, items false', schema: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false } },
  { name: 'prefixItems with minItems beyond', schema: { type: 'array', prefixItems: [{ const: 'head' }], items: { type: 'number' }, minItems: 3 } },
  { name: 'contains with min/max', schema: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 20 }, contains: { minimum: 10 }, minContains: 2, maxContains: 3, minItems: 5 } },
  { name: 'nested arrays', schema: { type: 'array', minItems: 2, items: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', format: 'date' } } } },
  // Objects
  { name: 'closed object', schema: { type: 'object', required: ['a'], additionalProperties: false, properties: { a: { type: 'string' }, b: { type: 'integer' } } } },
  { name: 'map via additionalProperties', schema: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } } },
  { name: 'patternProperties, closed', schema: { type: 'object', patternProperties: { '^x-[a-z]+$': { type: 'string' } }, additionalProperties: false, minProperties: 2 } },
  { name: 'propertyNames with minProperties', schema: { type: 'object', propertyNames: { pattern: '^[A-Z][a-z]+$' }, minProperties: 2 } },
  { name: 'minProperties beyond declared', schema: { type: 'object', properties: { a: { type: 'string' } }, minProperties: 3 } },
  { name: 'maxProperties under optional', schema: { type: 'object', maxProperties: 2, properties: { a: {}, b: {}, c: {}, d: {}, e: {} } } },
  { name: 'dependentRequired', schema: { type: 'object', properties: { card: { type: 'string' }, billing: { type: 'string' } }, dependentRequired: { card: ['billing'] } } },
  { name: 'unevaluatedProperties false', schema: { allOf: [{ type: 'object', properties: { a: { type: 'integer' } } }], properties: { b: { type: 'string' } }, unevaluatedProperties: false } },
  { name: 'required but undeclared', schema: { type: 'object', required: ['mystery'] } },
  // Composition
  { name: 'allOf intersects bounds', schema: { allOf: [{ type: 'integer', minimum: 5 }, { maximum: 7 }, { type: ['integer', 'string'] }] }, check: (v) => isInt(v) },
  { name: 'allOf closure keeps its own keys', schema: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { properties: { b: { type: 'string' } } }] } },
  { name: 'oneOf integer vs number', schema: { oneOf: [{ type: 'integer' }, { type: 'number' }] } },
  { name: 'oneOf string vs date', schema: { oneOf: [{ type: 'string' }, { type: 'string', format: 'date' }] } },
  { name: 'oneOf open objects', schema: { oneOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'integer' } } }] } },
  { name: 'oneOf with discriminator', schema: { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType' } }, defs: petDefs },
  { name: 'oneOf with discriminator mapping', schema: { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType', mapping: { cat: '#/$defs/Cat', dog: '#/$defs/Dog' } } }, defs: petDefs },
  { name: 'anyOf', schema: { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer', minimum: 1000 }] } },
  { name: 'not enum', schema: { type: 'string', enum: ['a', 'b', 'c'], not: { const: 'a' } } },
  { name: 'not type', schema: { not: { type: 'string' } } },
  { name: 'not required', schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, not: { required: ['b'] } } },
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here
  { name: 'if/then/else', schema: { type: 'object', required: ['kind'], properties: { kind: { enum: ['a', 'b'] } }, if: { properties: { kind: { const: 'a' } } }, then: { required: ['alpha'], properties: { alpha: { type: 'integer' } } }, else: { required: ['beta'], properties: { beta: { type: 'string' } } } } },
  { name: '$ref with siblings', schema: { $ref: '#/$defs/Base', required: ['extra'], properties: { extra: { type: 'boolean' } } }, defs: { Base: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } } },
  { name: 'allOf inheritance discriminator', schema: { $ref: '#/$defs/Cat' }, defs: petDefs, check: (v) => (v as { petType: unknown }).petType === 'Cat' },
  { name: 'tree recursion', schema: { $ref: '#/$defs/Tree' }, defs: { Tree: { type: 'object', required: ['value'], properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/Tree' } } } } } },
  { name: 'A→B→A cycle', schema: { $ref: '#/$defs/A' }, defs: { A: { type: 'object', required: ['b'], properties: { b: { $ref: '#/$defs/B' } } }, B: { type: 'object', properties: { a: { $ref: '#/$defs/A' }, list: { type: 'array', minItems: 1, items: { $ref: '#/$defs/A' } } } } } },
  { name: 'recursion through nullable type', schema: { $ref: '#/$defs/Node' }, defs: { Node: { type: ['object', 'null'], required: ['next'], properties: { next: { $ref: '#/$defs/Node' } } } } },
  { name: 'recursion through oneOf', schema: { $ref: '#/$defs/Expr' }, defs: { Expr: { oneOf: [{ type: 'object', required: ['op', 'args'], properties: { op: { enum: ['+', '*'] }, args: { type: 'array', minItems: 2, maxItems: 2, items: { $ref: '#/$defs/Expr' } } } }, { type: 'number' }] } } },
  // Harder corners
  { name: 'lookahead password pattern', schema: { type: 'string', pattern: '^(?=.*[A-Z])(?=.*\\d)(?=.*[a-z]).{8,16}$' } },
  { name: 'dependentSchemas', schema: { type: 'object', properties: { card: { type: 'string' }, cvc: { type: 'string' } }, dependentSchemas: { card: { required: ['cvc'], properties: { cvc: { pattern: '^\\d{3}$' } } } } } },
  { name: 'unsatisfiable optional property left out', schema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, broken: { type: 'array', enum: ['open', 'company'] } } }, check: (v) => !Object.hasOwn(Object(v), 'broken') },
  { name: 'false property schema', schema: { type: 'object', properties: { gone: false, here: { type: 'integer' } }, minProperties: 1 } },
  { name: 'integer between fractions, optional', schema: { type: 'object', properties: { n: { type: 'integer', minimum: 0.2, maximum: 0.8 }, m: { type: 'string' } } } },
  { name: 'draft 2019 tuple items', schema: { type: 'array', items: [{ type: 'string' }, { type: 'boolean' }], additionalItems: false, minItems: 2 } },
  { name: 'nested oneOf inside allOf', schema: { allOf: [{ oneOf: [{ type: 'string', maxLength: 3 }, { type: 'string', minLength: 10 }] }, { oneOf: [{ pattern: '^a' }, { pattern: '^b' }] }] } },
  { name: 'anyOf with discriminator', schema: { anyOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType' } }, defs: petDefs },
  { name: 'discriminator mapping by bare name', schema: { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType', mapping: { kitty: 'Cat', doggo: 'Dog' } } }, defs: petDefs, check: (v) => ['kitty', 'doggo'].includes(String((v as { petType: unknown }).petType)) },
  { name: '$ref chain', schema: { $ref: '#/$defs/A' }, defs: { A: { $ref: '#/$defs/B', description: 'an A' }, B: { $ref: '#/$defs/C', maxLength: 4 }, C: { type: 'string', minLength: 2 } } },
  { name: 'ref into a definition', schema: { $ref: '#/$defs/Holder/properties/inner' }, defs: { Holder: { type: 'object', properties: { inner: { type: 'integer', minimum: 40, maximum: 42 } } } } },
  { name: 'large enum with not', schema: { enum: Array.from({ length: 200 }, (_, i) => `v${i}`), not: { enum: Array.from({ length: 199 }, (_, i) => `v${i}`) } }, check: (v) => v === 'v199' },
  { name: 'map of arrays with propertyNames enum', schema: { type: 'object', propertyNames: { enum: ['red', 'green'] }, additionalProperties: { type: 'array', maxItems: 2, items: { type: 'integer' } }, minProperties: 1 } },
  { name: 'oneOf over enums that overlap', schema: { oneOf: [{ enum: ['a', 'b'] }, { enum: ['b', 'c'] }] } },
  { name: 'oneOf over closed objects, one a subset', schema: { oneOf: [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, additionalProperties: false }] } },
  { name: 'oneOf with an enum inside a wider branch', schema: { oneOf: [{ type: 'string' }, { type: 'string', enum: ['x'] }] } },
  { name: 'oneOf over overlapping ranges', schema: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] } },
  { name: 'many mutually recursive definitions', schema: { $ref: '#/$defs/N0' }, defs: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`N${i}`, { type: 'object', required: ['next'], properties: { next: { anyOf: [{ $ref: `#/$defs/N${(i + 1) % 12}` }, { type: 'null' }] }, also: { $ref: `#/$defs/N${(i + 5) % 12}` } } }])) },
];

const SEEDS = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : `seed-${i}`));

describe('synthesize: every value validates', () => {
  it('covers more than sixty schemas', () => {
    expect(CASES.length).toBeGreaterThan(60);
  });

  for (const testCase of CASES) {
    it(testCase.name, () => {
      const validate = validatorFor(testCase.schema, testCase.defs);
      const failures: string[] = [];
      for (const mode of ['static', 'dynamic'] as const) {
        for (const seed of SEEDS) {
          const value = synthesize(testCase.schema, { seed, mode, defs: testCase.defs });
          const verdict = validate(value);
          if (!verdict.valid) failures.push(`${mode} ${seed}: ${JSON.stringify(value)} ${verdict.errors.join('; ')}`);
          else if (testCase.check && !testCase.check(value)) failures.push(`${mode} ${seed}: ${JSON.stringify(value)} fails the extra check`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
