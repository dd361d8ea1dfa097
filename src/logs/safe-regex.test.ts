import { describe, expect, it } from 'vitest';
import { checkPathRegex } from './safe-regex';

describe('checkPathRegex', () => {
  it.each(['^/v1/books/[0-9]+$', '/orders/\\d+/items', '^/v1/(books|authors)/[^/]+$', '(ab)+', 'a{2,5}', '[(+*]x', '\\(a+\\)+'])('accepts %s', (source) => {
    const checked = checkPathRegex(source);
    expect(checked.ok).toBe(true);
  });

  it.each([
    ['(a+)+$', 'quantifier on a group'],
    ['(a*)*b', 'quantifier on a group'],
    ['((ab)+)+', 'quantifier on a group'],
    ['(a|a)*$', 'quantifier on a group'],
    ['(x|xy){2,}', 'quantifier on a group'],
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['a(?=b)', 'lookahead'],
    ['(?<!a)b', 'lookahead'],
    ['.*a.*b.*c.*d', 'unbounded quantifiers'],
    ['(', 'Invalid regular expression'],
    ['', 'empty'],
    ['a'.repeat(201), '200 characters'],
  ])('refuses %s', (source, reason) => {
    const checked = checkPathRegex(source);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(reason);
  });

  it('gives a regex that matches paths', () => {
    const checked = checkPathRegex('^/v1/books/[0-9]+$');
    expect(checked.ok && checked.regex.test('/v1/books/42')).toBe(true);
    expect(checked.ok && checked.regex.test('/v1/books/x')).toBe(false);
  });
});
