import { describe, expect, it } from 'vitest';
import { compileRegex } from '.';

function compiled(source: string, flags = '') {
  const result = compileRegex(source, flags);
  if (!result.ok) throw new Error(result.reason);
  return result.regex;
}

describe('compileRegex', () => {
  // Each case agrees with the engine's own RegExp on where the first match is.
  it.each([
    ['^[\\w.-]+@[\\w-]+\\.[a-z]{2,}$', 'u', 'joe.b@ex-ample.com'],
    ['^(?=.*\\d)(?=.*[A-Z]).{8,}$', 'u', 'abcdefgH1'],
    ['^(?=.*\\d)(?=.*[A-Z]).{8,}$', 'u', 'abcdefgh1'],
    ['^(?!admin$)[a-z]+$', 'u', 'admin'],
    ['\\bfoo\\b', '', 'a foo b'],
    ['\\bfoo\\b', '', 'afoo b'],
    ['^\\p{Lu}+$', 'u', 'ÄÖ'],
    ['^[^]*$', '', 'x\ny'],
    ['a|ab', '', 'xab'],
    ['a+?b', '', 'caaab'],
    ['(a|ab)(c|bcd)', '', 'abcd'],
    ['^/v1/(books|authors)/[^/]+$', '', '/v1/books/12'],
    ['^😀{2}$', 'u', '😀😀'],
    ['^.$', '', '😀'],
    ['ABC', 'i', 'xabcx'],
    ['^$', '', ''],
    ['x*', '', 'yyy'],
    ['^\\d{3}-\\d{4}$', 'u', '555-1234'],
    ['^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$', 'u', 'GB82WEST12345698765432'],
    ['\\u0041\\x42', '', 'zAB'],
    ['[\\]a-]+', '', 'x]-a'],
  ])('/%s/%s on %j', (source, flags, text) => {
    const native = new RegExp(source, flags).exec(text);
    const ours = compiled(source, flags).exec(text);
    expect(ours).toEqual(native === null ? null : { index: native.index, end: native.index + native[0].length });
  });

  it('answers in linear time where a backtracking engine would not', () => {
    const started = Date.now();
    expect(compiled('^(a+)+$', 'u').test(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(compiled('(a*)*b').test(`${'a'.repeat(5000)}c`)).toBe(false);
    expect(compiled('^(a|a)*$').test(`${'a'.repeat(5000)}!`)).toBe(false);
    // Generous: natively the first alone would outlast the universe.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops at its step budget', () => {
    const regex = compiled('.{0,500}.{0,500}x');
    expect(() => regex.test('y'.repeat(20_000))).toThrow(/too many steps/);
  });

  it.each([
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
    ['(.{0,999}){0,999}', 'too large'],
  ])('refuses %s with a reason', (source, reason) => {
    const result = compileRegex(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(reason);
      expect(result.unsupported).toBe(true);
    }
  });

  it('reports a syntax error as one', () => {
    const result = compileRegex('(', '');
    expect(result.ok === false && !result.unsupported).toBe(true);
  });
});
