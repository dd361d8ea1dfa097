import { describe, expect, it } from 'vitest';
import { parseQuery, percentDecode, readFormValue, readHeaderValue, readPathValue, type FormReadOptions } from './deserialize';

const form = (over: Partial<FormReadOptions> & { name: string }): FormReadOptions => ({
  style: 'form',
  explode: true,
  shape: 'primitive',
  decode: (raw) => percentDecode(raw, true),
  properties: { names: new Set(), open: true },
  otherNames: new Set(),
  ...over,
});

describe('percentDecode', () => {
  it('decodes escapes and, for queries, plus as space', () => {
    expect(percentDecode('a%20b%2Cc')).toBe('a b,c');
    expect(percentDecode('a+b', true)).toBe('a b');
    expect(percentDecode('a+b')).toBe('a+b');
    expect(percentDecode('%E2%82%AC')).toBe('€');
  });
  it('never throws on malformed sequences and keeps their raw text', () => {
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%zz%20ok')).toBe('%zz ok');
    expect(percentDecode('%E2%82 x%41')).toBe('%E2%82 xA');
    expect(percentDecode('%')).toBe('%');
  });
});

describe('parseQuery', () => {
  it('keeps order, repeated keys and empty values', () => {
    expect(parseQuery('a=1&b=&c&a=2&&d=x%3Dy')).toEqual([
      { key: 'a', raw: '1' },
      { key: 'b', raw: '' },
      { key: 'c', raw: '' },
      { key: 'a', raw: '2' },
      { key: 'd', raw: 'x%3Dy' },
    ]);
    expect(parseQuery('')).toEqual([]);
  });
  it('decodes keys so encoded brackets still read as deepObject', () => {
    expect(parseQuery('color%5BR%5D=1')[0].key).toBe('color[R]');
  });
});

