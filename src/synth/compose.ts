/**
 * Composition decisions: which `oneOf`/`anyOf` branch to take (and the discriminator value that
 * names it), which side of an `if` to satisfy, and how to make a `oneOf` value match its branch
 * only. The validator knows nothing of discriminators, so exclusivity has to hold structurally.
 */
import type { JsonSchema, JsonSchemaObject } from '../json-schema/types';
import { flatten, isSchemaObject } from './flatten';
import { schemasForKey } from './objects';
import { matches, spoil } from './spoilers';
import { refName, resolveRef } from './refs';
import { type Choice, type Conditional, type Context, type GenerateChild, type Site, UNSATISFIABLE } from './types';

const MAX_ATTEMPTS = 8;
const MIN_ATTEMPTS = 4;

/**
 * Lower is better when recursion must end: the size of the branch's smallest valid value, and
 * among equals, branches that do not re-enter a definition already on the path.
 */
function branchCost(branch: JsonSchema, ctx: Context): number {
  const size = ctx.sizes.of(branch);
  if (isSchemaObject(branch) && typeof branch.$ref === 'string') {
    const target = resolveRef(branch.$ref, ctx.defs);
    if (target !== undefined && (ctx.refCounts.get(target.name) ?? 0) > 0) return size + 0.5;
  }
  return size;
}

function branchOrder(choice: Choice, ctx: Context, site: Site, sparse: boolean): number[] {
  const indices = choice.branches.map((_, i) => i);
  const ordered = site.mode === 'static' ? indices : site.random.shuffle(indices);
  if (!sparse) return ordered;
  const costs = choice.branches.map((b) => branchCost(b, ctx));
  return ordered.sort((a, b) => costs[a] - costs[b]);
}

/**
 * A conjunct pinning the discriminator property to the value that names `branch`: the mapping key
 * pointing at it, or the definition's own name. Left out when the property would reject it.
 */
function discriminatorConjunct(choice: Choice, branch: JsonSchema, list: readonly JsonSchema[], ctx: Context, site: Site, resolved: ReadonlySet<object>): JsonSchema | undefined {
  const d = choice.discriminator;
  if (d === undefined || !isSchemaObject(branch) || typeof branch.$ref !== 'string') return undefined;
  const name = refName(branch.$ref);
  if (name === undefined) return undefined;
  const keys = d.mapping.filter(([, target]) => target === name).map(([key]) => key);
  const value = keys.length === 0 ? name : site.mode === 'static' ? keys[0] : site.random.pick(keys);
  const flat = flatten([...list, branch], ctx.defs, resolved);
  if (!ctx.checker.validAll(schemasForKey(flat, d.propertyName, ctx), value)) return undefined;
  return { required: [d.propertyName], properties: { [d.propertyName]: { const: value } } };
}


export function generateChoice(choice: Choice, list: readonly JsonSchema[], ctx: Context, site: Site, sparse: boolean, generate: GenerateChild): unknown {
  const resolved = new Set(site.resolved);
  resolved.add(choice.key);
  const order = branchOrder(choice, ctx, site, sparse);
  const attempts = Math.min(MAX_ATTEMPTS, Math.max(order.length * 2, MIN_ATTEMPTS));
  let first: { value: unknown } | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const index = order[attempt % order.length];
    const branch = choice.branches[index];
    const round = Math.floor(attempt / order.length);
    // Later rounds redraw: alternately with everything optional included (the most distinctive
    // value a branch has) and at random.
    const branchSite: Site = {
      ...site,
      random: round === 0 ? site.random : site.random.fork(`choice${attempt}`),
      mode: round === 0 ? site.mode : round % 2 === 1 ? 'static' : 'dynamic',
      resolved,
    };
    const tag = discriminatorConjunct(choice, branch, list, ctx, branchSite, resolved);
    const value = generate(tag === undefined ? [...list, branch] : [...list, branch, tag], branchSite);
    if (value === UNSATISFIABLE) continue;
    first ??= { value };
    if (choice.kind === 'anyOf') return value;
    if (matches(choice, value, ctx) === 1) return value;
    const fixed = spoil(value, index, choice, list, ctx, resolved);
    if (fixed !== undefined && ctx.checker.validAll(list, fixed)) return fixed;
  }
  return first === undefined || !ctx.bestEffort ? UNSATISFIABLE : first.value;
}

/** `{ if, then, else }` alone, to check a value against the condition without the rest. */
function conditionSchema(c: Conditional): JsonSchemaObject {
  const out: JsonSchemaObject = { if: c.condition };
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword; this object is never awaited
  if (c.whenTrue !== undefined) out.then = c.whenTrue;
  if (c.whenFalse !== undefined) out.else = c.whenFalse;
  return out;
}

export function generateConditional(c: Conditional, list: readonly JsonSchema[], ctx: Context, site: Site, generate: GenerateChild): unknown {
  const resolved = new Set(site.resolved);
  resolved.add(c.key);
  const thenPath: JsonSchema[] = [c.condition, c.whenTrue ?? true];
  const elsePath: JsonSchema[] = [{ not: c.condition }, c.whenFalse ?? true];
  const paths = site.mode === 'static' || site.random.bool() ? [thenPath, elsePath] : [elsePath, thenPath];
  const condition = conditionSchema(c);
  let first: { value: unknown } | undefined;
  for (const path of paths) {
    const value = generate([...list, ...path], { ...site, resolved });
    if (value === UNSATISFIABLE) continue;
    first ??= { value };
    if (ctx.checker.valid(condition, value)) return value;
  }
  return first === undefined || !ctx.bestEffort ? UNSATISFIABLE : first.value;
}
