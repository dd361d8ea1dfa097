import { describe, expect, test } from 'vitest';
import { normaliseLocation, resolveLocation, splitRef } from './location';

describe('external reference locations', () => {
  test('split a $ref into document and fragment', () => {
    expect(splitRef('other.yaml#/Pet')).toEqual({ document: 'other.yaml', fragment: '#/Pet' });
    expect(splitRef('./pet.json')).toEqual({ document: './pet.json', fragment: '' });
    expect(splitRef('#/components')).toEqual({ document: '', fragment: '#/components' });
  });

  test.each([
    ['other.yaml', '/specs/api.yaml', '/specs/other.yaml'],
    ['./schemas/pet.json', '/specs/api.yaml', '/specs/schemas/pet.json'],
    ['../common/error.yaml', '/specs/v1/api.yaml', '/specs/common/error.yaml'],
    ['other.yaml', 'specs/api.yaml', 'specs/other.yaml'],
    ['../other.yaml', 'api.yaml', '../other.yaml'],
    ['other.yaml', undefined, 'other.yaml'],
    ['/abs/pet.yaml', '/specs/api.yaml', '/abs/pet.yaml'],
    ['my%20pet.yaml', '/specs/api.yaml', '/specs/my pet.yaml'],
    ['pet.yaml', 'C:\\specs\\api.yaml', 'C:/specs/pet.yaml'],
    ['models/pet.yaml', 'https://example.com/api/openapi.yaml', 'https://example.com/api/models/pet.yaml'],
    ['../pet.yaml', 'https://example.com/api/v1/openapi.yaml', 'https://example.com/api/pet.yaml'],
    ['https://cdn.example.com/pet.yaml', '/specs/api.yaml', 'https://cdn.example.com/pet.yaml'],
  ])('%s from %s', (reference, base, expected) => {
    expect(resolveLocation(reference, base)).toBe(expected);
  });

  test('two spellings of one file meet', () => {
    expect(normaliseLocation('/specs/./v1/../api.yaml')).toBe('/specs/api.yaml');
    expect(normaliseLocation('https://Example.com/a/../api.yaml')).toBe('https://example.com/api.yaml');
  });
});
