import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createUlidFactory } from './ulid';

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('createUlidFactory', () => {
  it('makes ULIDs that carry their time', () => {
    const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
    const id = ulid(1795268006556);
    expect(id).toMatch(FORMAT);
    expect(decodeTime(id)).toBe(1795268006556);
  });

  it('counts up within a millisecond and when the clock steps back', () => {
    const ulid = createUlidFactory((bytes) => bytes.fill(0).fill(31, 14, 16));
    const ids = [ulid(1000), ulid(1000), ulid(999), ulid(1000)];
    expect(ids.map((id) => id.slice(10))).toEqual(['00000000000000ZZ', '0000000000000100', '0000000000000101', '0000000000000102']);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
  });

  it('takes fresh random bits when time moves on, drawn in blocks', () => {
    let calls = 0;
    const ulid = createUlidFactory((bytes) => {
      calls++;
      for (let i = 0; i < bytes.length; i++) bytes[i] = i + calls;
    });
    const ids = [ulid(5), ulid(5), ulid(6)];
    expect(calls).toBe(1);
    expect(ids[2].slice(10)).not.toBe(ids[0].slice(10));
    expect(ids[2] > ids[1]).toBe(true);
    expect(decodeTime(ids[2])).toBe(6);
    for (let t = 7; t < 7 + 15; t++) ulid(t);
    expect(calls).toBe(2);
  });

  it('throws rather than wrap around', () => {
    const ulid = createUlidFactory((bytes) => bytes.fill(31));
    ulid(7);
    expect(() => ulid(7)).toThrow(/overflow/);
  });
});
