/**
 * `{{name}}` templating over plain JSON. A string that is exactly one `{{name}}` takes the
 * variable's value with its type (a number stays a number); elsewhere the value is written as
 * text. An unknown name is an error the step reports, never an empty string sent on.
 */

export type Variables = Readonly<Record<string, unknown>>;

const TOKEN = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}$/;

export class UnknownVariable extends Error {
  constructor(readonly variable: string) {
    super(`uses {{${variable}}}, which no earlier step or the plan defines`);
  }
}

export class TemplateTooLarge extends Error {
  constructor(readonly maxChars: number) {
    super(`fills in to more than ${maxChars} characters`);
  }
}

/** Characters a filled template may produce at most: variables repeated many times must not exhaust memory. */
export const MAX_FILLED_CHARS = 1_000_000;

/** @example fillTemplate({ path: '/books/{{id}}', n: '{{n}}' }, { id: 'b1', n: 3 }) // { path: '/books/b1', n: 3 } */
export function fillTemplate<T>(value: T, variables: Variables, maxChars = MAX_FILLED_CHARS): T {
  // SAFETY: a template keeps the shape of its input; only strings change (or become the variable's value).
  return fill(value, variables, 0, { left: maxChars, max: maxChars }) as T;
}

interface Budget {
  left: number;
  max: number;
}

function fill(value: unknown, variables: Variables, depth: number, budget: Budget): unknown {
  if (typeof value === 'string') return fillString(value, variables, budget);
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => fill(v, variables, depth + 1, budget));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = fill(v, variables, depth + 1, budget);
    return out;
  }
  return value;
}

function fillString(text: string, variables: Variables, budget: Budget): unknown {
  if (!text.includes('{{')) return text;
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1], variables);
  return text.replace(TOKEN, (_, name: string) => {
    const v = lookup(name, variables);
    const piece = typeof v === 'string' ? v : JSON.stringify(v);
    budget.left -= piece.length;
    if (budget.left < 0) throw new TemplateTooLarge(budget.max);
    return piece;
  });
}

function lookup(name: string, variables: Variables): unknown {
  if (!Object.hasOwn(variables, name)) throw new UnknownVariable(name);
  return variables[name];
}