describe('path styles (OpenAPI 3.1 style table)', () => {
  it('simple', () => {
    expect(readPathValue('5', 'id', 'simple', false, 'primitive')).toMatchObject({ value: '5' });
    expect(readPathValue('3,4,5', 'id', 'simple', false, 'array')).toMatchObject({ value: ['3', '4', '5'] });
    expect(readPathValue('R,100,G,200', 'c', 'simple', false, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
    expect(readPathValue('R=100,G=200', 'c', 'simple', true, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
  });
  it('simple decodes each item after splitting', () => {
    expect(readPathValue('a%2Cb,c%20d', 'id', 'simple', false, 'array')).toMatchObject({ value: ['a,b', 'c d'] });
  });
  it('label', () => {
    expect(readPathValue('.5', 'id', 'label', false, 'primitive')).toMatchObject({ value: '5' });
    expect(readPathValue('.3,4,5', 'id', 'label', false, 'array')).toMatchObject({ value: ['3', '4', '5'] });
    expect(readPathValue('.3.4.5', 'id', 'label', true, 'array')).toMatchObject({ value: ['3', '4', '5'] });
    expect(readPathValue('.R,100,G,200', 'c', 'label', false, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
    expect(readPathValue('.R=100.G=200', 'c', 'label', true, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
  });
  it('matrix', () => {
    expect(readPathValue(';id=5', 'id', 'matrix', false, 'primitive')).toMatchObject({ value: '5' });
    expect(readPathValue(';id', 'id', 'matrix', false, 'primitive')).toMatchObject({ value: '' });
    expect(readPathValue(';id=3,4,5', 'id', 'matrix', false, 'array')).toMatchObject({ value: ['3', '4', '5'] });
    expect(readPathValue(';id=3;id=4;id=5', 'id', 'matrix', true, 'array')).toMatchObject({ value: ['3', '4', '5'] });
    expect(readPathValue(';c=R,100,G,200', 'c', 'matrix', false, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
    expect(readPathValue(';R=100;G=200', 'c', 'matrix', true, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
  });
  it('falls back to the plain text when a label/matrix prefix is missing', () => {
    expect(readPathValue('5', 'id', 'matrix', false, 'primitive')).toMatchObject({ value: '5' });
    expect(readPathValue('5', 'id', 'label', false, 'primitive')).toMatchObject({ value: '5' });
  });
});

describe('query styles', () => {
  it('form explode: repeated keys make an array', () => {
    const pairs = parseQuery('id=1&id=2&other=x');
    expect(readFormValue(pairs, form({ name: 'id', shape: 'array' }))).toMatchObject({ value: ['1', '2'] });
    expect(readFormValue(parseQuery('id=1,2'), form({ name: 'id', shape: 'array' }))).toMatchObject({ value: ['1,2'] });
  });
  it('form without explode: a comma list', () => {
    expect(readFormValue(parseQuery('id=1,2,3'), form({ name: 'id', shape: 'array', explode: false }))).toMatchObject({ value: ['1', '2', '3'] });
    expect(readFormValue(parseQuery('id='), form({ name: 'id', shape: 'array', explode: false }))).toMatchObject({ value: [] });
    expect(readFormValue(parseQuery('c=R,100,G,200'), form({ name: 'c', shape: 'object', explode: false }))).toMatchObject({
      value: { R: '100', G: '200' },
    });
  });
  it('form explode object spreads its properties over the query', () => {
    const options = form({ name: 'c', shape: 'object', properties: { names: new Set(['R', 'G']), open: false }, otherNames: new Set(['limit']) });
    expect(readFormValue(parseQuery('R=100&G=200&limit=5&x=1'), options)).toMatchObject({ value: { R: '100', G: '200' } });
    const open = form({ name: 'c', shape: 'object', otherNames: new Set(['limit']) });
    expect(readFormValue(parseQuery('R=100&limit=5&x=1'), open)).toMatchObject({ value: { R: '100', x: '1' } });
    expect(readFormValue(parseQuery('limit=5'), options)).toEqual({ found: false });
  });
  it('spaceDelimited and pipeDelimited', () => {
    const space = form({ name: 'id', style: 'spaceDelimited', shape: 'array', explode: false });
    expect(readFormValue(parseQuery('id=3%204%205'), space)).toMatchObject({ value: ['3', '4', '5'] });
    expect(readFormValue(parseQuery('id=3+4 5'), space)).toMatchObject({ value: ['3', '4', '5'] });
    const pipe = form({ name: 'id', style: 'pipeDelimited', shape: 'array', explode: false });
    expect(readFormValue(parseQuery('id=3|4%7C5'), pipe)).toMatchObject({ value: ['3', '4', '5'] });
    const pipeObject = form({ name: 'c', style: 'pipeDelimited', shape: 'object', explode: false });
    expect(readFormValue(parseQuery('c=R|100|G|200'), pipeObject)).toMatchObject({ value: { R: '100', G: '200' } });
  });
  it('deepObject, including nesting, lists and encoded brackets', () => {
    const deep = form({ name: 'color', style: 'deepObject', shape: 'object' });
    expect(readFormValue(parseQuery('color[R]=100&color[G]=200&colour[B]=1'), deep)).toMatchObject({ value: { R: '100', G: '200' } });
    expect(readFormValue(parseQuery('color%5BR%5D=1'), deep)).toMatchObject({ value: { R: '1' } });
    expect(readFormValue(parseQuery('color[a][b]=1&color[t][]=x&color[t][]=y&color[r]=1&color[r]=2'), deep)).toMatchObject({
      value: { a: { b: '1' }, t: ['x', 'y'], r: ['1', '2'] },
    });
    expect(readFormValue(parseQuery('color=1&colorR]=2'), deep)).toEqual({ found: false });
  });
  it('deepObject keys cannot reach the prototype', () => {
    const deep = form({ name: 'f', style: 'deepObject', shape: 'object' });
    const read = readFormValue(parseQuery('f[__proto__][polluted]=1'), deep);
    expect(read.found).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('empty values read as empty strings', () => {
    expect(readFormValue(parseQuery('x='), form({ name: 'x' }))).toMatchObject({ value: '' });
    expect(readFormValue(parseQuery('x'), form({ name: 'x' }))).toMatchObject({ value: '' });
  });
});

describe('header style', () => {
  it('simple, trimming list items', () => {
    expect(readHeaderValue('5', false, 'primitive')).toMatchObject({ value: '5' });
    expect(readHeaderValue('a, b ,c', false, 'array')).toMatchObject({ value: ['a', 'b', 'c'] });
    expect(readHeaderValue('R,100,G,200', false, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
    expect(readHeaderValue('R=100, G=200', true, 'object')).toMatchObject({ value: { R: '100', G: '200' } });
  });
});
