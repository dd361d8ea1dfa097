/**
 * A small JSONPath subset, parsed and walked here (no eval, no filter expressions, so a plan can
 * never run code): `$` the root; `.name` and `['name']` / `["name"]` a member; `[2]` an element
 * (`[-1]` the last); `.*` / `[*]` every member or element; `..name` that member at any depth.
 * Walks are bounded: at most MAX_NODES values visited per query.
 */

export type PathSegment =
  | { kind: 'member'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descendant'; name: string };

export type CompiledPath = { ok: true; segments: PathSegment[] } | { ok: false; reason: string };

const MAX_SEGMENTS = 32;
const MAX_NODES = 10_000;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/**
 * @example compileJsonPath('$.items[0].id') // { ok: true, segments: [member items, index 0, member id] }
 */
export function compileJsonPath(source: string): CompiledPath {
  if (!source.startsWith('$')) return { ok: false, reason: 'a JSONPath starts with $' };
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < source.length) {
    if (segments.length >= MAX_SEGMENTS) return { ok: false, reason: `more than ${MAX_SEGMENTS} segments` };
    const rest = source.slice(i);
    if (rest.startsWith('..')) {
      const name = NAME.exec(rest.slice(2));
      if (!name) return { ok: false, reason: `a name must follow .. at character ${i + 2}` };
      segments.push({ kind: 'descendant', name: name[0] });
      i += 2 + name[0].length;
    } else if (rest.startsWith('.*')) {
      segments.push({ kind: 'wildcard' });
      i += 2;
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (!name) return { ok: false, reason: `a name must follow . at character ${i + 1} (use ['odd key'] for other names)` };
      segments.push({ kind: 'member', name: name[0] });
      i += 1 + name[0].length;
    } else if (rest.startsWith('[')) {
      const bracket = parseBracket(rest);
      if (!bracket) return { ok: false, reason: `unsupported bracket at character ${i}: use [0], [-1], [*] or ['name'] (no filters or slices)` };
      segments.push(bracket.segment);
      i += bracket.length;
    } else {
      return { ok: false, reason: `unexpected "${rest[0]}" at character ${i}` };
    }
  }
  return { ok: true, segments };
}

function parseBracket(text: string): { segment: PathSegment; length: number } | undefined {
  if (text.startsWith('[*]')) return { segment: { kind: 'wildcard' }, length: 3 };
  const index = /^\[(-?\d{1,9})\]/.exec(text);
  if (index) return { segment: { kind: 'index', index: Number(index[1]) }, length: index[0].length };
  const quote = text[1];
  if (quote !== "'" && quote !== '"') return undefined;
  let name = '';
  for (let j = 2; j < text.length; j++) {
    const c = text[j];
    if (c === '\\' && j + 1 < text.length) {
      name += text[++j];
    } else if (c === quote) {
      return text[j + 1] === ']' ? { segment: { kind: 'member', name }, length: j + 2 } : undefined;
    } else {
      name += c;
    }
  }
  return undefined;
}

/** Every value the path selects, in document order. */
export function queryJsonPath(document: unknown, segments: readonly PathSegment[]): unknown[] {
  let current: unknown[] = [document];
  const budget = { left: MAX_NODES };
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (budget.left-- <= 0) return next;
      step(value, segment, next, budget);
    }
    current = next;
  }
  return current;
}

function step(value: unknown, segment: PathSegment, out: unknown[], budget: { left: number }): void {
  switch (segment.kind) {
    case 'member':
      if (isObject(value) && Object.hasOwn(value, segment.name)) out.push(value[segment.name]);
      return;
    case 'index':
      if (Array.isArray(value)) {
        const at = segment.index < 0 ? value.length + segment.index : segment.index;
        if (at >= 0 && at < value.length) out.push(value[at]);
      }
      return;
    case 'wildcard':
      if (Array.isArray(value)) out.push(...value);
      else if (isObject(value)) out.push(...Object.values(value));
      return;
    case 'descendant':
      descend(value, segment.name, out, budget);
  }
}

function descend(value: unknown, name: string, out: unknown[], budget: { left: number }): void {
  if (budget.left-- <= 0) return;
  if (Array.isArray(value)) {
    for (const item of value) descend(item, name, out, budget);
  } else if (isObject(value)) {
    if (Object.hasOwn(value, name)) out.push(value[name]);
    for (const child of Object.values(value)) descend(child, name, out, budget);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
