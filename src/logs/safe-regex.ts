/**
 * User-given path regexes for the log search. D1 has no REGEXP, so a path regex runs in the
 * worker; it runs on the linear-time matcher (src/regex), never on the engine's backtracking one,
 * so neither `(a+)+$` nor `.{0,999}` repeated can stall the mock. Backreferences and lookbehind
 * are refused, as are patterns too large to match in linear time.
 */
import { compileRegex, type SafeRegex } from '../regex';

export const MAX_REGEX_LENGTH = 200;

export type RegexCheck = { ok: true; regex: SafeRegex } | { ok: false; reason: string };

/**
 * @example
 * checkPathRegex('^/v1/books/[0-9]+$'); // { ok: true, regex: … }
 * checkPathRegex('(a)\\1');              // { ok: false, reason: 'backreferences (\\1) are not supported' }
 */
export function checkPathRegex(source: string): RegexCheck {
  if (source.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (source.length > MAX_REGEX_LENGTH) return { ok: false, reason: `patterns of up to ${MAX_REGEX_LENGTH} characters are accepted` };
  const compiled = compileRegex(source);
  return compiled.ok ? compiled : { ok: false, reason: compiled.reason };
}

/**
 * The literal text every match of an anchored regex starts with (`^/v1/authors/a-1[0-9]$` →
 * `/v1/authors/a-1`), or '' when there is none to rely on (no `^`, an alternation, flags that
 * change matching). The log search narrows rows by it in SQL before the regex runs in the worker.
 */
export function literalPrefix(regex: { source: string; flags: string }): string {
  const source = regex.source;
  if (!source.startsWith('^') || regex.flags.includes('i') || regex.flags.includes('m') || source.includes('|')) return '';
  let prefix = '';
  for (let i = 1; i < source.length; i++) {
    let char = source[i];
    if (char === '\\') {
      const next = source[i + 1];
      // An escaped letter or digit is a class or a back-reference (\d, \w, \1), not itself.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      char = next;
      i++;
    } else if ('^$.|?*+()[]{}'.includes(char)) {
      break;
    }
    // A quantifier after this character makes it optional or repeated: it is not part of every match.
    const after = source[i + 1];
    if (after === '?' || after === '*' || after === '{') break;
    prefix += char;
  }
  return prefix;
}

/**
 * `prefix*` as a SQLite GLOB pattern, its own `*`, `?` and `[` taken literally, cut so that the
 * pattern stays within D1's limit on LIKE/GLOB patterns (a shorter prefix only narrows less).
 */
export function prefixGlob(prefix: string): string {
  let glob = '';
  for (const char of prefix) {
    const piece = '*?['.includes(char) ? `[${char}]` : char;
    if (utf8Length(glob + piece) + 1 > MAX_SQL_PATTERN_BYTES) break;
    glob += piece;
  }
  return `${glob}*`;
}

/**
 * The longest LIKE or GLOB pattern D1 accepts, in bytes: a longer one fails the query with
 * "LIKE or GLOB pattern too complex" (SQLITE_LIMIT_LIKE_PATTERN_LENGTH is 50 there).
 */
export const MAX_SQL_PATTERN_BYTES = 50;

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
