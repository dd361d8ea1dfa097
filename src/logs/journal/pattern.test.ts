import { describe, expect, it } from 'vitest';
import { RegexBudgetExceeded } from '../../regex';
import { parseJsonPath, selectJsonPath } from '../../json/json-path';
import { compileRequestPattern, type JournalRequest } from './pattern';

const post: JournalRequest = {
  method: 'POST',
  path: '/v1/books',
  query: 'lang=en&tag=a&tag=b',
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-trace': 'abc-123' },
  body: JSON.stringify({ title: 'Dune', year: 1965, tags: ['scifi', 'classic'], author: { name: 'Herbert' }, items: [{ price: 5 }, { price: 15 }] }),
};
const get: JournalRequest = { method: 'GET', path: '/v1/books/7', query: '', headers: { accept: '*/*' }, body: null };

function matches(pattern: unknown, request: JournalRequest = post): boolean {
  const compiled = compileRequestPattern(pattern);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.match(request, { left: 1_000_000 });
}

describe('WireMock request patterns', () => {
  it('matches method and the four URL forms', () => {
    expect(matches({ method: 'ANY' }, get)).toBe(true);
    expect(matches({ method: 'post' })).toBe(true);
    expect(matches({ method: 'GET' })).toBe(false);
    expect(matches({ url: '/v1/books?lang=en&tag=a&tag=b' })).toBe(true);
    expect(matches({ url: '/v1/books' })).toBe(false);
    expect(matches({ urlPath: '/v1/books' })).toBe(true);
    expect(matches({ urlPathPattern: '/v1/books/[0-9]+' }, get)).toBe(true);
    expect(matches({ urlPathPattern: '/v1/books/[0-9]' }, { ...get, path: '/v1/books/77' })).toBe(false); // whole-value match
    expect(matches({ urlPattern: '/v1/books\\?lang=.*' })).toBe(true);
  });

  it('matches headers and query parameters with equalTo, contains, matches, absent', () => {
    expect(matches({ headers: { 'Content-Type': { contains: 'json' }, 'X-Trace': { matches: '[a-z]+-\\d+' } } })).toBe(true);
    expect(matches({ headers: { 'X-Trace': { equalTo: 'ABC-123', caseInsensitive: true } } })).toBe(true);
    expect(matches({ headers: { 'X-Trace': { equalTo: 'ABC-123' } } })).toBe(false);
    expect(matches({ headers: { Authorization: { absent: true } } })).toBe(true);
    expect(matches({ queryParameters: { tag: { equalTo: 'b' }, lang: { doesNotMatch: 'fr|de' } } })).toBe(true);
    expect(matches({ queryParameters: { page: { equalTo: '1' } } })).toBe(false);
  });

  it('matches bodies with equalToJson and matchesJsonPath', () => {
    const full = JSON.parse(post.body!);
    expect(matches({ bodyPatterns: [{ equalToJson: JSON.stringify(full) }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ equalToJson: { title: 'Dune' } }] })).toBe(false);
    expect(matches({ bodyPatterns: [{ equalToJson: { title: 'Dune' }, ignoreExtraElements: true }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ equalToJson: { ...full, tags: ['classic', 'scifi'] } }] })).toBe(false);
    expect(matches({ bodyPatterns: [{ equalToJson: { ...full, tags: ['classic', 'scifi'] }, ignoreArrayOrder: true }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ matchesJsonPath: '$.author.name' }, { matchesJsonPath: "$.items[?(@.price > 10)]" }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ matchesJsonPath: "$.items[?(@.price > 100)]" }] })).toBe(false);
    expect(matches({ bodyPatterns: [{ matchesJsonPath: { expression: '$.tags[0]', equalTo: 'scifi' } }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ matchesJsonPath: { expression: '$..name', matches: 'Her.*' } }] })).toBe(true);
    expect(matches({ bodyPatterns: [{ matchesJsonPath: '$.title' }] }, get)).toBe(false);
  });

  it('refuses what it does not support, by name', () => {
    const out = compileRequestPattern({ cookies: {}, headers: { a: { equalToXml: '<a/>' } }, urlPath: '/a', url: '/b', bodyPatterns: [{ matchesJsonPath: '$.a[?(@.b =~ /x/)]' }] });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      const text = JSON.stringify(out.errors);
      for (const word of ['cookies', 'equalToXml', 'one of url', 'is not supported']) expect(text).toContain(word);
    }
    expect(compileRequestPattern({ urlPathPattern: '(a)\\1' }).ok).toBe(false);
  });

  it('runs user regexes in linear time under a shared budget', () => {
    const compiled = compileRequestPattern({ urlPathPattern: '(a+)+b' });
    if (!compiled.ok) throw new Error('compiled');
    expect(compiled.match({ ...get, path: 'a'.repeat(5000) }, { left: 10_000_000 })).toBe(false);
    expect(() => compiled.match({ ...get, path: 'a'.repeat(5000) }, { left: 10 })).toThrow(RegexBudgetExceeded);
  });

  it('selects JSON paths', () => {
    const path = parseJsonPath("$['items'][-1].price");
    expect(path.ok && selectJsonPath(path.steps, JSON.parse(post.body!))).toEqual([15]);
    expect(parseJsonPath('items').ok).toBe(false);
  });
});
