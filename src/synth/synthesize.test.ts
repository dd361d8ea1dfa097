import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema/types';
import { createRandom, synthesize } from './index';
import { validatorFor } from './testing';

const defs: Record<string, JsonSchema> = {
  Pet: {
    type: 'object',
    required: ['name', 'petType'],
    discriminator: { propertyName: 'petType' },
    properties: {
      id: { type: 'string', format: 'uuid', readOnly: true },
      name: { type: 'string' },
      petType: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      createdAt: { type: 'string' },
    },
  },
  Cat: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', required: ['huntingSkill'], properties: { huntingSkill: { enum: ['lazy', 'aggressive'] } } }] },
  Dog: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', required: ['packSize'], properties: { packSize: { type: 'integer', minimum: 1 } } }] },
  Lizard: { allOf: [{ $ref: '#/$defs/Pet' }, { type: 'object', properties: { lovesRocks: { type: 'boolean' } } }] },
  Tree: { type: 'object', required: ['value'], properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/Tree' } } } },
  Forever: { type: 'object', required: ['next'], properties: { next: { $ref: '#/$defs/Forever' } } },
  Account: {
    type: 'object',
    required: ['login'],
    properties: {
      id: { type: 'integer', readOnly: true },
      login: { type: 'string' },
      password: { type: 'string', format: 'password', writeOnly: true },
      createdAt: { type: 'string', format: 'date-time', readOnly: true },
    },
  },
};

const anyPet: JsonSchema = {
  oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }, { $ref: '#/$defs/Lizard' }],
  discriminator: { propertyName: 'petType', mapping: { cat: '#/$defs/Cat', dog: '#/$defs/Dog', lizard: '#/$defs/Lizard' } },
};

const SEEDS = Array.from({ length: 20 }, (_, i) => `s${i}`);

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('createRandom', () => {
  it('repeats a sequence for a seed, and numbers seed like their decimal strings', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(createRandom(42).next()).toBe(createRandom('42').next());
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
  });

  it('keeps int within inclusive bounds and reaches both ends', () => {
    const random = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const n = random.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('forks streams that do not depend on how much of the parent was used', () => {
    const fresh = createRandom('p');
    const used = createRandom('p');
    used.next();
    used.next();
    expect(fresh.fork('child').next()).toBe(used.fork('child').next());
    expect(fresh.fork('a').next()).not.toBe(fresh.fork('b').next());
  });

  it('picks and shuffles from the given items only', () => {
    const random = createRandom('pick');
    const items = ['a', 'b', 'c', 'd'];
    expect(items).toContain(random.pick(items));
    expect(random.shuffle(items).sort()).toEqual(items);
  });
});

describe('synthesize: determinism', () => {
  it('gives deep-equal values for the same seed, in both modes', () => {
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of SEEDS) {
        expect(synthesize(anyPet, { seed, mode, defs })).toEqual(synthesize(anyPet, { seed, mode, defs }));
      }
    }
  });

  it('varies with the seed in dynamic mode', () => {
    const values = new Set(SEEDS.map((seed) => JSON.stringify(synthesize(anyPet, { seed, mode: 'dynamic', defs }))));
    expect(values.size).toBeGreaterThanOrEqual(18);
  });

  it('keeps static values readable and stable', () => {
    const value = synthesize(
      {
        type: 'object',
        properties: {
          email: { type: 'string' },
          firstName: { type: 'string' },
          city: { type: 'string' },
          createdAt: { type: 'string' },
          price: { type: 'number' },
          website: { type: 'string' },
          status: { type: 'string', enum: ['open', 'closed'] },
        },
      },
      { seed: 1 },
    );
    expect(value).toEqual({
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      city: 'Amsterdam',
      createdAt: '2024-05-17T09:30:00Z',
      price: 19.99,
      website: 'https://example.com/resources/1',
      status: 'open',
    });
  });
});

describe('synthesize: examples and defaults', () => {
  it('uses a valid example in static mode and skips invalid ones', () => {
    expect(synthesize({ type: 'integer', minimum: 0, examples: [-5, 12] }, { seed: 1 })).toBe(12);
    expect(synthesize({ type: 'string', format: 'email', example: 'nope', default: 'a@example.org' }, { seed: 1 })).toBe('a@example.org');
  });

  it('drops write-only properties from an example used in a response', () => {
    const schema: JsonSchema = { $ref: '#/$defs/Account', example: { login: 'ada', password: 'hunter2' } };
    expect(synthesize(schema, { seed: 1, defs })).toEqual({ login: 'ada' });
  });

  it('takes the `name` option as a hint for plausible values', () => {
    expect(synthesize({ type: 'string' }, { seed: 1, name: 'email' })).toBe('jane.doe@example.com');
  });
});

