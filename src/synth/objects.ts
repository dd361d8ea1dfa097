/**
 * Objects: choose the keys (required ones, then optional ones by mode, direction and depth, then
 * whatever `dependentRequired`, `minProperties` and `maxProperties` demand), and generate each
 * value from every schema that applies to its key.
 */
import type { JsonSchema } from '../json-schema/types';
import { isSchemaObject } from './flatten';
import { drawFromPattern } from './patterns';
import { resolveRef } from './refs';
import { type Context, type Flat, type GenerateChild, type Site, UNSATISFIABLE } from './types';

const EMPTY: ReadonlySet<never> = new Set();
/** Probability that dynamic mode includes an optional property. */
const OPTIONAL_RATE = 0.7;
/** The most keys made up for `minProperties`. */
const MAX_PROPERTIES = 1000;

/** Every schema a key's value must satisfy: its declarations, matching patterns, and closures. */
export function schemasForKey(flat: Flat, key: string, ctx: Context): JsonSchema[] {
  const list: JsonSchema[] = [...(flat.properties.get(key) ?? [])];
  let matchedPattern = false;
  for (const [pattern, schema] of flat.patternProperties) {
    if (ctx.patterns.regex(pattern)?.test(key)) {
      list.push(schema);
      matchedPattern = true;
    }
  }
  for (const closure of flat.closures) {
    const declared = Object.hasOwn(closure.declared, key) || closure.patterns.some((p) => ctx.patterns.regex(p)?.test(key));
    if (!declared) list.push(closure.additional);
  }
  if (!flat.properties.has(key) && !matchedPattern) list.push(...flat.unevaluated);
  return list;
}

function keyAllowed(flat: Flat, key: string, ctx: Context): boolean {
  if (schemasForKey(flat, key, ctx).includes(false)) return false;
  return flat.propertyNames.every((names) => ctx.checker.valid(names, key));
}

/** Whether a property is read-only or write-only (or has a default), looking through `$ref` and `allOf`. */
function hasFlag(list: readonly JsonSchema[], flag: 'readOnly' | 'writeOnly' | 'default', ctx: Context, depth = 0): boolean {
  for (const schema of list) {
    if (!isSchemaObject(schema)) continue;
    if (flag === 'default' ? schema.default !== undefined : schema[flag] === true) return true;
    if (depth >= 2) continue;
    const nested: JsonSchema[] = [];
    if (typeof schema.$ref === 'string') {
      const target = resolveRef(schema.$ref, ctx.defs);
      if (target !== undefined) nested.push(target.schema);
    }
    // SAFETY: `allOf` holds schemas by the JSON Schema grammar.
    if (Array.isArray(schema.allOf)) nested.push(...(schema.allOf as JsonSchema[]));
    if (hasFlag(nested, flag, ctx, depth + 1)) return true;
  }
  return false;
}

/** Properties a reader of this direction never sees: writeOnly in responses, readOnly in requests. */
export function hiddenInDirection(list: readonly JsonSchema[], ctx: Context): boolean {
  return hasFlag(list, ctx.direction === 'response' ? 'writeOnly' : 'readOnly', ctx);
}

/** The discriminator value the definitions entered here call for (allOf-style inheritance). */
function discriminatorValues(flat: Flat): Map<string, string> {
  const values = new Map<string, string>();
  for (const d of flat.discriminators) {
    let chosen: string | undefined;
    for (const ref of flat.refs) {
      chosen = d.mapping.find(([, target]) => target === ref)?.[0];
      if (chosen !== undefined) break;
    }
    // Without a mapping every schema is named by its own name; with one, only what it maps.
    if (d.mapping.length === 0) chosen ??= flat.refs[0];
    if (chosen !== undefined && !values.has(d.propertyName)) values.set(d.propertyName, chosen);
  }
  return values;
}

/** Keys the schema forbids through `not: { required: [...] }`. */
function forbiddenKeys(flat: Flat): Set<string> {
  const out = new Set<string>();
  for (const not of flat.nots) {
    if (!isSchemaObject(not) || !Array.isArray(not.required) || Object.keys(not).length !== 1) continue;
    for (const key of not.required) if (typeof key === 'string' && !flat.required.has(key)) out.add(key);
  }
  return out;
}

function closeDependencies(flat: Flat, chosen: Set<string>, allowed: (key: string) => boolean): void {
  for (let round = 0, changed = true; changed && round < 16; round++) {
    changed = false;
    for (const key of [...chosen]) {
      for (const dependent of flat.dependentRequired.get(key) ?? []) {
        if (chosen.has(dependent)) continue;
        if (allowed(dependent)) chosen.add(dependent);
        else if (!flat.required.has(key)) chosen.delete(key);
        changed = true;
      }
    }
  }
}

function trimToMax(flat: Flat, chosen: Set<string>, max: number): void {
  while (chosen.size > max) {
    const needed = new Set<string>();
    for (const key of chosen) for (const d of flat.dependentRequired.get(key) ?? []) needed.add(d);
    const removable = [...chosen].reverse().find((key) => !flat.required.has(key) && !needed.has(key));
    if (removable === undefined) return;
    chosen.delete(removable);
  }
}

