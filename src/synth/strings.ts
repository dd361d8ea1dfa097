/**
 * Strings: a format's value, a name-based plausible value, a pattern match, or free words, in that
 * order, keeping the first that meets every length, pattern and format constraint. Lengths count
 * Unicode code points, as the validator does.
 */
import { format as formatChecks } from '@cfworker/json-schema';
import { formatValue } from './formats';
import { loremWords, stringHint } from './names';
import { codePointLength, drawFromPattern, padMatch } from './patterns';
import type { Attempt, Context, Flat, Site } from './types';

/** Per pattern: plain draws, then draws pushed long or short, each in ASCII and then wide. */
const PATTERN_ATTEMPTS = 16;
/** The longest string made for a `minLength` (1 MiB of code points). */
const MAX_STRING = 1 << 20;

/** Cuts free text to `max` code points, without a dangling space when the minimum allows. */
function truncate(text: string, min: number, max: number): string {
  if (codePointLength(text) <= max) return text;
  const cut = Array.from(text).slice(0, max).join('');
  const trimmed = cut.trimEnd();
  return codePointLength(trimmed) >= min ? trimmed : cut;
}

export function generateString(flat: Flat, ctx: Context, site: Site): Attempt<string> {
  const min = flat.minLength ?? 0;
  const max = flat.maxLength ?? Number.POSITIVE_INFINITY;
  const { random, mode, name } = site;

  const fits = (text: string): boolean => {
    const length = codePointLength(text);
    if (length < min || length > max) return false;
    for (const pattern of flat.patterns) {
      const regex = ctx.patterns.regex(pattern);
      if (regex !== undefined && !regex.test(text)) return false;
    }
    for (const f of flat.formats) {
      const check = formatChecks[f];
      if (check !== undefined && !check(text)) return false;
    }
    return true;
  };

  let fallback: string | undefined;
  const consider = (text: string | undefined): boolean => {
    if (text === undefined) return false;
    fallback ??= text;
    return fits(text);
  };

  for (const f of flat.formats) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const value = formatValue(f, {
        random: attempt === 0 ? random : random.fork(`format${attempt}`),
        mode: attempt === 0 ? mode : 'dynamic',
        min,
        max,
      });
      if (value === undefined) break;
      if (consider(value)) return { value, ok: true };
    }
  }

  const hinted = stringHint(name, random, mode);
  if (hinted !== undefined && fits(hinted)) return { value: hinted, ok: true };

  for (const pattern of flat.patterns) {
    for (let attempt = 0; attempt < PATTERN_ATTEMPTS; attempt++) {
      const draw = attempt === 0 ? random : random.fork(`pattern${attempt}`);
      const bias = attempt < 8 ? 'none' : attempt % 2 === 0 ? 'long' : 'short';
      const wide = attempt % 8 >= 4;
      let text = drawFromPattern(ctx.patterns, pattern, draw, { min, max }, bias, wide);
      if (text === undefined) break;
      text = padMatch(text, pattern, min, draw);
      if (consider(text)) return { value: text, ok: true };
    }
  }

  // A minimum past the budget has no value we would send.
  if (min > MAX_STRING) return { value: fallback ?? '', ok: false };
  // Free words, grown to the minimum length and cut to the maximum.
  let text = loremWords(random, mode, mode === 'static' ? 2 : random.int(1, 3));
  const words: string[] = [text];
  for (let length = codePointLength(text); length < min; ) {
    const word = loremWords(random, 'dynamic', 1);
    words.push(word);
    length += 1 + codePointLength(word);
  }
  text = words.join(' ');
  text = truncate(text, min, max);
  if (consider(text)) return { value: text, ok: true };
  return { value: fallback ?? text, ok: false };
}
