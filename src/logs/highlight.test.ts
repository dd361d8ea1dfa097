import { describe, expect, it } from 'vitest';
import { checkPathRegex } from './safe-regex';
import { highlights } from './highlight';

describe('highlights', () => {
  const item = { path: '/v1/books/42', query: 'q=Dune', requestBody: null, responseBody: `{"items":[${'{"x":1},'.repeat(20)}{"title":"Dune Messiah"}]}` };

  it('marks the first match in each field, case-insensitively, with context', () => {
    const found = highlights(item, 'dune');
    expect(found.map((h) => h.field)).toEqual(['query', 'responseBody']);
    for (const h of found) expect(h.fragment.slice(h.start, h.start + h.length).toLowerCase()).toBe('dune');
    const body = found[1];
    expect(body.fragment.startsWith('…')).toBe(true);
    expect(body.fragment.length).toBeLessThan(100);
  });

  it('marks a path regex match', () => {
    const checked = checkPathRegex('\\d+$');
    if (!checked.ok) throw new Error(checked.reason);
    const [h] = highlights(item, undefined, checked.regex);
    expect(h).toEqual({ field: 'path', fragment: '/v1/books/42', start: 10, length: 2 });
  });

  it('is empty without a search', () => {
    expect(highlights(item, undefined)).toEqual([]);
  });
});
