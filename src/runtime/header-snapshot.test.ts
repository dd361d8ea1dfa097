import { describe, expect, it } from 'vitest';
import { HeaderSnapshot } from './header-snapshot';

describe('HeaderSnapshot', () => {
  const init: Array<[string, string]> = [
    ['Accept', 'application/json'],
    ['X-Test-Session', ' s-1 '],
    ['x-dup', 'a'],
    ['X-Dup', 'b'],
    ['Cookie', 'a=1'],
  ];

  it('reads like Headers.get, in any case', () => {
    const headers = new Headers(init);
    const snapshot = new HeaderSnapshot(headers);
    for (const name of ['accept', 'ACCEPT', 'x-test-session', 'x-dup', 'X-DUP', 'cookie', 'missing', 'set-cookie']) {
      expect(snapshot.get(name), name).toBe(headers.get(name));
      expect(snapshot.has(name), name).toBe(headers.has(name));
    }
  });

  it('lists entries the way Headers iterates them', () => {
    const headers = new Headers(init);
    expect([...new HeaderSnapshot(headers).entries]).toEqual([...headers]);
  });

  it('refuses an invalid name like Headers does', () => {
    const snapshot = new HeaderSnapshot(new Headers(init));
    expect(() => new Headers().get('bad name')).toThrow(TypeError);
    expect(() => snapshot.get('bad name')).toThrow(TypeError);
  });
});
