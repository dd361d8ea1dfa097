import { describe, expect, it } from 'vitest';
import { checkPathRegex, literalPrefix, prefixGlob } from './safe-regex';

describe('checkPathRegex', () => {
  it.each(['^/v1/books/[0-9]+$', '/orders/\\d+/items', '^/v1/(books|authors)/[^/]+$', '(ab)+', 'a{2,5}', '[(+*]x', '\\(a+\\)+', '(a+)+$', '.*a.*b.*c.*d', 'a(?=b)'])(
    'accepts %s',
    (source) => {
      const checked = checkPathRegex(source);
      expect(checked.ok).toBe(true);
    },
  );

  it.each([
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['(?<!a)b', 'lookbehind'],
    ['(.{0,999}){0,999}', 'too large'],
    ['.{0,999}'.repeat(5), 'too large'],
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

  it('matches the shapes that used to backtrack without stalling', () => {
    // Natively each of these takes seconds to years on such input.
    for (const source of ['(a+)+$', '^(a|a)*$', '.{0,999}.{0,999}x']) {
      const checked = checkPathRegex(source);
      if (!checked.ok) throw new Error(checked.reason);
      const path = `/${'a'.repeat(500)}!`;
      let answer: boolean | string;
      try {
        answer = checked.regex.test(path);
      } catch (error) {
        answer = String(error);
      }
      expect([false, 'RegexBudgetExceeded: the pattern took too many steps on this input']).toContain(answer);
    }
  });
});

describe('literalPrefix', () => {
  it('takes the literal start of an anchored regex', () => {
    expect(literalPrefix(/^\/v1\/authors\/a-1[0-9]$/)).toBe('/v1/authors/a-1');
    expect(literalPrefix(/^\/v1\/books\/\d+$/)).toBe('/v1/books/');
    expect(literalPrefix(/^\/v1\.2\/x/)).toBe('/v1.2/x');
  });

  it('leaves out a character a quantifier makes optional or repeated', () => {
    expect(literalPrefix(/^\/v1s?\/x/)).toBe('/v1');
    expect(literalPrefix(/^\/ab*c/)).toBe('/a');
    expect(literalPrefix(/^\/ab+c/)).toBe('/ab'); // at least one b
    expect(literalPrefix(/^\/ab{2}/)).toBe('/a');
  });

  it('gives nothing when matches need not share a start', () => {
    expect(literalPrefix(/\/v1\/books/)).toBe('');
    expect(literalPrefix(/^\/a|\/b/)).toBe('');
    expect(literalPrefix({ source: '^/V1', flags: 'i' })).toBe('');
    expect(literalPrefix(/^(\/v1)/)).toBe('');
  });

  it('makes GLOB patterns that take *, ? and [ literally', () => {
    expect(prefixGlob('/v1/a')).toBe('/v1/a*');
    expect(prefixGlob('/a*b?c[d')).toBe('/a[*]b[?]c[[]d*');
  });
});
