/**
 * A bound on how deeply a spec may nest. Every later stage (reference checks, compilation,
 * example checks, synthesis, hashing, structured clones) walks spec values, and some of them
 * recurse: a 10,000-level example would end in "Maximum call stack size exceeded". Checked once,
 * right after parsing and bundling, iteratively, so the error names where the nesting goes too deep.
 */
import { escapePointer } from './pointer';

/** Levels of objects and arrays a document may nest; real API descriptions stay far below it. */
export const MAX_SPEC_DEPTH = 256;

/** The pointer of the first value nested deeper than `max`, or undefined. */
export function tooDeep(root: unknown, max = MAX_SPEC_DEPTH): string | undefined {
  const stack: Array<{ value: unknown; depth: number; pointer: string }> = [{ value: root, depth: 0, pointer: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, depth, pointer } = stack.pop() as { value: unknown; depth: number; pointer: string };
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    if (depth >= max) return pointer;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, pointer: `${pointer}/${i}` });
    } else {
      for (const [key, item] of Object.entries(value)) stack.push({ value: item, depth: depth + 1, pointer: `${pointer}/${escapePointer(key)}` });
    }
  }
  return undefined;
}
