import { describe, expect, test } from 'vitest';
import { NOT_A_SPEC, UNSUPPORTED_VERSION } from './errors';
import { loadSpec } from './load';
import { detectVersion } from './version';

describe('detectVersion', () => {
  test.each([
    [{ swagger: '2.0' }, '2.0', '2.0'],
    [{ swagger: 2 }, '2.0', '2.0'], // YAML `swagger: 2.0` unquoted
    [{ openapi: '3.0.0' }, '3.0', '3.0.0'],
    [{ openapi: '3.0.4' }, '3.0', '3.0.4'],
    [{ openapi: 3 }, '3.0', '3.0'],
    [{ openapi: '3.1.0' }, '3.1', '3.1.0'],
    [{ openapi: 3.1 }, '3.1', '3.1'],
    [{ openapi: '3.2.0' }, '3.1', '3.2.0'],
  ])('%j is %s', (doc, family, declared) => {
    expect(detectVersion(doc)).toEqual({ ok: true, value: { family, declared } });
  });

  test.each([
    [{ openapi: '4.0.0' }, '4.0.0', '/openapi'],
    [{ openapi: '2.0' }, '2.0', '/openapi'],
    [{ swagger: '1.2' }, '1.2', '/swagger'],
    [{ swagger: 1.2 }, '1.2', '/swagger'],
    [{ swaggerVersion: '1.2', apis: [] }, '1.2', '/swaggerVersion'],
  ])('%j is unsupported', (doc, version, location) => {
    const result = detectVersion(doc);
    if (result.ok) throw new Error('expected a failure');
    expect(result.problem).toMatchObject({ type: UNSUPPORTED_VERSION.type, version, errors: [{ location }] });
    expect(result.problem.detail).toContain(version);
  });

  test.each([
    ['a package.json', { name: 'x', version: '1.0.0', dependencies: {} }],
    ['a list', [1, 2]],
    ['a string', 'hello'],
    ['null', null],
  ])('%s is not a spec', (_name, doc) => {
    const result = detectVersion(doc);
    expect(!result.ok && result.problem.type).toBe(NOT_A_SPEC.type);
  });
});

describe('loadSpec rejects what is not a supported spec', () => {
  test.each([
    ['package.json', '{"name": "app", "version": "1.0.0", "scripts": {"test": "vitest"}}', NOT_A_SPEC.type],
    ['a YAML list', '- a\n- b\n', NOT_A_SPEC.type],
    ['an HTML page', '<html><head><title>404</title></head></html>', NOT_A_SPEC.type],
    ['empty text', '', NOT_A_SPEC.type],
    ['a comment only', '# nothing here\n', NOT_A_SPEC.type],
    ['OpenAPI 4', 'openapi: 4.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n', UNSUPPORTED_VERSION.type],
    ['Swagger 1.2', '{"swagger": "1.2", "apis": []}', UNSUPPORTED_VERSION.type],
  ])('%s', async (_name, text, type) => {
    const result = await loadSpec({ text });
    expect(!result.ok && result.problem.type).toBe(type);
  });

  test('names the version it found', async () => {
    const result = await loadSpec({ text: 'openapi: 4.0.0\n' });
    expect(!result.ok && result.problem.detail).toContain('4.0.0');
  });
});
