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

/** @example fillTemplate({ path: '/books/{{id}}', n: '{{n}}' }, { id: 'b1', n: 3 }) // { path: '/books/b1', n: 3 } */
export function fillTemplate<T>(value: T, variables: Variables): T {
  // SAFETY: a template keeps the shape of its input; only strings change (or become the variable's value).
  return fill(value, variables, 0) as T;
}

function fill(value: unknown, variables: Variables, depth: number): unknown {
  if (typeof value === 'string') return fillString(value, variables);
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => fill(v, variables, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = fill(v, variables, depth + 1);
    return out;
  }
  return value;
}

function fillString(text: string, variables: Variables): unknown {
  if (!text.includes('{{')) return text;
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1], variables);
  return text.replace(TOKEN, (_, name: string) => {
    const v = lookup(name, variables);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

function lookup(name: string, variables: Variables): unknown {
  if (!Object.hasOwn(variables, name)) throw new UnknownVariable(name);
  return variables[name];
}
