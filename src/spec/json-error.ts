/**
 * Finds where JSON text first goes wrong. `JSON.parse` does the real parsing (it is fast); this
 * scanner runs only after it fails, because engines disagree on whether and how their messages
 * carry a position (V8 omits it for e.g. `{"a": tru}`).
 */

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

type Expect = 'done' | 'value' | 'keyOrEnd' | 'key' | 'colon' | 'commaOrEndObject' | 'valueOrEnd' | 'commaOrEndArray';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Scans a string starting at its opening quote; returns the offset after the closing quote or an error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let pos = start + 1;
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === '"') return pos + 1;
    if (ch.charCodeAt(0) < 0x20) return { offset: pos, message: 'Bad control character in string literal' };
    if (ch === '\\') {
      const next = text[pos + 1];
      if (next === 'u') {
        if (!HEX4.test(text.slice(pos + 2, pos + 6))) return { offset: pos, message: 'Bad Unicode escape in string' };
        pos += 6;
        continue;
      }
      if (next === undefined || !ESCAPES.has(next)) return { offset: pos, message: 'Bad escaped character in string' };
      pos += 2;
      continue;
    }
    pos += 1;
  }
  return { offset: text.length, message: 'Unterminated string' };
}

/** Scans a scalar value (string, number, literal) at `pos`; returns the offset after it or an error. */
function scanScalar(text: string, pos: number): number | JsonSyntaxError {
  const ch = text[pos];
  if (ch === '"') return scanString(text, pos);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, pos)) return pos + literal.length;
  }
  NUMBER.lastIndex = pos;
  const match = NUMBER.exec(text);
  if (match && match[0].length > 0) return pos + match[0].length;
  return { offset: pos, message: `Unexpected character ${JSON.stringify(ch)}` };
}

/** The first syntax error in `text`, or `undefined` when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: Array<'object' | 'array'> = [];
  let expect: Expect = 'value';
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSpace(text[pos])) pos += 1;
    if (pos >= text.length) {
      if (stack.length === 0 && expect === 'done') return undefined;
      return { offset: text.length, message: 'Unexpected end of JSON input' };
    }
    const ch = text[pos];
    switch (expect) {
      case 'done':
        return { offset: pos, message: 'Unexpected text after the JSON value' };
      case 'keyOrEnd':
      case 'key':
        if (ch === '}' && expect === 'keyOrEnd') {
          stack.pop();
          pos += 1;
          expect = afterValue(stack);
          continue;
        }
        if (ch !== '"') return { offset: pos, message: 'Expected double-quoted property name' };
        {
          const end = scanString(text, pos);
          if (typeof end !== 'number') return end;
          pos = end;
        }
        expect = 'colon';
        continue;
      case 'colon':
        if (ch !== ':') return { offset: pos, message: "Expected ':' after property name" };
        pos += 1;
        expect = 'value';
        continue;
      case 'commaOrEndObject':
        if (ch === ',') expect = 'key';
        else if (ch === '}') {
          stack.pop();
          expect = afterValue(stack);
        } else return { offset: pos, message: "Expected ',' or '}' after property value" };
        pos += 1;
        continue;
      case 'commaOrEndArray':
        if (ch === ',') expect = 'value';
        else if (ch === ']') {
          stack.pop();
          expect = afterValue(stack);
        } else return { offset: pos, message: "Expected ',' or ']' after array element" };
        pos += 1;
        continue;
      case 'valueOrEnd':
        if (ch === ']') {
          stack.pop();
          pos += 1;
          expect = afterValue(stack);
          continue;
        }
        expect = 'value';
        continue;
      case 'value': {
        if (ch === '{' || ch === '[') {
          stack.push(ch === '{' ? 'object' : 'array');
          expect = ch === '{' ? 'keyOrEnd' : 'valueOrEnd';
          pos += 1;
          continue;
        }
        const end = scanScalar(text, pos);
        if (typeof end !== 'number') return end;
        pos = end;
        expect = afterValue(stack);
        continue;
      }
    }
  }
}

function afterValue(stack: ReadonlyArray<'object' | 'array'>): Expect {
  const top = stack.at(-1);
  if (top === undefined) return 'done';
  return top === 'object' ? 'commaOrEndObject' : 'commaOrEndArray';
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
