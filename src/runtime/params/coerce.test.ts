import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../plan/types';
import { coerceValue, shapeOf } from './coerce';

const defs: Record<string, JsonSchema> = {
  Limit: { type: 'integer', minimum: 1 },
  Tags: { type: 'array', items: { $ref: '#/$defs/Flag' } },
  Flag: { type: 'boolean' },
  Loop: { anyOf: [{ $ref: '#/$defs/Loop' }, { type: 'integer' }] },
};
const resolve = (ref: string): JsonSchema | undefined => defs[ref.replace('#/$defs/', '')];

describe('coerceValue', () => {
  it('reads integers and numbers, leaving what does not fit for the validator', () => {
    expect(coerceValue('42', { type: 'integer' })).toBe(42);
    expect(coerceValue('-7', { type: 'integer' })).toBe(-7);
    expect(coerceValue('4.2', { type: 'integer' })).toBe('4.2');
    expect(coerceValue('4.2', { type: 'number' })).toBe(4.2);
    expect(coerceValue('1e3', { type: 'number' })).toBe(1000);
    expect(coerceValue('abc', { type: 'number' })).toBe('abc');
    expect(coerceValue('', { type: 'integer' })).toBe('');
    expect(coerceValue(' 1', { type: 'integer' })).toBe(' 1');
  });
  it('reads booleans exactly', () => {
    expect(coerceValue('true', { type: 'boolean' })).toBe(true);
    expect(coerceValue('false', { type: 'boolean' })).toBe(false);
    expect(coerceValue('yes', { type: 'boolean' })).toBe('yes');
  });
  it('honours type arrays, including null', () => {
    expect(coerceValue('42', { type: ['integer', 'null'] })).toBe(42);
    expect(coerceValue('null', { type: ['integer', 'null'] })).toBeNull();
    expect(coerceValue('', { type: ['integer', 'null'] })).toBeNull();
    expect(coerceValue('42', { type: ['string', 'integer'] })).toBe('42');
  });
  it('follows $ref and composition', () => {
    expect(coerceValue('5', { $ref: '#/$defs/Limit' }, resolve)).toBe(5);
    expect(coerceValue('5', { oneOf: [{ type: 'boolean' }, { type: 'integer' }] })).toBe(5);
    expect(coerceValue('true', { anyOf: [{ type: 'boolean' }, { type: 'integer' }] })).toBe(true);
    expect(coerceValue('5', { allOf: [{ $ref: '#/$defs/Limit' }, { maximum: 9 }] }, resolve)).toBe(5);
    expect(coerceValue('5', { $ref: '#/$defs/Loop' }, resolve)).toBe(5);
    expect(coerceValue('5', { $ref: '#/$defs/Missing' }, resolve)).toBe('5');
  });
  it('infers the type from enum or const when `type` is absent', () => {
    expect(coerceValue('2', { enum: [1, 2, 3] })).toBe(2);
    expect(coerceValue('true', { const: true })).toBe(true);
  });
  it('coerces array items and object properties', () => {
    expect(coerceValue(['1', 'x'], { type: 'array', items: { type: 'integer' } })).toEqual([1, 'x']);
    expect(coerceValue(['true'], { $ref: '#/$defs/Tags' }, resolve)).toEqual([true]);
    expect(coerceValue(['1', 'a'], { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'string' }] })).toEqual([1, 'a']);
    const object = {
      type: 'object',
      properties: { R: { type: 'integer' } },
      patternProperties: { '^f_': { type: 'boolean' } },
      additionalProperties: { type: 'number' },
    };
    expect(coerceValue({ R: '100', f_x: 'true', z: '1.5' }, object)).toEqual({ R: 100, f_x: true, z: 1.5 });
    expect(coerceValue({ a: { b: '1' } }, { properties: { a: { properties: { b: { type: 'integer' } } } } })).toEqual({ a: { b: 1 } });
  });
  it('leaves values alone without a schema to guide it', () => {
    expect(coerceValue('42', {})).toBe('42');
    expect(coerceValue('42', true)).toBe('42');
    expect(coerceValue('42', undefined)).toBe('42');
  });
});

describe('shapeOf', () => {
  it('finds arrays and objects through refs and composition', () => {
    expect(shapeOf({ type: 'integer' })).toBe('primitive');
    expect(shapeOf({ type: ['array', 'null'], items: {} })).toBe('array');
    expect(shapeOf({ $ref: '#/$defs/Tags' }, resolve)).toBe('array');
    expect(shapeOf({ properties: { a: {} } })).toBe('object');
    expect(shapeOf({ oneOf: [{ type: 'object' }, { type: 'null' }] })).toBe('object');
    expect(shapeOf(undefined)).toBe('primitive');
  });
});
