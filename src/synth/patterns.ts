/**
 * Strings from regular expressions. `randexp` walks the pattern and draws from our seeded source;
 * its `max` caps open repetitions (`*`, `+`, `{n,}`) so strings stay short. Each result is tested
 * with the same linear-time `u`-mode matcher the validator uses (src/regex), because randexp skips
 * lookarounds and anchors; a pattern that matcher refuses is not enforced by the validator either.
 */
import RandExp from 'randexp';
import { compileRegex } from '../regex';
import type { Random } from './random';

/** Tests a string against a pattern; a test past the matcher's step budget counts as no match. */
export interface PatternTest {
  test(text: string): boolean;
}

/** Parsed patterns and compiled regexes, kept for one `synthesize` call. */
export interface PatternCache {
  regex(pattern: string): PatternTest | undefined;
  /** `wide` draws non-ASCII characters too: a set like `[äö]` has nothing in printable ASCII. */
  generator(pattern: string, wide: boolean): RandExp | undefined;
}

export function createPatternCache(): PatternCache {
  const regexes = new Map<string, PatternTest | undefined>();
  const generators = new Map<string, RandExp | undefined>();
  return {
    regex(pattern) {
      if (!regexes.has(pattern)) {
        const compiled = compileRegex(pattern, 'u');
        const test = compiled.ok ? compiled.regex : undefined;
        regexes.set(
          pattern,
          test && {
            test(text) {
              try {
                return test.test(text);
              } catch {
                return false;
              }
            },
          },
        );
      }
      return regexes.get(pattern);
    },
    generator(pattern, wide) {
      const key = (wide ? 'w:' : 'a:') + pattern;
      if (!generators.has(key)) {
        let made: RandExp | undefined;
        try {
          made = new RandExp(pattern);
          // Beyond printable ASCII: the rest of the BMP without surrogates, then the astral planes.
          if (wide) made.defaultRange = made.defaultRange.clone().add(0xa0, 0xd7ff).add(0xe000, 0xfffd).add(0x10000, 0x10ffff);
        } catch {
          made = undefined;
        }
        generators.set(key, made);
      }
      return generators.get(key);
    },
  };
}

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
    length++;
  }
  return length;
}

export interface LengthRange {
  min: number;
  max: number;
}

/**
 * Draws one string for `pattern`, steering open repetitions toward the length range. `bias`
 * pushes repetition counts up (for long minimum lengths) on later attempts.
 */
export function drawFromPattern(
  cache: PatternCache,
  pattern: string,
  random: Random,
  range: LengthRange,
  bias: 'none' | 'long' | 'short',
  wide = false,
): string | undefined {
  const generator = cache.generator(pattern, wide);
  if (generator === undefined) return undefined;
  // An open repetition runs from its minimum to minimum + max; most are `+`, so one less than the
  // length limit keeps them inside it.
  const openCap = Number.isFinite(range.max) ? Math.max(0, Math.min(range.max - 1, 64)) : Math.max(8, range.min);
  generator.max = bias === 'short' ? Math.min(openCap, 2) : openCap;
  generator.randInt = (a: number, b: number) => {
    if (b <= a) return a;
    if (bias === 'long' && random.bool(0.7)) return b;
    if (bias === 'short' && random.bool(0.7)) return a;
    return random.int(a, b);
  };
  try {
    return generator.gen();
  } catch {
    return undefined;
  }
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Grows a match of an unanchored pattern to a minimum length: text before a match that is not
 * anchored at the start, or after one not anchored at the end, leaves it a match.
 */
export function padMatch(text: string, pattern: string, min: number, random: Random): string {
  const missing = min - codePointLength(text);
  if (missing <= 0) return text;
  let filler = '';
  for (let i = 0; i < missing; i++) filler += FILLER[random.int(0, FILLER.length - 1)];
  const anchoredEnd = /(^|[^\\])\$\)*$/.test(pattern);
  const anchoredStart = /^\(*\^/.test(pattern);
  if (!anchoredEnd) return text + filler;
  if (!anchoredStart) return filler + text;
  return text;
}
