/**
 * Making a `oneOf` value match its own branch only. The validator counts matching branches and
 * knows nothing of discriminators, so when branches overlap, a value made for one branch is nudged
 * just outside the others: a number past their bounds or off their steps, a string one character
 * shorter or longer than their limits or changed at an end, an object with a key they require
 * dropped or a key they declare given a value they reject.
 */
import type { JsonSchema } from '../json-schema/types';
import { flatten, isSchemaObject } from './flatten';
import { schemasForKey } from './objects';
import { codePointLength } from './patterns';
import type { Choice, Context, Flat } from './types';

const EMPTY: ReadonlySet<never> = new Set();

/** How many branches of `choice` the value matches, counting no further than two. */
export function matches(choice: Choice, value: unknown, ctx: Context): number {
  let count = 0;
  for (const branch of choice.branches) {
    if (ctx.checker.valid(branch, value) && ++count > 1) break;
  }
  return count;
}

/** Values that say "wrong type" to most property schemas. */
const WRONG_TYPE: readonly unknown[] = [null, 0, 'x', true, {}, []];

function others(choice: Choice, chosen: number, ctx: Context): Flat[] {
  return choice.branches.filter((_, j) => j !== chosen).map((branch) => flatten([branch], ctx.defs, EMPTY));
}

/** The first candidate our branch accepts that matches exactly one branch. */
function firstExclusive<T>(candidates: Iterable<T>, ours: readonly JsonSchema[], choice: Choice, ctx: Context): T | undefined {
  const tried = new Set<T>();
  for (const candidate of candidates) {
    if (tried.has(candidate)) continue;
    tried.add(candidate);
    if (ctx.checker.validAll(ours, candidate) && matches(choice, candidate, ctx) === 1) return candidate;
    if (tried.size > 64) break;
  }
  return undefined;
}

function spoilNumber(value: number, ours: readonly JsonSchema[], choice: Choice, theirs: Flat[], ctx: Context): number | undefined {
  const bases = [value];
  for (const flat of theirs) {
    for (const edge of [flat.minimum, flat.exclusiveMinimum]) if (edge !== undefined) bases.push(edge, Math.floor(edge) - 1);
    for (const edge of [flat.maximum, flat.exclusiveMaximum]) if (edge !== undefined) bases.push(edge, Math.ceil(edge) + 1);
  }
  const deltas = [0, 1, -1, 0.5, -0.5, 0.25];
  for (const flat of theirs) for (const step of flat.multipleOf) deltas.push(step, -step, step / 2);
  function* candidates(): Generator<number> {
    for (const delta of deltas) for (const base of bases) yield base + delta;
  }
  return firstExclusive(candidates(), ours, choice, ctx);
}

function spoilString(value: string, ours: readonly JsonSchema[], choice: Choice, theirs: Flat[], ctx: Context): string | undefined {
  const chars = Array.from(value);
  const resize = (length: number) => (length <= chars.length ? chars.slice(0, length).join('') : value + 'a'.repeat(length - chars.length));
  const lengths: number[] = [];
  for (const flat of theirs) {
    if (flat.minLength !== undefined && flat.minLength > 0) lengths.push(flat.minLength - 1);
    if (flat.maxLength !== undefined) lengths.push(flat.maxLength + 1);
  }
  function* candidates(): Generator<string> {
    for (const length of lengths) yield resize(length);
    yield `${value}a`;
    yield `a${value}`;
    yield `${value}0`;
    yield `0${value}`;
    if (codePointLength(value) > 1) yield chars.slice(1).join('');
  }
  return firstExclusive(candidates(), ours, choice, ctx);
}

function spoilObject(
  value: Record<string, unknown>,
  ours: readonly JsonSchema[],
  choice: Choice,
  chosen: number,
  ctx: Context,
  resolved: ReadonlySet<object>,
): Record<string, unknown> {
  const mine = flatten(ours, ctx.defs, resolved);
  const out: Record<string, unknown> = { ...value };
  choice.branches.forEach((branch, j) => {
    if (j === chosen || !ctx.checker.valid(branch, out)) return;
    const theirs = flatten([branch], ctx.defs, EMPTY);
    for (const key of theirs.required) {
      if (Object.hasOwn(out, key) && !mine.required.has(key)) {
        delete out[key];
        if (!ctx.checker.valid(branch, out)) return;
      }
    }
    for (const [key, schemas] of theirs.properties) {
      if (Object.hasOwn(out, key)) continue;
      const accepted = schemasForKey(mine, key, ctx);
      const spoiler = WRONG_TYPE.find((s) => ctx.checker.validAll(accepted, s) && !ctx.checker.validAll(schemas, s));
      if (spoiler !== undefined) {
        out[key] = spoiler;
        if (!ctx.checker.valid(branch, out)) return;
      }
    }
  });
  return out;
}

/** A variant of `value` that matches branch `chosen` of `choice` only, or undefined. */
export function spoil(value: unknown, chosen: number, choice: Choice, list: readonly JsonSchema[], ctx: Context, resolved: ReadonlySet<object>): unknown {
  const ours = [...list, choice.branches[chosen]];
  if (typeof value === 'number') return spoilNumber(value, ours, choice, others(choice, chosen, ctx), ctx);
  if (typeof value === 'string') return spoilString(value, ours, choice, others(choice, chosen, ctx), ctx);
  if (isSchemaObject(value)) return spoilObject(value, ours, choice, chosen, ctx, resolved);
  return undefined;
}
