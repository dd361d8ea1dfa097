import { describe, expect, test } from 'vitest';
import { NOT_A_SPEC, SPEC_SYNTAX } from './errors';
import { findJsonSyntaxError, lineColumn } from './json-error';
import { parseSpecText } from './parse';

function syntaxErrors(text: string) {
  const result = parseSpecText(text, 'spec.txt');
  if (result.ok) throw new Error('expected a syntax error');
  expect(result.problem.type).toBe(SPEC_SYNTAX.type);
  return { problem: result.problem, errors: result.problem.errors ?? [] };
}

describe('parseSpecText', () => {
  test('reads JSON and YAML and says which', () => {
    expect(parseSpecText('{"openapi": "3.1.0"}')).toEqual({ ok: true, value: { value: { openapi: '3.1.0' }, format: 'json' } });
    expect(parseSpecText('openapi: 3.1.0\npaths: {}\n')).toEqual({ ok: true, value: { value: { openapi: '3.1.0', paths: {} }, format: 'yaml' } });
  });

  test('ignores a byte-order mark and leading blank lines', () => {
    const result = parseSpecText('\uFEFF\n\n  {"swagger": "2.0"}');
    expect(result.ok && result.value).toEqual({ value: { swagger: '2.0' }, format: 'json' });
  });

  test('keeps YAML status-code keys as strings and does not read dates', () => {
    const result = parseSpecText('responses:\n  200: {description: ok}\n  4xx: {description: bad}\nwhen: 2024-01-01\n');
    expect(result.ok && result.value.value).toEqual({ responses: { 200: { description: 'ok' }, '4xx': { description: 'bad' } }, when: '2024-01-01' });
  });

  test('gives each use of a YAML alias its own copy', () => {
    const result = parseSpecText('a: &shared {type: string}\nb: *shared\n');
    if (!result.ok) throw new Error('parse failed');
    // SAFETY: the YAML above is a map of two maps.
    const value = result.value.value as { a: object; b: object };
    expect(value.a).toEqual(value.b);
    expect(value.a).not.toBe(value.b);
  });

  test('supports YAML merge keys', () => {
    const result = parseSpecText('base: &base {type: string}\nname:\n  <<: *base\n  maxLength: 3\n');
    expect(result.ok && result.value.value).toEqual({ base: { type: 'string' }, name: { type: 'string', maxLength: 3 } });
  });
});

describe('JSON syntax errors carry line:column', () => {
  test.each([
    ['trailing comma', '{\n  "a": 1,\n}', 3, 1],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['bad literal (V8 gives no position)', '{\n  "a": tru\n}', 2, 8],
    ['unterminated input', '{\n  "a": [1, 2', 2, 13],
    ['single quotes', "{'a': 1}", 1, 2],
    ['text after the value', '{"a": 1} x', 1, 10],
    ['raw newline in a string', '{"a": "x\ny"}', 1, 9],
  ])('%s', (_name, text, line, column) => {
    const { problem, errors } = syntaxErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ location: '', line, column });
    expect(problem.detail).toContain(`spec.txt: ${line}:${column}:`);
  });

  test('the locator agrees with JSON.parse on valid text', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' {"a" : { "b" : [ ] } } ']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  test('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('YAML syntax errors carry line:column', () => {
  test('a bad indent', () => {
    const { errors } = syntaxErrors('openapi: 3.0.0\ninfo:\n  title: x\n version: 1\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line: 4, column: 1 });
  });

  test('lists every error, e.g. two duplicate keys', () => {
    const { errors, problem } = syntaxErrors('a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n');
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 1, 'DUPLICATE_KEY'],
      [6, 3, 'DUPLICATE_KEY'],
    ]);
    expect(errors[0].message).toBe('Map keys must be unique');
    expect(problem.detail).toContain('spec.txt: 3:1: Map keys must be unique');
  });

  test('an unclosed flow sequence', () => {
    const { errors } = syntaxErrors('paths:\n  /a: [1, 2\nx: 1\n');
    expect(errors[0].line).toBeGreaterThanOrEqual(2);
    expect(errors[0].column).toBeGreaterThanOrEqual(1);
  });

  test('an alias that contains itself', () => {
    const { errors } = syntaxErrors('a: &x\n  b: *x\n');
    expect(errors[0].message).toMatch(/alias/i);
  });
});

describe('text that is no spec at all', () => {
  test.each([
    ['empty text', ''],
    ['only whitespace', '  \n\t\n'],
    ['an HTML page', '<!DOCTYPE html>\n<html><body>Not found</body></html>'],
    ['an XML document', '<?xml version="1.0"?><a/>'],
  ])('%s', (_name, text) => {
    const result = parseSpecText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.type).toBe(NOT_A_SPEC.type);
  });
});
