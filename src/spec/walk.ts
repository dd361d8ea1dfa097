/**
 * An iterative walk over the OpenAPI objects of a document, guided by the grammar. It never
 * follows a `$ref` (so cycles cannot trap it) and keeps its own stack (so depth cannot overflow
 * the call stack). Pointers are built only when a visitor asks for one.
 */
import { CALLBACK_ENTRY, type ChildRule, GRAMMAR, type NodeKind, isReferable, refKeepsSiblings } from './grammar';
import { isObject, type JsonObject } from './json';
import { joinPointer } from './pointer';

export interface Frame {
  node: JsonObject;
  kind: NodeKind;
  parent: Frame | undefined;
  /** Unescaped segments from the parent to this node, e.g. `['properties', 'name']`. */
  segments: readonly string[];
  /** Set on the root frame; built on demand for the others. */
  pointer?: string;
}

/** A value found where the grammar expects an object, a list or a map. */
export interface InvalidNode {
  parent: Frame;
  segments: readonly string[];
  value: unknown;
  kind: NodeKind;
  expected: 'object' | 'list' | 'map';
  holder: JsonObject | unknown[];
  key: string | number;
}

export interface Visitor {
  /** Called before a node's children; may edit the node. Return `'skip'` to leave its children. */
  enter?(frame: Frame): 'skip' | undefined | void;
  /** A `$ref` with a string value, in a position where a reference is allowed. */
  ref?(frame: Frame, ref: string): void;
  /** A `$ref` whose value is not a string. */
  badRef?(frame: Frame, value: unknown): void;
  /** A non-object where an object is expected. Return an object to walk in its place. */
  invalid?(issue: InvalidNode): JsonObject | undefined;
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
    pointer += joinPointer(pending[i].segments);
    pending[i].pointer = pointer;
  }
  return pointer;
}

/** The pointer of a child position that has no frame (an invalid value). */
export function pointerAt(parent: Frame, segments: readonly string[]): string {
  return pointerOf(parent) + joinPointer(segments);
}

function pushChild(
  stack: Frame[],
  visitor: Visitor,
  parent: Frame,
  kind: NodeKind,
  segments: string[],
  holder: JsonObject | unknown[],
  key: string | number,
  value: unknown,
): void {
  if (isObject(value)) {
    stack.push({ node: value, kind, parent, segments });
    return;
  }
  if (kind === 'schema' && typeof value === 'boolean') return; // `true` / `false` are schemas in 3.1
  const replacement = visitor.invalid?.({ parent, segments, value, kind, expected: 'object', holder, key });
  if (replacement) stack.push({ node: replacement, kind, parent, segments });
}

/** Children are collected in document order, then pushed in reverse so they pop in order. */
function collectChildren(frame: Frame, visitor: Visitor, out: Frame[]): void {
  const { node, kind } = frame;
  if (kind === 'callback') {
    for (const key of Object.keys(node)) {
      if (!key.startsWith('x-')) pushChild(out, visitor, frame, CALLBACK_ENTRY.kind, [key], node, key, node[key]);
    }
    return;
  }
  const rules = GRAMMAR[kind];
  for (const field of Object.keys(node)) {
    if (!Object.hasOwn(rules, field)) continue;
    const rule: ChildRule = rules[field];
    const value = node[field];
    const shape = rule.shape === 'one' && kind === 'schema' && Array.isArray(value) ? 'list' : rule.shape;
    if (shape === 'one') {
      pushChild(out, visitor, frame, rule.kind, [field], node, field, value);
    } else if (shape === 'list') {
      if (!Array.isArray(value)) {
        const issue = { parent: frame, segments: [field], value, kind: rule.kind, expected: 'list' as const, holder: node, key: field };
        visitor.invalid?.(issue);
        continue;
      }
      for (let i = 0; i < value.length; i += 1) {
        pushChild(out, visitor, frame, rule.kind, [field, String(i)], value, i, value[i]);
      }
    } else {
      if (!isObject(value)) {
        const issue = { parent: frame, segments: [field], value, kind: rule.kind, expected: 'map' as const, holder: node, key: field };
        const replacement = visitor.invalid?.(issue);
        if (!replacement) continue;
      }
      const entries = node[field];
      if (!isObject(entries)) continue;
      for (const key of Object.keys(entries)) {
        if (shape === 'extensibleMap' && key.startsWith('x-')) continue;
        pushChild(out, visitor, frame, rule.kind, [field, key], entries, key, entries[key]);
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
  const stack: Frame[] = [{ node: root, kind, parent: undefined, segments: [], pointer: basePointer }];
  const children: Frame[] = [];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (visitor.enter?.(frame) === 'skip') continue;
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
