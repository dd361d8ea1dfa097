/**
 * The generator for one instance location: flatten the schemas that apply, prefer a value the
 * schema gives (const, example, default, enum), else take the open decisions (oneOf/anyOf, if),
 * else build a value of a chosen type. Recursion is bounded by counting `$ref` re-entries on the
 * current path: past `maxDepth` the value shrinks (optional properties and array items left out,
 * the branch with the smallest valid value taken, null where allowed), which ends every schema that
 * has a finite value. Whatever the schema, one value is bounded by a node and a character budget:
 * past them generation stops outright and the result is the closest small guess.
 */
import type { JsonSchema } from '../json-schema/types';
import { generateArray } from './arrays';
import { exhausted } from './budget';
import { generateChoice, generateConditional } from './compose';
import { flatten, isSchemaObject } from './flatten';
import { generateNumber } from './numbers';
import { generateObject, hiddenInDirection } from './objects';
import { generateString } from './strings';
import { type Context, type Flat, type Site, type TypeName, UNSATISFIABLE } from './types';

/** Past this many generated nodes a value stops growing optional parts. */
const NODE_BUDGET = 3000;
const SPARSE_DEPTH = 24;
/** Instance nesting past which nothing is followed (the call stack stays shallow). */
const HARD_DEPTH = 160;
const NOT_ATTEMPTS = 6;
/** How often dynamic mode takes one of a scalar schema's own examples instead of drawing. */
const DYNAMIC_EXAMPLE_RATE = 0.5;

function sparseHere(ctx: Context, site: Site): boolean {
  if (ctx.nodes > NODE_BUDGET || site.depth > SPARSE_DEPTH || ctx.refDepth > 4 * ctx.maxDepth + 4) return true;
  for (const count of ctx.refCounts.values()) if (count > ctx.maxDepth) return true;
  return false;
}

function hardStop(ctx: Context, site: Site): boolean {
  return exhausted(ctx) || site.depth > HARD_DEPTH;
}

/** Lower bound on the smallest valid value for every schema of the list together. */
export function smallestSize(list: readonly JsonSchema[], ctx: Context): number {
  let size = 1;
  for (const schema of list) size = Math.max(size, ctx.sizes.of(schema));
  return size;
}

