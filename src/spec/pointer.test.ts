import { describe, expect, test } from 'vitest';
import { escapePointer, getByPointer, joinPointer, unescapePointer } from './pointer';

const doc = {
  paths: { '/pets/{id}': { get: { responses: { 200: { description: 'ok' } } } } },
  'a~b': { 'c/d': 1 },
  list: ['zero', { one: 1 }],
  '100%': 'literal percent',
  'with space': true,
};

describe('JSON pointers', () => {
  test('escape and unescape are inverse', () => {
    expect(escapePointer('/pets/{id}')).toBe('~1pets~1{id}');
    expect(escapePointer('a~/b')).toBe('a~0~1b');
    expect(unescapePointer('a~0~1b')).toBe('a~/b');
    expect(unescapePointer('~01')).toBe('~1'); // ~0 is decoded last, per RFC 6901
    expect(joinPointer(['paths', '/pets'])).toBe('/paths/~1pets');
  });

  test('reads plain and fragment spellings', () => {
    expect(getByPointer(doc, '/paths/~1pets~1{id}/get/responses/200')).toEqual({ description: 'ok' });
    expect(getByPointer(doc, '#/paths/~1pets~1{id}/get/responses/200/description')).toBe('ok');
    expect(getByPointer(doc, '#/a~0b/c~1d')).toBe(1);
    expect(getByPointer(doc, '')).toBe(doc);
    expect(getByPointer(doc, '#')).toBe(doc);
  });

  test('percent-decodes fragments, falling back to the literal text', () => {
    expect(getByPointer(doc, '#/paths/~1pets~1%7Bid%7D/get/responses/200/description')).toBe('ok');
    expect(getByPointer(doc, '#/with%20space')).toBe(true);
    expect(getByPointer(doc, '#/100%')).toBe('literal percent');
  });

  test('indexes arrays by canonical numbers only', () => {
    expect(getByPointer(doc, '/list/0')).toBe('zero');
    expect(getByPointer(doc, '/list/1/one')).toBe(1);
    expect(getByPointer(doc, '/list/01')).toBeUndefined();
    expect(getByPointer(doc, '/list/-')).toBeUndefined();
  });

  test('never reaches the prototype, and rejects non-pointers', () => {
    expect(getByPointer(doc, '/constructor')).toBeUndefined();
    expect(getByPointer(doc, '/__proto__')).toBeUndefined();
    expect(getByPointer(doc, 'paths')).toBeUndefined();
    expect(getByPointer(doc, '/missing/deeper')).toBeUndefined();
  });
});
