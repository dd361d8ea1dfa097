/**
 * Synthesis is bounded whatever the schema, and at the depth bound it ends on a value that still
 * validates: a string branch, null where nullable, an empty array where allowed, only optional
 * properties left out.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema/types';
import { CHAR_LIMIT, NODE_LIMIT, sizesFor, synthesize } from './index';
import { validatorFor } from './testing';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

function nodes(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + nodes(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + nodes(item), 0);
  return 1;
}

/** Expandable references in the style of a payments API: an id string, or the object it names. */
const ledger: Record<string, JsonSchema> = {
  Invoice: {
    type: 'object',
    required: ['id', 'payer', 'settlement', 'lines', 'origin'],
    properties: {
      id: { type: 'string', maxLength: 64 },
      payer: { anyOf: [{ type: 'string', maxLength: 64 }, { $ref: '#/$defs/Payer' }] },
      settlement: { anyOf: [{ type: 'string', maxLength: 64 }, { $ref: '#/$defs/Settlement' }, { type: 'null' }] },
      origin: { anyOf: [{ $ref: '#/$defs/Settlement' }, { $ref: '#/$defs/Payer' }, { type: 'null' }] },
      lines: {
        type: 'object',
        required: ['items', 'more'],
        properties: { items: { type: 'array', items: { $ref: '#/$defs/Line' } }, more: { type: 'boolean' } },
      },
    },
  },
  Payer: {
    type: 'object',
    required: ['id', 'lastInvoice', 'settlements'],
    properties: {
      id: { type: 'string' },
      lastInvoice: { anyOf: [{ $ref: '#/$defs/Invoice' }, { type: 'string' }] },
      settlements: { type: 'array', items: { $ref: '#/$defs/Settlement' } },
      parent: { $ref: '#/$defs/Payer' },
    },
  },
  Settlement: {
    type: 'object',
    required: ['id', 'invoice', 'payer'],
    properties: {
      id: { type: 'string' },
      invoice: { oneOf: [{ $ref: '#/$defs/Invoice' }, { type: 'object', required: ['deleted', 'id'], properties: { deleted: { const: true }, id: { type: 'string' } } }] },
      payer: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/Payer' }] },
    },
  },
  Line: {
    type: 'object',
    required: ['invoice', 'amount'],
    properties: { invoice: { anyOf: [{ $ref: '#/$defs/Invoice' }, { type: 'string' }] }, amount: { type: 'integer' } },
  },
};

describe('synthesis at the depth bound', () => {
  for (const name of Object.keys(ledger)) {
    it(`${name}: expandable anyOf/oneOf references end on a valid value in both modes`, () => {
      const schema: JsonSchema = { $ref: `#/$defs/${name}` };
      const validate = validatorFor(schema, ledger);
      const failures: string[] = [];
      for (const mode of ['static', 'dynamic'] as const) {
        for (const seed of SEEDS) {
          const value = synthesize(schema, { seed, mode, defs: ledger, maxDepth: 2 });
          const verdict = validate(value);
          if (!verdict.valid) failures.push(`${mode} ${seed}: ${verdict.errors.slice(0, 2).join('; ')}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('ends a choice between two object definitions on the one that terminates, never on a wrong type', () => {
    const defs: Record<string, JsonSchema> = {
      Folder: {
        type: 'object',
        required: ['name', 'parent'],
        properties: { name: { type: 'string' }, parent: { anyOf: [{ $ref: '#/$defs/Folder' }, { $ref: '#/$defs/Root' }] } },
      },
      Root: { type: 'object', required: ['root'], properties: { root: { const: true } } },
    };
    const validate = validatorFor({ $ref: '#/$defs/Folder' }, defs);
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of SEEDS) {
        const value = synthesize({ $ref: '#/$defs/Folder' }, { seed, mode, defs, maxDepth: 1 });
        expect(validate(value).errors).toEqual([]);
      }
    }
  });

  it('follows a long chain of distinct required definitions to its end, with an object where an object is due', () => {
    const defs: Record<string, JsonSchema> = Object.fromEntries([
      ...Array.from({ length: 90 }, (_, i) => [
        `Step${i}`,
        { type: 'object', required: ['next', 'label'], properties: { label: { type: 'string' }, next: { $ref: `#/$defs/Step${i + 1}` } } },
      ]),
      ['Step90', { $ref: '#/$defs/Leaf' }],
      ['Leaf', { type: 'object', required: ['end'], properties: { end: { type: 'boolean' } } }],
    ]);
    const validate = validatorFor({ $ref: '#/$defs/Step0' }, defs);
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of SEEDS.slice(0, 4)) {
        const value = synthesize({ $ref: '#/$defs/Step0' }, { seed, mode, defs });
        expect(validate(value).errors).toEqual([]);
      }
    }
  });

  it('keeps required properties and leaves out only optional ones, taking null or an empty array at the bound', () => {
    const defs: Record<string, JsonSchema> = {
      Node: {
        type: 'object',
        required: ['label', 'next', 'children'],
        properties: {
          label: { type: 'string' },
          next: { anyOf: [{ $ref: '#/$defs/Node' }, { type: 'null' }] },
          children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          sibling: { $ref: '#/$defs/Node' },
        },
      },
    };
    const validate = validatorFor({ $ref: '#/$defs/Node' }, defs);
    for (const seed of SEEDS) {
      const value = synthesize({ $ref: '#/$defs/Node' }, { seed, mode: 'dynamic', defs, maxDepth: 2 });
      expect(validate(value).errors).toEqual([]);
      expect(nodes(value)).toBeLessThan(NODE_LIMIT);
    }
  });
});

