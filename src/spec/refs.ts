/**
 * Internal `$ref`s: following them (with a cycle guard) and finding the ones that point nowhere.
 * Only references in reference positions count; `$ref` inside data is never looked at.
 */
import type { ProblemItem } from '../problem/index';
import { WARNING } from './errors';
import { describeValue, isObject, own } from './json';
import { escapePointer, joinPointer, pointerReadings, resolvePointer } from './pointer';
import { pointerOf, type Visitor, walk } from './walk';

function refOf(node: unknown): string | undefined {
  if (!isObject(node)) return undefined;
  const ref = own(node, '$ref');
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * Follows a chain of internal `$ref`s from `node` to the object it stands for. A node that is not
 * a reference is returned as it is (with no pointer). A dangling, external or circular chain gives
 * `value: undefined`, with the pointer where it stopped.
 * @example derefNode(doc, { $ref: '#/components/parameters/limit' }) // { value: {...}, pointer: '/components/parameters/limit' }
 */
export function derefNode(document: unknown, node: unknown): { value: unknown; pointer?: string } {
  let ref = refOf(node);
  if (ref === undefined) return { value: node };
  const seen = new Set<string>();
  let pointer: string | undefined;
  let value: unknown = node;
  while (ref !== undefined) {
    if (!ref.startsWith('#')) return { value: undefined, pointer };
    const target = resolvePointer(document, ref);
    const segments = target?.segments ?? pointerReadings(ref)[0];
    pointer = segments ? joinPointer(segments) : ref.slice(1);
    if (!target || seen.has(pointer)) return { value: undefined, pointer };
    seen.add(pointer);
    value = target.value;
    ref = refOf(value);
  }
  return { value, pointer };
}

/** Explains a dangling pointer by naming the deepest part of it that does exist. */
function explainMissing(document: unknown, ref: string): string {
  const segments = pointerReadings(ref)[0];
  if (!segments) return `$ref "${ref}" is not a JSON pointer (only "#/..." pointers are supported)`;
  let found = 0;
  while (found < segments.length && resolvePointer(document, `#${joinPointer(segments.slice(0, found + 1))}`)) {
    found += 1;
  }
  const existing = found === 0 ? 'the document root' : `"#${joinPointer(segments.slice(0, found))}"`;
  return `$ref "${ref}" points to nothing: ${existing} has no "${segments[found]}"`;
}

export interface RefCheck {
  /** `$ref`s that resolve to nothing (fatal). */
  dangling: ProblemItem[];
  /** `$ref`s that are not strings, discriminator mappings that lead nowhere. */
  warnings: ProblemItem[];
}

/**
 * Checks every internal `$ref` of a document. External references are skipped: the bundler has
 * either replaced them or reported them already.
 */
export function checkRefs(document: unknown): RefCheck {
  const checker = refChecker(document);
  walk(document, 'document', checker.visitor);
  return checker.result;
}

/** The visitor behind `checkRefs`, for a pass that runs other checks too. */
export function refChecker(document: unknown): { visitor: Visitor; result: RefCheck } {
  const dangling: ProblemItem[] = [];
  const warnings: ProblemItem[] = [];
  const resolves = new Map<string, boolean>();
  const canResolve = (ref: string): boolean => {
    let known = resolves.get(ref);
    if (known === undefined) {
      known = resolvePointer(document, ref) !== undefined;
      resolves.set(ref, known);
    }
    return known;
  };
  const schemas = isObject(document) && isObject(document.components) ? own(document.components, 'schemas') : undefined;
  const visitor: Visitor = {
    ref(frame, ref) {
      if (!ref.startsWith('#') || canResolve(ref)) return;
      dangling.push({ location: `${pointerOf(frame)}/$ref`, message: explainMissing(document, ref), code: 'dangling-ref' });
    },
    badRef(frame, value) {
      const message = `$ref must be a string, found ${describeValue(value)}; it is ignored`;
      warnings.push({ location: `${pointerOf(frame)}/$ref`, message, code: WARNING.nonStringRef });
    },
    enter(frame) {
      if (frame.kind !== 'schema') return;
      const discriminator = own(frame.node, 'discriminator');
      const mapping = isObject(discriminator) ? own(discriminator, 'mapping') : undefined;
      if (!isObject(mapping)) return;
      for (const [value, target] of Object.entries(mapping)) {
        if (typeof target !== 'string') continue;
        const ok = target.startsWith('#')
          ? canResolve(target)
          : /^[\w.-]+$/.test(target) && isObject(schemas) && Object.hasOwn(schemas, target);
        if (ok) continue;
        const location = `${pointerOf(frame)}/discriminator/mapping/${escapePointer(value)}`;
        warnings.push({ location, message: `discriminator mapping "${value}" → "${target}" names no schema`, code: WARNING.danglingMapping });
      }
    },
  };
  return { visitor, result: { dangling, warnings } };
}