describe('synthesize: direction', () => {
  it('omits writeOnly properties in responses and readOnly ones in requests', () => {
    const response = synthesize({ $ref: '#/$defs/Account' }, { seed: 1, defs, direction: 'response' }) as Record<string, unknown>;
    const request = synthesize({ $ref: '#/$defs/Account' }, { seed: 1, defs, direction: 'request' }) as Record<string, unknown>;
    expect(Object.keys(response).sort()).toEqual(['createdAt', 'id', 'login']);
    expect(Object.keys(request).sort()).toEqual(['login', 'password']);
    for (const seed of SEEDS) {
      const dynamic = synthesize({ $ref: '#/$defs/Account' }, { seed, defs, mode: 'dynamic', direction: 'request' }) as Record<string, unknown>;
      expect(dynamic).not.toHaveProperty('id');
      expect(dynamic).not.toHaveProperty('createdAt');
    }
  });

  it('still sends a required read-only property in a request, so the value validates', () => {
    const schema: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'integer', readOnly: true } } };
    expect(synthesize(schema, { seed: 1, direction: 'request' })).toEqual({ id: 1 });
  });
});

describe('synthesize: discriminator', () => {
  it('carries the mapping key of the branch it generated', () => {
    const branches: Record<string, JsonSchema> = { cat: { $ref: '#/$defs/Cat' }, dog: { $ref: '#/$defs/Dog' }, lizard: { $ref: '#/$defs/Lizard' } };
    const seen = new Set<string>();
    for (const mode of ['static', 'dynamic'] as const) {
      for (const seed of SEEDS) {
        const value = synthesize(anyPet, { seed, mode, defs }) as { petType: string };
        seen.add(value.petType);
        expect(Object.keys(branches)).toContain(value.petType);
        expect(validatorFor(branches[value.petType], defs)(value).valid).toBe(true);
        expect(validatorFor(anyPet, defs)(value).valid).toBe(true);
      }
    }
    expect(seen.size).toBe(3);
  });

  it('uses the definition name without a mapping, also for allOf inheritance', () => {
    const schema: JsonSchema = { oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }], discriminator: { propertyName: 'petType' } };
    for (const seed of SEEDS) {
      const value = synthesize(schema, { seed, mode: 'dynamic', defs }) as { petType: string; packSize?: number };
      expect(value.petType).toBe(value.packSize === undefined ? 'Cat' : 'Dog');
    }
    expect(synthesize({ $ref: '#/$defs/Dog' }, { seed: 1, defs })).toMatchObject({ petType: 'Dog' });
  });
});

describe('synthesize: recursion', () => {
  it('bounds a self-referencing tree by maxDepth', () => {
    for (const maxDepth of [0, 1, 2, 4]) {
      for (const mode of ['static', 'dynamic'] as const) {
        for (const seed of SEEDS.slice(0, 5)) {
          const value = synthesize({ $ref: '#/$defs/Tree' }, { seed, mode, defs, maxDepth });
          // Each tree level is an object plus its children array.
          expect(depthOf(value)).toBeLessThanOrEqual(2 * (maxDepth + 1));
          expect(validatorFor({ $ref: '#/$defs/Tree' }, defs)(value).valid).toBe(true);
        }
      }
    }
  });

  it('terminates on recursion that no finite value satisfies', () => {
    const value = synthesize({ $ref: '#/$defs/Forever' }, { seed: 1, defs });
    expect(depthOf(value)).toBeLessThan(200);
  });
});

describe('synthesize: best effort', () => {
  it('returns a guess, without throwing, for unsatisfiable schemas', () => {
    expect(typeof synthesize({ type: 'string', minLength: 5, maxLength: 2 }, { seed: 1 })).toBe('string');
    expect(synthesize(false, { seed: 1 })).toBeNull();
    expect(synthesize({ allOf: [{ type: 'string' }, { type: 'integer' }] }, { seed: 1 })).toBeDefined();
  });

  it('is not thrown off by example data that looks like schema identifiers', () => {
    const example = { $id: 'same-id', name: 'Tom' };
    const sharedDefs: Record<string, JsonSchema> = {
      A: { type: 'object', properties: { $id: { type: 'string' }, name: { type: 'string' } }, example },
      B: { type: 'object', properties: { $id: { type: 'string' }, name: { type: 'string' } }, example: { ...example } },
    };
    expect(synthesize({ $ref: '#/$defs/A' }, { seed: 1, defs: sharedDefs })).toEqual(example);
    expect(synthesize({ $ref: '#/$defs/B' }, { seed: 1, defs: sharedDefs })).toEqual(example);
  });

  it('works on frozen plans', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value !== null && typeof value === 'object') {
        for (const item of Object.values(value)) deepFreeze(item);
        Object.freeze(value);
      }
      return value;
    };
    const frozenDefs = deepFreeze(structuredClone(defs));
    const schema = deepFreeze({ $ref: '#/$defs/Cat', examples: [{ name: 'Tom', petType: 'Cat', huntingSkill: 'lazy' }] });
    expect(synthesize(schema, { seed: 1, defs: frozenDefs })).toEqual({ name: 'Tom', petType: 'Cat', huntingSkill: 'lazy' });
  });
});
