/**
 * An iterative walk over the OpenAPI objects of a document, guided by the grammar. It never
 * follows a `$ref` (so cycles cannot trap it) and keeps its own stack (so depth cannot overflow
 * the call stack). Pointers are built only when a visitor asks for one.
 */
import { CALLBACK_ENTRY, GRAMMAR, type NodeKind, isReferable, refKeepsSiblings } from './grammar';
import { isObject, type JsonObject, setOwn } from './json';
import { escapePointer } from './pointer';

export interface Frame {
  node: JsonObject;
  kind: NodeKind;
  parent: Frame | undefined;
  /** The parent's field holding this node (`properties`, `oneOf`, `schema`); `''` at the root. */
  field: string;
  /** The name or index inside that field, for map and list entries (`name`, `0`). */
  key: string | undefined;
  /** Set on the root frame; built on demand for the others. */
  pointer?: string;
}

/** A value found where the grammar expects an object, a list or a map. */
export interface InvalidNode {
  /** JSON pointer of the value. */
  location: string;
  value: unknown;
  kind: NodeKind;
  expected: 'object' | 'list' | 'map';
  /** Puts another value where this one was. */
  replace(value: unknown): void;
}

export interface Visitor {
  /** Called before a node's children; may edit the node (its children are read afterwards). */
  enter?(frame: Frame): void;
  /** A `$ref` with a string value, in a position where a reference is allowed. */
  ref?(frame: Frame, ref: string): void;
  /** A `$ref` whose value is not a string. */
  badRef?(frame: Frame, value: unknown): void;
  /** A non-object where an object is expected. Return an object to walk in its place. */
  invalid?(issue: InvalidNode): JsonObject | undefined;
}

function suffix(field: string, key: string | undefined): string {
  const head = field === '' ? '' : `/${escapePointer(field)}`;
  return key === undefined ? head : `${head}/${escapePointer(key)}`;
}

export function pointerOf(frame: Frame): string {
  // Iterative, and caching every ancestor on the way back down: nesting can be thousands deep.
  const pending: Frame[] = [];
  let cursor: Frame | undefined = frame;
  while (cursor !== undefined && cursor.pointer === undefined) {
    pending.push(cursor);
    cursor = cursor.parent;
  }
  let pointer = cursor?.pointer ?? '';
  for (let i = pending.length - 1; i >= 0; i -= 1) {
    pointer += suffix(pending[i].field, pending[i].key);
    pending[i].pointer = pointer;
  }
  return pointer;
}

/** Reports a misshapen value; the replacement closure is made here, off the hot path. */
function reportInvalid(
  visitor: Visitor,
  parent: Frame,
  field: string,
  key: string | undefined,
  value: unknown,
  kind: NodeKind,
  expected: InvalidNode['expected'],
  holder: JsonObject | unknown[],
  slot: string,
): JsonObject | undefined {
  if (visitor.invalid === undefined) return undefined;
  const replace = (next: unknown) => {
    if (Array.isArray(holder)) holder[Number(slot)] = next;
    else setOwn(holder, slot, next);
  };
  return visitor.invalid({ location: pointerOf(parent) + suffix(field, key), value, kind, expected, replace });
}

function pushChild(
  out: Frame[],
  visitor: Visitor,
  parent: Frame,
  kind: NodeKind,
  field: string,
  key: string | undefined,
  holder: JsonObject | unknown[],
  value: unknown,
): void {
  if (isObject(value)) {
    out.push({ node: value, kind, parent, field, key });
    return;
  }
  if (kind === 'schema' && typeof value === 'boolean') return; // `true` / `false` are schemas in 3.1
  const replacement = reportInvalid(visitor, parent, field, key, value, kind, 'object', holder, key ?? field);
  if (replacement) out.push({ node: replacement, kind, parent, field, key });
}

/** Children are collected in document order, then pushed in reverse so they pop in order. */
function collectChildren(frame: Frame, visitor: Visitor, out: Frame[]): void {
  const { node, kind } = frame;
  if (kind === 'callback') {
    for (const key of Object.keys(node)) {
      if (!key.startsWith('x-')) pushChild(out, visitor, frame, CALLBACK_ENTRY.kind, key, undefined, node, node[key]);
    }
    return;
  }
  const rules = GRAMMAR[kind];
  for (const field of Object.keys(node)) {
    if (!Object.hasOwn(rules, field)) continue;
    const rule = rules[field];
    const value = node[field];
    const shape = rule.shape === 'one' && kind === 'schema' && Array.isArray(value) ? 'list' : rule.shape;
    if (shape === 'one') {
      pushChild(out, visitor, frame, rule.kind, field, undefined, node, value);
    } else if (shape === 'list') {
      if (!Array.isArray(value)) {
        reportInvalid(visitor, frame, field, undefined, value, rule.kind, 'list', node, field);
        continue;
      }
      for (let i = 0; i < value.length; i += 1) pushChild(out, visitor, frame, rule.kind, field, String(i), value, value[i]);
    } else {
      const entries = isObject(value) ? value : reportInvalid(visitor, frame, field, undefined, value, rule.kind, 'map', node, field);
      if (entries === undefined) continue;
      for (const key of Object.keys(entries)) {
        if (shape === 'extensibleMap' && key.startsWith('x-')) continue;
        pushChild(out, visitor, frame, rule.kind, field, key, entries, entries[key]);
      }
    }
  }
}

/**
 * Walks `root` as an object of `kind`, calling the visitor in document order (pre-order).
 * @example walk(doc, 'document', { ref: (frame, ref) => refs.push(ref) })
 */
export function walk(root: unknown, kind: NodeKind, visitor: Visitor, basePointer = ''): void {
  if (!isObject(root)) return;
  const stack: Frame[] = [{ node: root, kind, parent: undefined, field: '', key: undefined, pointer: basePointer }];
  const children: Frame[] = [];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    visitor.enter?.(frame);
    const { node } = frame;
    if (isReferable(frame.kind) && Object.hasOwn(node, '$ref')) {
      const ref = node.$ref;
      if (typeof ref === 'string') {
        visitor.ref?.(frame, ref);
        if (!refKeepsSiblings(frame.kind)) continue;
      } else {
        visitor.badRef?.(frame, ref);
      }
    }
    children.length = 0;
    collectChildren(frame, visitor, children);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
}

/** One visitor that calls several, so independent checks share a single pass over a document. */
export function combineVisitors(visitors: readonly Visitor[]): Visitor {
  return {
    enter(frame) {
      for (const visitor of visitors) visitor.enter?.(frame);
    },
    ref(frame, ref) {
      for (const visitor of visitors) visitor.ref?.(frame, ref);
    },
    badRef(frame, value) {
      for (const visitor of visitors) visitor.badRef?.(frame, value);
    },
    invalid(issue) {
      let replacement: JsonObject | undefined;
      for (const visitor of visitors) replacement ??= visitor.invalid?.(issue);
      return replacement;
    },
  };
}
