/**
 * Parses an ECMAScript regular expression into a small tree for the linear-time matcher. The
 * syntax is first checked by the engine's own `RegExp` constructor, so this parser only has to
 * find the structure: single-character atoms (kept as their source text, which the engine's
 * `RegExp` then tests one character at a time), sequences, alternatives, repetitions, anchors,
 * word boundaries and lookaheads. Backreferences, lookbehind and inline modifiers cannot run in
 * linear time here and are refused with a reason.
 */

export type RegexNode =
  | { type: 'atom'; source: string; literal?: number }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number; greedy: boolean }
  | { type: 'assert'; kind: 'start' | 'end' | 'word' | 'notword' }
  | { type: 'look'; node: RegexNode; negate: boolean };

export class UnsupportedRegex extends Error {
  override name = 'UnsupportedRegex';
}

const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

/** Parses `source`; throws a SyntaxError (invalid) or an UnsupportedRegex (valid, not linear). */
export function parseRegex(source: string, unicode: boolean): RegexNode {
  let i = 0;

  const fail = (reason: string): never => {
    throw new UnsupportedRegex(reason);
  };

  function alternatives(): RegexNode {
    const options = [sequence()];
    while (source[i] === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0] : { type: 'alt', options };
  }

  function sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') items.push(quantified(term()));
    return items.length === 1 ? items[0] : { type: 'seq', items };
  }

  function quantified(node: RegexNode): RegexNode {
    let out = node;
    for (;;) {
      const c = source[i];
      let min: number;
      let max: number;
      if (c === '*' || c === '+' || c === '?') {
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
        i++;
      } else if (c === '{' && QUANTIFIER.test(source.slice(i, i + 40))) {
        const m = QUANTIFIER.exec(source.slice(i, i + 40));
        // SAFETY: the test above matched the same text.
        const found = m as RegExpExecArray;
        min = Number(found[1]);
        max = found[2] === undefined ? min : found[3] === '' ? Number.POSITIVE_INFINITY : Number(found[3]);
        i += found[0].length;
      } else {
        return out;
      }
      let greedy = true;
      if (source[i] === '?') {
        greedy = false;
        i++;
      }
      out = { type: 'repeat', node: out, min, max, greedy };
    }
  }

  function term(): RegexNode {
    const c = source[i];
    if (c === '^') {
      i++;
      return { type: 'assert', kind: 'start' };
    }
    if (c === '$') {
      i++;
      return { type: 'assert', kind: 'end' };
    }
    if (c === '(') return group();
    if (c === '\\' && (source[i + 1] === 'b' || source[i + 1] === 'B')) {
      i += 2;
      return { type: 'assert', kind: source[i - 1] === 'b' ? 'word' : 'notword' };
    }
    return atom();
  }

  function group(): RegexNode {
    i++;
    let look: { negate: boolean } | null = null;
    if (source[i] === '?') {
      const kind = source.slice(i + 1, i + 3);
      if (kind.startsWith(':')) i += 2;
      else if (kind.startsWith('=') || kind.startsWith('!')) {
        look = { negate: kind[0] === '!' };
        i += 2;
      } else if (kind === '<=' || kind === '<!') fail('lookbehind ((?<=…), (?<!…)) is not supported');
      else if (kind[0] === '<') {
        const end = source.indexOf('>', i);
        i = end + 1;
      } else fail('inline modifiers ((?i:…)) are not supported');
    }
    const inner = alternatives();
    if (source[i] !== ')') throw new SyntaxError('unbalanced parenthesis');
    i++;
    return look ? { type: 'look', node: inner, negate: look.negate } : inner;
  }

  function atom(): RegexNode {
    const start = i;
    const c = source[i];
    if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return { type: 'atom', source: source.slice(start, i) };
    }
    if (c === '\\') return escaped();
    const code = unicode ? (source.codePointAt(i) ?? 0) : source.charCodeAt(i);
    i += code > 0xffff ? 2 : 1;
    return { type: 'atom', source: source.slice(start, i), literal: c === '.' ? undefined : code };
  }

  function escaped(): RegexNode {
    const start = i;
    const c = source[i + 1] ?? '';
    i += 2;
    if (/[1-9]/.test(c)) fail('backreferences (\\1) are not supported');
    if (c === 'k' && source[i] === '<') fail('backreferences (\\k<name>) are not supported');
    if (c === '0' && /[0-9]/.test(source[i] ?? '')) fail('octal escapes are not supported');
    if (c === 'c' && !/[A-Za-z]/.test(source[i] ?? '')) fail('\\c without a control letter is not supported');
    if ((c === 'p' || c === 'P') && unicode) i = source.indexOf('}', i) + 1;
    else if (c === 'u' && unicode && source[i] === '{') i = source.indexOf('}', i) + 1;
    else if (c === 'u' && /^[0-9A-Fa-f]{4}/.test(source.slice(i, i + 4))) {
      i += 4;
      const unit = Number.parseInt(source.slice(i - 4, i), 16);
      // In unicode mode an escaped surrogate pair is one character.
      if (unicode && unit >= 0xd800 && unit <= 0xdbff && /^\\u[dD][c-fC-F][0-9A-Fa-f]{2}/.test(source.slice(i, i + 6))) i += 6;
    } else if (c === 'x' && /^[0-9A-Fa-f]{2}/.test(source.slice(i, i + 2))) i += 2;
    else if (c === 'c') i += 1;
    return { type: 'atom', source: source.slice(start, i) };
  }

  const tree = alternatives();
  if (i < source.length) throw new SyntaxError('unbalanced parenthesis');
  return tree;
}
