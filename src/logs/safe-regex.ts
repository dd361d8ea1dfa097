/**
 * A guard for user-given path regexes. D1 has no REGEXP, so a path regex runs in the worker's
 * JavaScript engine, which backtracks: `(a+)+$` against a long path can take forever. Only
 * patterns whose shapes cannot blow up are accepted: bounded length, no backreferences or
 * lookaround, no quantifier on a group that itself holds a quantifier or an alternation, and few
 * unbounded quantifiers (each one multiplies the work by the path's length).
 */

export const MAX_REGEX_LENGTH = 200;
export const MAX_UNBOUNDED_QUANTIFIERS = 3;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface Group {
  quantified: boolean;
  alternation: boolean;
}

/**
 * @example
 * checkPathRegex('^/v1/books/[0-9]+$'); // { ok: true, regex: /^\/v1\/books\/[0-9]+$/ }
 * checkPathRegex('(a+)+$');             // { ok: false, reason: 'a quantifier on a group …' }
 */
export function checkPathRegex(source: string): RegexCheck {
  if (source.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (source.length > MAX_REGEX_LENGTH) return { ok: false, reason: `patterns of up to ${MAX_REGEX_LENGTH} characters are accepted` };
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const stack: Group[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  // What the last atom was: a quantifier applies to it.
  let last: 'none' | 'atom' | { group: Group } = 'none';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return { ok: false, reason: 'backreferences are not accepted' };
      i++;
      last = 'atom';
      continue;
    }
    if (c === '[') {
      // A class is one atom; skip to its closing bracket (escapes inside included).
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      last = 'atom';
      continue;
    }
    if (c === '(') {
      if (source[i + 1] === '?') {
        const kind = source.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') return { ok: false, reason: 'lookahead and lookbehind are not accepted' };
      }
      stack.push({ quantified: false, alternation: false });
      last = 'none';
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      if (group === undefined || stack.length === 0) return { ok: false, reason: 'unbalanced parenthesis' };
      const parent = stack[stack.length - 1];
      parent.quantified ||= group.quantified;
      parent.alternation ||= group.alternation;
      last = { group };
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1].alternation = true;
      last = 'none';
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier !== null) {
      if (typeof last === 'object' && (last.group.quantified || last.group.alternation)) {
        return { ok: false, reason: 'a quantifier on a group that holds a quantifier or an alternation can backtrack catastrophically' };
      }
      if (quantifier.unbounded && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
        return { ok: false, reason: `at most ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (*, +, {n,}) are accepted` };
      }
      stack[stack.length - 1].quantified = true;
      i += quantifier.length - 1;
      // A lazy or possessive-looking suffix belongs to this quantifier.
      if (source[i + 1] === '?') i++;
      last = 'none';
      continue;
    }
    last = 'atom';
  }
  return { ok: true, regex };
}

function quantifierAt(source: string, i: number): { length: number; unbounded: boolean } | null {
  const c = source[i];
  if (c === '*' || c === '+') return { length: 1, unbounded: true };
  if (c === '?') return { length: 1, unbounded: false };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (m) return { length: m[0].length, unbounded: m[2] !== undefined && m[3] === '' };
  }
  return null;
}

/**
 * The literal text every match of an anchored regex starts with (`^/v1/authors/a-1[0-9]$` →
 * `/v1/authors/a-1`), or '' when there is none to rely on (no `^`, an alternation, flags that
 * change matching). The log search narrows rows by it in SQL before the regex runs in the worker.
 */
export function literalPrefix(regex: RegExp): string {
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

/** `prefix*` as a SQLite GLOB pattern, its own `*`, `?` and `[` taken literally. */
export function prefixGlob(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (c) => `[${c}]`)}*`;
}