function copy<T>(value: T): T {
  // SAFETY: schema values (const, enum, examples) are JSON, and a JSON round trip preserves the type.
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

const NUMERIC_FORMATS: Record<string, TypeName> = { int32: 'integer', int64: 'integer', float: 'number', double: 'number' };

/** Types suggested by the keywords of a schema without `type`. */
function inferTypes(flat: Flat): TypeName[] {
  const out: TypeName[] = [];
  const objectish =
    flat.properties.size > 0 ||
    flat.required.size > 0 ||
    flat.patternProperties.length > 0 ||
    flat.closures.length > 0 ||
    flat.propertyNames.length > 0 ||
    flat.minProperties !== undefined ||
    flat.maxProperties !== undefined ||
    flat.dependentRequired.size > 0 ||
    flat.discriminators.length > 0;
  if (objectish) out.push('object');
  if (flat.itemParts.length > 0 || flat.contains.length > 0 || flat.minItems !== undefined || flat.maxItems !== undefined || flat.uniqueItems) out.push('array');
  const numericFormat = flat.formats.map((f) => NUMERIC_FORMATS[f]).find((t) => t !== undefined);
  const stringish = flat.minLength !== undefined || flat.maxLength !== undefined || flat.patterns.length > 0 || flat.formats.some((f) => NUMERIC_FORMATS[f] === undefined);
  if (stringish) out.push('string');
  const numeric = flat.minimum !== undefined || flat.maximum !== undefined || flat.exclusiveMinimum !== undefined || flat.exclusiveMaximum !== undefined || flat.multipleOf.length > 0;
  if (numericFormat !== undefined) out.push(numericFormat);
  else if (numeric) out.push('number');
  if (out.length === 0) out.push('string');
  if (flat.nullable) out.push('null');
  return out;
}

const ALL_TYPES: readonly TypeName[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
const SMALL_FIRST: readonly TypeName[] = ['boolean', 'integer', 'number', 'string', 'array', 'object'];

/** The types to try, best first: the first that yields a value wins, so an impossible type falls back to another. */
function typeOrder(flat: Flat, site: Site, sparse: boolean): TypeName[] {
  const excluded = new Set<string>();
  for (const not of flat.nots) {
    if (isSchemaObject(not) && Object.keys(not).length === 1 && typeof not.type === 'string') excluded.add(not.type);
  }
  let allowed = (flat.types ?? inferTypes(flat)).filter((t) => !excluded.has(t));
  if (allowed.length === 0 && flat.types === undefined) allowed = ALL_TYPES.filter((t) => !excluded.has(t));
  if (allowed.length === 0) return [];
  const hasNull = allowed.includes('null');
  let concrete = allowed.filter((t) => t !== 'null');
  // Ending recursion: null, else a scalar is the smallest value there is, then an empty array, then an object.
  if (sparse) return [...(hasNull ? ['null' as const] : []), ...concrete.sort((a, b) => SMALL_FIRST.indexOf(a) - SMALL_FIRST.indexOf(b))];
  if (site.mode === 'dynamic') {
    if (hasNull && site.random.bool(0.1)) return ['null', ...concrete];
    concrete = concrete.length > 1 ? [site.random.pick(concrete), ...concrete] : concrete;
  }
  return hasNull ? [...new Set(concrete), 'null'] : [...new Set(concrete)];
}

/** `fallback` on the best-effort pass, else the marker that lets the caller choose differently. */
function unsatisfiable(ctx: Context, fallback: unknown): unknown {
  return ctx.bestEffort ? fallback : UNSATISFIABLE;
}

function build(flat: Flat, ctx: Context, at: Site, sparse: boolean): unknown {
  // A value outside any property (a response body, an array item) is named by its definition.
  const site = at.name === undefined && flat.refs.length > 0 ? { ...at, name: flat.refs[0] } : at;
  const types = typeOrder(flat, at, sparse);
  if (types.length === 0) return unsatisfiable(ctx, minimal(flat));
  // On the best-effort pass the first type's guess comes back at once: it is what the schema asks for most.
  for (const type of types) {
    const value = buildType(type, flat, ctx, site, sparse);
    if (value !== UNSATISFIABLE) return value;
  }
  return UNSATISFIABLE;
}

function buildType(type: TypeName, flat: Flat, ctx: Context, site: Site, sparse: boolean): unknown {
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return site.mode === 'static' ? true : site.random.bool();
    case 'integer':
    case 'number': {
      const made = generateNumber(flat, type === 'integer', site.random, site.mode, site.name);
      return made.ok ? made.value : unsatisfiable(ctx, made.value);
    }
    case 'string': {
      const made = generateString(flat, ctx, site);
      ctx.chars += made.value.length;
      return made.ok ? made.value : unsatisfiable(ctx, made.value);
    }
    case 'array':
      return generateArray(flat, ctx, site, sparse, (list, child) => generateNode(list, ctx, child));
    case 'object':
      return generateObject(flat, ctx, site, sparse, (list, child) => generateNode(list, ctx, child));
  }
}

/** Example objects drop properties the direction hides, when the schema lets them go. */
function withoutHidden(example: unknown, flat: Flat, ctx: Context): unknown {
  if (!isSchemaObject(example)) return example;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(example)) {
    const list = flat.properties.get(key);
    if (list === undefined || flat.required.has(key) || !hiddenInDirection(list, ctx)) continue;
    out ??= { ...example };
    delete out[key];
  }
  return out ?? example;
}