describe('synthesis is bounded whatever the schema', () => {
  const fanOut: Record<string, JsonSchema> = Object.fromEntries([
    ...Array.from({ length: 30 }, (_, i) => [
      `Level${i}`,
      { type: 'object', required: ['left', 'middle', 'right'], properties: Object.fromEntries(['left', 'middle', 'right'].map((k) => [k, { $ref: `#/$defs/Level${i + 1}` }])) },
    ]),
    ['Level30', { type: 'string' }],
  ]);
  const recursing: Record<string, JsonSchema> = {
    Chain: { type: 'object', required: ['name', 'next'], properties: { name: { type: 'string' }, next: { $ref: '#/$defs/Chain' } } },
  };
  const hostile: Array<[string, JsonSchema, Record<string, JsonSchema>]> = [
    ['required properties that recurse', { $ref: '#/$defs/Chain' }, recursing],
    ['exponential $ref fan-out (3^30 leaves)', { $ref: '#/$defs/Level0' }, fanOut],
    ['a minItems of a hundred million', { type: 'array', minItems: 100_000_000, items: { type: 'string' } }, {}],
    ['nested minItems of 2000 × 2000', { type: 'array', minItems: 2000, items: { type: 'array', minItems: 2000, items: { type: 'integer' } } }, {}],
    ['a minLength of half a billion', { type: 'string', minLength: 500_000_000 }, {}],
    ['a minProperties of a billion', { type: 'object', minProperties: 1_000_000_000 }, {}],
  ];

  for (const [name, schema, defs] of hostile) {
    it(`${name}: a small value, in both modes`, () => {
      for (const mode of ['static', 'dynamic'] as const) {
        const value = synthesize(schema, { seed: 1, mode, defs });
        expect(nodes(value)).toBeLessThanOrEqual(NODE_LIMIT + 100);
        expect(JSON.stringify(value).length).toBeLessThanOrEqual(CHAR_LIMIT + 1024 * 1024);
      }
    });
  }

  it('knows which schemas have no bounded value', () => {
    expect(sizesFor(recursing).of({ $ref: '#/$defs/Chain' })).toBe(Infinity);
    expect(sizesFor(recursing).infinite).toEqual(new Set(['Chain']));
    expect(sizesFor(fanOut).of({ $ref: '#/$defs/Level0' })).toBeGreaterThan(NODE_LIMIT);
    expect(sizesFor(ledger).of({ $ref: '#/$defs/Invoice' })).toBeLessThan(20);
  });

  it('leaves out an impossible optional property and takes null or another branch for a required one', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['count', 'code'],
      properties: {
        count: { type: ['integer', 'null'], minimum: 10, maximum: 1 },
        code: { anyOf: [{ type: 'string', minLength: 5, maxLength: 2 }, { type: 'boolean' }] },
        window: { type: 'integer', minimum: 5, exclusiveMaximum: 5 },
        slots: { type: 'array', minItems: 3, maxItems: 1 },
      },
    };
    const validate = validatorFor(schema);
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of SEEDS) {
        const value = synthesize(schema, { seed, mode });
        expect(validate(value).errors).toEqual([]);
        expect(Object.keys(Object(value)).sort()).toEqual(['code', 'count']);
      }
    }
  });
});