/** New key names for maps and for `minProperties`: from patterns, `propertyNames`, or numbered. */
function extraKeys(flat: Flat, ctx: Context, site: Site, wanted: number, taken: Set<string>, generate: GenerateChild): string[] {
  const out: string[] = [];
  const ok = (key: string) => !taken.has(key) && !flat.properties.has(key) && keyAllowed(flat, key, ctx);
  for (let attempt = 0; out.length < wanted && attempt < wanted * 6 + 6; attempt++) {
    const random = site.random.fork(`key${attempt}`);
    let key: string | undefined;
    const pattern = flat.patternProperties[attempt % Math.max(1, flat.patternProperties.length)]?.[0];
    if (pattern !== undefined && attempt < wanted * 3) {
      key = drawFromPattern(ctx.patterns, pattern, random, { min: 1, max: 24 }, 'none');
    } else if (flat.propertyNames.length > 0) {
      const names = generate([...flat.propertyNames, { type: 'string' }], {
        random,
        mode: 'dynamic',
        name: undefined,
        depth: site.depth + 1,
        resolved: EMPTY,
        entered: EMPTY,
      });
      key = typeof names === 'string' ? names : undefined;
    } else {
      key = `additionalProp${out.length + 1 + Math.max(0, attempt - wanted)}`;
    }
    if (key !== undefined && ok(key)) {
      out.push(key);
      taken.add(key);
    }
  }
  return out;
}

/** An object, or `UNSATISFIABLE` when a required property has no possible value. */
export function generateObject(flat: Flat, ctx: Context, site: Site, sparse: boolean, generate: GenerateChild): Record<string, unknown> | typeof UNSATISFIABLE {
  const allowed = (key: string) => keyAllowed(flat, key, ctx);
  const forbidden = forbiddenKeys(flat);
  const chosen = new Set<string>(flat.required);

  const optional = [...flat.properties.keys()].filter((key) => !chosen.has(key) && !forbidden.has(key) && allowed(key));
  const visible = optional.filter((key) => !hiddenInDirection(flat.properties.get(key) ?? [], ctx));
  for (const key of visible) {
    // A property with a default is what a reader sees when nothing was sent: dynamic mode keeps it (as Prism does).
    if (!sparse && (site.mode === 'static' || hasFlag(flat.properties.get(key) ?? [], 'default', ctx) || site.random.bool(OPTIONAL_RATE))) chosen.add(key);
  }
  // The discriminator tells readers which variant they hold; it is always worth sending.
  for (const d of flat.discriminators) if (flat.properties.has(d.propertyName) && allowed(d.propertyName)) chosen.add(d.propertyName);
  closeDependencies(flat, chosen, allowed);
  if (flat.maxProperties !== undefined) trimToMax(flat, chosen, flat.maxProperties);

  let extras: string[] = [];
  const min = flat.minProperties ?? 0;
  if (min > MAX_PROPERTIES && !ctx.bestEffort) return UNSATISFIABLE;
  if (chosen.size < min) {
    for (const key of [...visible, ...optional]) if (chosen.size < min) chosen.add(key);
    closeDependencies(flat, chosen, allowed);
  }
  const room = (flat.maxProperties ?? Number.POSITIVE_INFINITY) - chosen.size;
  let wanted = Math.min(MAX_PROPERTIES, Math.max(0, min - chosen.size));
  if (flat.mapLike && flat.properties.size === 0 && !sparse) wanted = Math.max(wanted, site.mode === 'static' ? 1 : site.random.int(1, 3));
  if (Math.min(wanted, room) > 0) extras = extraKeys(flat, ctx, site, Math.min(wanted, room), new Set(chosen), generate);

  const forced = discriminatorValues(flat);
  const out: Record<string, unknown> = {};
  const ordered = [...flat.properties.keys()].filter((key) => chosen.has(key));
  for (const key of chosen) if (!flat.properties.has(key)) ordered.push(key);
  for (const key of [...ordered, ...extras]) {
    const list = schemasForKey(flat, key, ctx);
    const preset = forced.get(key);
    if (preset !== undefined && ctx.checker.validAll(list, preset)) {
      setKey(out, key, preset);
      continue;
    }
    const value = generate(list, {
      random: site.random.fork(key),
      mode: site.mode,
      name: key,
      depth: site.depth + 1,
      resolved: EMPTY,
      entered: EMPTY,
    });
    if (value === UNSATISFIABLE) {
      // An optional property nothing can satisfy is left out; a required one sinks the object.
      if (flat.required.has(key)) return UNSATISFIABLE;
      continue;
    }
    setKey(out, key, value);
  }
  if (!ctx.bestEffort) {
    const size = Object.keys(out).length;
    if (size < min || size > (flat.maxProperties ?? Number.POSITIVE_INFINITY)) return UNSATISFIABLE;
    for (const key of flat.required) if (!allowed(key)) return UNSATISFIABLE;
    // A dependent left out because nothing satisfied it breaks the key that needs it.
    for (const key of Object.keys(out)) for (const d of flat.dependentRequired.get(key) ?? []) if (!Object.hasOwn(out, d)) return UNSATISFIABLE;
  }
  return out;
}

/** Assignment that treats `__proto__` as an ordinary key, as JSON does. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