/** A value the schema itself offers and that validates, if any. */
function offered(flat: Flat, list: readonly JsonSchema[], ctx: Context, site: Site): { value: unknown } | undefined {
  // A const is the only value there is; if it does not validate, nothing would.
  if (flat.consts.length > 0) {
    const value = copy(flat.consts[0]);
    return { value: ctx.checker.validAll(list, value) ? value : unsatisfiable(ctx, value) };
  }
  if (site.mode === 'static') {
    for (const example of [...flat.examples, ...flat.defaults]) {
      const candidate = withoutHidden(example, flat, ctx);
      if (ctx.checker.validAll(list, candidate)) return { value: copy(candidate) };
    }
  } else if (flat.defaults.length > 0 && ctx.checker.validAll(list, flat.defaults[0])) {
    // Dynamic mode sends a property's default as it stands (as Prism does): it is the value a reader assumes.
    return { value: copy(flat.defaults[0]) };
  } else if (flat.examples.length > 0 && site.random.bool(DYNAMIC_EXAMPLE_RATE)) {
    // Authors' examples are the most realistic scalars there are; dynamic mode mixes them in.
    const scalars = flat.examples.filter((e) => e === null || typeof e !== 'object');
    const pick = scalars.length > 0 ? site.random.pick(scalars) : undefined;
    if (pick !== undefined && ctx.checker.validAll(list, pick)) return { value: pick };
  }
  if (flat.enums.length > 0) {
    const members = flat.enums[0];
    const ordered = site.mode === 'static' ? members : site.random.shuffle(members);
    for (const member of ordered) if (ctx.checker.validAll(list, member)) return { value: copy(member) };
    return { value: unsatisfiable(ctx, ordered.length > 0 ? copy(ordered[0]) : null) };
  }
  return undefined;
}

function produce(flat: Flat, list: readonly JsonSchema[], ctx: Context, site: Site): unknown {
  const sparse = sparseHere(ctx, site);
  if (flat.unsatisfiable) return unsatisfiable(ctx, null);
  // Shrinking cannot end a schema with no finite value: give up here rather than at the hard stop.
  if (sparse && smallestSize(list, ctx) === Infinity) return unsatisfiable(ctx, minimal(flat));
  const given = offered(flat, list, ctx, site);
  if (given !== undefined) return given.value;
  const generate = (next: readonly JsonSchema[], child: Site) => generateNode(next, ctx, child);
  if (flat.choices.length > 0) return generateChoice(flat.choices[0], list, ctx, site, sparse, generate);
  if (flat.conditionals.length > 0) return generateConditional(flat.conditionals[0], list, ctx, site, generate);

  const value = build(flat, ctx, site, sparse);
  if (value === UNSATISFIABLE || flat.nots.length === 0 || flat.nots.every((not) => !ctx.checker.valid(not, value))) return value;
  for (let attempt = 1; attempt < NOT_ATTEMPTS; attempt++) {
    const retry = build(flat, ctx, { ...site, random: site.random.fork(`not${attempt}`), mode: 'dynamic' }, sparse);
    if (retry !== UNSATISFIABLE && flat.nots.every((not) => !ctx.checker.valid(not, retry))) return retry;
  }
  return unsatisfiable(ctx, value);
}

/** The smallest value of a plausible type, built without following any subschema. */
function minimal(flat: Flat): unknown {
  if (flat.consts.length > 0) return copy(flat.consts[0]);
  if (flat.enums.length > 0 && flat.enums[0].length > 0) return copy(flat.enums[0][0]);
  const types = flat.types ?? inferTypes(flat);
  if (types.includes('null')) return null;
  switch (types[0]) {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return flat.minimum ?? 0;
    default:
      return 'x'.repeat(flat.minLength ?? 0);
  }
}

/** Generates one value satisfying every schema in `list`. */
export function generateNode(list: readonly JsonSchema[], ctx: Context, site: Site): unknown {
  ctx.nodes++;
  const flat = flatten(list, ctx.defs, site.resolved);
  if (hardStop(ctx, site)) {
    const value = minimal(flat);
    return ctx.checker.validAll(list, value) ? value : unsatisfiable(ctx, value);
  }

  const fresh = [...new Set(flat.refs)].filter((name) => !site.entered.has(name));
  for (const name of fresh) ctx.refCounts.set(name, (ctx.refCounts.get(name) ?? 0) + 1);
  ctx.refDepth += fresh.length;
  try {
    const entered = fresh.length === 0 ? site.entered : new Set([...site.entered, ...fresh]);
    return produce(flat, list, ctx, { ...site, entered });
  } finally {
    ctx.refDepth -= fresh.length;
    for (const name of fresh) {
      const count = (ctx.refCounts.get(name) ?? 1) - 1;
      if (count === 0) ctx.refCounts.delete(name);
      else ctx.refCounts.set(name, count);
    }
  }
}

