/**
 * The project's one JSONPath subset, used by the request journal's `matchesJsonPath` and by test
 * plans' assertions and extractions. It is the subset WireMock's `matchesJsonPath` is mostly written in: `$`, `.name`,
 * `['name']`, `[0]`, `[-1]`, `[*]`/`.*`, `..name`, and filters `[?(@.a.b)]` or
 * `[?(@.a <op> literal)]` (==, !=, <, <=, >, >=; literals are strings, numbers, true/false/null).
 * Evaluated by walking the value: no expression is compiled, and the nodes visited are bounded.
 */

type Step =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'deep'; name: string | null }
  | { kind: 'filter'; path: string[]; op: Op | null; literal: unknown };

type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type JsonPath = { ok: true; steps: Step[] } | { ok: false; reason: string };

const MAX_PATH = 500;
/** Nodes one evaluation visits at most (a `..` over a large body stops here). */
const MAX_VISITS = 100_000;

export function parseJsonPath(text: string): JsonPath {
  if (text.length > MAX_PATH) return { ok: false, reason: `JSON paths of up to ${MAX_PATH} characters are accepted` };
  if (!text.startsWith('$')) return { ok: false, reason: `"${text}" does not start with $` };
  const steps: Step[] = [];
  let at = 1;
  const fail = (why: string): JsonPath => ({ ok: false, reason: `"${text}" at ${at}: ${why}` });
  while (at < text.length) {
    if (text.startsWith('..', at)) {
      at += 2;
      const name = /^(\*|[A-Za-z_$][\w$-]*)/.exec(text.slice(at));
      if (!name) return fail('a name must follow ".."');
      steps.push({ kind: 'deep', name: name[1] === '*' ? null : name[1] });
      at += name[1].length;
    } else if (text[at] === '.') {
      at += 1;
      const name = /^(\*|[A-Za-z_$][\w$-]*)/.exec(text.slice(at));
      if (!name) return fail('a name must follow "."');
      steps.push(name[1] === '*' ? { kind: 'all' } : { kind: 'key', name: name[1] });
      at += name[1].length;
    } else if (text[at] === '[') {
      const close = findClose(text, at);
      if (close === -1) return fail('"[" is never closed');
      const inner = text.slice(at + 1, close).trim();
      const step = bracket(inner);
      if (typeof step === 'string') return fail(step);
      steps.push(step);
      at = close + 1;
    } else {
      return fail(`unexpected "${text[at]}"`);
    }
  }
  return { ok: true, steps };
}

function findClose(text: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ']') return i;
  }
  return -1;
}

function bracket(inner: string): Step | string {
  if (inner === '*') return { kind: 'all' };
  if (/^-?\d{1,9}$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/s.exec(inner);
  if (quoted) return { kind: 'key', name: quoted[2].replace(/\\(.)/g, '$1') };
  const filter = /^\?\(\s*@((?:\.[A-Za-z_$][\w$-]*)+)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/s.exec(inner);
  if (!filter) return `"[${inner}]" is not supported (names, indexes, *, and filters [?(@.a)] or [?(@.a == 'x')] are)`;
  const path = filter[1].slice(1).split('.');
  if (filter[2] === undefined) return { kind: 'filter', path, op: null, literal: undefined };
  const literal = parseLiteral(filter[3]);
  if (literal === NOT_LITERAL) return `"${filter[3]}" is not a literal (a quoted string, a number, true, false or null)`;
  return { kind: 'filter', path, op: filter[2] as Op, literal };
}

const NOT_LITERAL = Symbol('not a literal');

function parseLiteral(text: string): unknown {
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2];
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return NOT_LITERAL;
}

/** The values the path selects in `root` (empty when it selects nothing). */
export function selectJsonPath(steps: readonly Step[], root: unknown): unknown[] {
  let nodes: unknown[] = [root];
  const budget = { left: MAX_VISITS };
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of nodes) apply(step, node, next, budget);
    nodes = next;
    if (nodes.length === 0) break;
  }
  return nodes;
}

function apply(step: Step, node: unknown, out: unknown[], budget: { left: number }): void {
  if (--budget.left < 0) return;
  switch (step.kind) {
    case 'key':
      if (isObject(node) && Object.hasOwn(node, step.name)) out.push(node[step.name]);
      return;
    case 'index':
      if (Array.isArray(node)) {
        const i = step.index < 0 ? node.length + step.index : step.index;
        if (i >= 0 && i < node.length) out.push(node[i]);
      }
      return;
    case 'all':
      if (Array.isArray(node)) out.push(...node);
      else if (isObject(node)) out.push(...Object.values(node));
      return;
    case 'deep':
      deep(node, step.name, out, budget);
      return;
    case 'filter': {
      // As Jayway JsonPath (WireMock's): on an array the filter tests each item, on an object the object itself.
      const items = Array.isArray(node) ? node : isObject(node) ? [node] : [];
      for (const item of items) if (passes(step, item)) out.push(item);
      return;
    }
  }
}

function deep(node: unknown, name: string | null, out: unknown[], budget: { left: number }): void {
  if (--budget.left < 0) return;
  if (Array.isArray(node)) {
    if (name === null) out.push(...node);
    for (const item of node) deep(item, name, out, budget);
  } else if (isObject(node)) {
    if (name === null) out.push(...Object.values(node));
    else if (Object.hasOwn(node, name)) out.push(node[name]);
    for (const value of Object.values(node)) deep(value, name, out, budget);
  }
}

function passes(step: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  let value: unknown = item;
  for (const key of step.path) {
    if (!isObject(value) || !Object.hasOwn(value, key)) return false;
    value = value[key];
  }
  if (step.op === null) return true;
  const literal = step.literal;
  switch (step.op) {
    case '==':
      return value === literal;
    case '!=':
      return value !== literal;
    default: {
      if (typeof value !== typeof literal || (typeof value !== 'number' && typeof value !== 'string')) return false;
      // SAFETY: both are numbers or both are strings (checked above).
      const [a, b] = [value as number, literal as number];
      return step.op === '<' ? a < b : step.op === '<=' ? a <= b : step.op === '>' ? a > b : a >= b;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
