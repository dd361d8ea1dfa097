import { describe, expect, it } from 'vitest';
import { splitRequestUrl } from './request-url';

function viaUrl(url: string) {
  const parsed = new URL(url);
  return { path: parsed.pathname, query: parsed.search.length > 1 ? parsed.search.slice(1) : '' };
}

describe('splitRequestUrl', () => {
  it.each([
    'http://h:1/v1/books',
    'http://h:1/v1/books?',
    'http://h:1/v1/books?limit=2&offset=0',
    'http://h:1/v1/books/?a=1?b=2',
    'http://h:1/',
    'http://h:1/v1//books',
    'http://h:1/v1/b%6Foks',
    'http://h:1/v1/%2e%2e/books',
    'http://h:1/v1/%2E/books',
    'http://h:1/v1/../v1/books',
    'http://h:1/v1/./books/',
    'http://h:1/.well-known/x',
    'http://h:1/v1/bo"o<k>s',
    'http://h:1/v1/b\\ooks',
    "http://h:1/v1/books?a=1&b='x'",
    'http://h:1/v1/books#frag',
    'http://h:1/v1/books?x#f',
    'http://h:1/v1/café?q=café',
    'http://h:1/v1/{x}|^`',
    'https://example.com/a/b.json?x=%zz&y=1.2',
  ])('matches new URL() for %s', (url) => {
    expect(splitRequestUrl(url)).toEqual(viaUrl(url));
  });

  it('matches new URL() on random targets', () => {
    const chars = 'aZ09-._~!$&()*+,;=:@/%?#\\ "<>`{}|^\'[]é\t.';
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 5000; n++) {
      let target = '/';
      const length = next() % 12;
      for (let i = 0; i < length; i++) target += chars[next() % chars.length];
      const url = `http://h:1${target}`;
      expect(splitRequestUrl(url), url).toEqual(viaUrl(url));
    }
  });
});
