import { describe, expect, test } from 'vitest';
import { INVALID_PATH_TEMPLATE, WARNING } from './errors';
import { loadSpec } from './load';
import { pathTemplateError, pathTemplateOf, templateParameters } from './paths';

const info = { title: 't', version: '1' };
const get = { responses: { 200: { description: 'ok' } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

async function load(paths: Record<string, unknown>) {
  return loadSpec({ text: JSON.stringify({ openapi: '3.1.0', info, paths }) });
}

describe('path templates', () => {
  test.each([
    ['/pets/{id}', undefined],
    ['/pets/{id}/toys/{toyId}.{format}', undefined],
    ['/', undefined],
    ['pets', 'a path must start with "/"'],
    ['', 'a path must start with "/"'],
    ['/pets/{id', '"{" at 7 is never closed'],
    ['/pets/id}', '"}" at 9 closes nothing'],
    ['/pets/{}', 'empty "{}" at 7'],
    ['/pets/{{id}}', '"{" at 8 opens inside another "{"'],
  ])('%j', (key, error) => {
    expect(pathTemplateError(key)).toBe(error);
  });

  test('suffixes after # or ? are not part of the template', () => {
    expect(pathTemplateOf('/pets#cats')).toBe('/pets');
    expect(pathTemplateOf('/pets?type=cat')).toBe('/pets');
    expect(pathTemplateOf('/pets/{id}?x={y}')).toBe('/pets/{id}');
    expect(templateParameters('/a/{b}/c/{d}#v2')).toEqual(['b', 'd']);
  });

  test('malformed keys are fatal, all listed at /paths/<key>', async () => {
    const result = await load({ '/ok/{id}': { parameters: [idParam], get }, 'pets': { get }, '/pets/{id': { get }, '/x/{}': { get } });
    if (result.ok) throw new Error('expected a failure');
    expect(result.problem.type).toBe(INVALID_PATH_TEMPLATE.type);
    expect(result.problem.errors?.map((e) => e.location)).toEqual(['/paths/pets', '/paths/~1pets~1{id', '/paths/~1x~1{}']);
  });

  test('keys with #... and ?... suffixes load, are kept, and raise nothing', async () => {
    const paths = { '/pets': { get }, '/pets#cats': { get }, '/pets?type=dog': { get }, '/pets/{id}#v2': { parameters: [idParam], get } };
    const result = await load(paths);
    if (!result.ok) throw new Error(result.problem.detail);
    expect(Object.keys(result.value.document.paths ?? {})).toEqual(Object.keys(paths));
    expect(result.value.warnings).toEqual([]);
  });

  test('a template parameter without an `in: path` definition is a warning', async () => {
    const ok = await load({ '/pets/{id}': { get }, '/owners/{ownerId}': { get: { parameters: [{ name: 'other', in: 'path', required: true }], ...get } } });
    if (!ok.ok) throw new Error(ok.problem.detail);
    expect(ok.value.warnings.map((w) => [w.code, w.location])).toEqual([
      [WARNING.undeclaredPathParameter, '/paths/~1pets~1{id}/get'],
      [WARNING.undeclaredPathParameter, '/paths/~1owners~1{ownerId}/get'],
      [WARNING.unusedPathParameter, '/paths/~1owners~1{ownerId}/get'],
    ]);
  });

  test('path-level and referenced parameters count as definitions', async () => {
    const result = await loadSpec({
      text: JSON.stringify({
        openapi: '3.0.3',
        info,
        paths: { '/pets/{id}/{n}': { parameters: [idParam], get: { parameters: [{ $ref: '#/components/parameters/n' }], ...get } } },
        components: { parameters: { n: { name: 'n', in: 'path', required: true, schema: { type: 'integer' } } } },
      }),
    });
    expect(result.ok && result.value.warnings).toEqual([]);
  });
});
