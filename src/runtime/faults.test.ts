import { describe, expect, it } from 'vitest';
import type { PlanOperation } from '../plan';
import { createRandom } from '../synth';
import { chunksOf, errorStatus, malformBody, sampleDelay } from './faults';

const seeded = (seed: number) => {
  const random = createRandom(seed);
  return () => random.next();
};

describe('sampleDelay', () => {
  it('draws fixed, uniform and log-normal delays', () => {
    expect(sampleDelay({ type: 'fixed', ms: 25 }, Math.random)).toBe(25);
    const random = seeded(1);
    const uniform = Array.from({ length: 200 }, () => sampleDelay({ type: 'uniform', min_ms: 10, max_ms: 20 }, random));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(20);
    const logNormal = Array.from({ length: 2001 }, () => sampleDelay({ type: 'lognormal', median_ms: 100, sigma: 0.5 }, random)).sort((a, b) => a - b);
    expect(logNormal[1000]).toBeGreaterThan(85);
    expect(logNormal[1000]).toBeLessThan(115);
    expect(logNormal[1980]).toBeGreaterThan(200);
    expect(Math.max(...Array.from({ length: 500 }, () => sampleDelay({ type: 'lognormal', median_ms: 100, sigma: 3, max_ms: 400 }, random)))).toBeLessThanOrEqual(400);
  });
});

describe('errorStatus', () => {
  const op = (statuses: string[]) => ({ responses: statuses.map((status) => ({ status, description: '', headers: [], contents: [] })) }) as unknown as PlanOperation;

  it('picks the operation’s own 5xx and 429 responses, else 503, unless a status is given', () => {
    const random = seeded(2);
    const picked = new Set(Array.from({ length: 50 }, () => errorStatus(op(['200', '404', '429', '503']), undefined, random)));
    expect([...picked].sort()).toEqual([429, 503]);
    expect(errorStatus(op(['200', '404']), undefined, random)).toBe(503);
    expect(errorStatus(op(['200']), 418, random)).toBe(418);
    expect([500, 502]).toContain(errorStatus(op(['200']), [500, 502], random));
  });
});

describe('malformBody', () => {
  it('never leaves something that parses', () => {
    for (const body of ['{"a":1,"b":[1,2,3]}', '[1,2]', '12345', '"ok"', 'true', '', null, new TextEncoder().encode('{"x":"y"}')]) {
      const broken = malformBody(body);
      expect(broken.length).toBeGreaterThan(0);
      expect(() => JSON.parse(broken)).toThrow();
    }
  });
});

describe('chunksOf', () => {
  it('splits a body into byte chunks', () => {
    expect(chunksOf('abcdefg', 3).map((c) => new TextDecoder().decode(c))).toEqual(['abc', 'def', 'g']);
  });
});
