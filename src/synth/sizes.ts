/**
 * Smallest sizes: for every schema, a lower bound on how many JSON nodes its smallest valid value
 * has (`Infinity` when no finite value exists, e.g. required properties that recurse). It is the
 * least fixpoint of one equation per definition, like the shortest derivation of a grammar:
 * an object costs 1 + its required properties, an array 1 + minItems × an item, a choice its
 * cheapest branch, a conjunction (`allOf`, `$ref` with siblings) its dearest part.
 *
 * The synthesiser reads it to end recursion on a branch that terminates and to refuse values past
 * its budget; the plan compiler reads it to warn about schemas no bounded value satisfies.
 */
import type { JsonSchema, JsonSchemaObject } from '../json-schema/types';
import { isSchemaObject } from './flatten';
import { resolveRef } from './refs';
import type { SizeTable } from './types';


/** A string counts one node per KiB beyond the first, so a huge `minLength` shows as a size. */
const STRING_CHUNK = 1024;
const MAX_WORK_PER_DEF = 32;
const MAX_NESTING = 64;

const SCALARS = new Set(['null', 'boolean', 'string', 'number', 'integer']);

function typesOf(s: JsonSchemaObject): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  // Without `type`, the keywords say what the author meant (the synthesiser infers the same way).
  if (isSchemaObject(s.properties) || Array.isArray(s.required)) return ['object'];
  if (s.items !== undefined || s.prefixItems !== undefined || typeof s.minItems === 'number') return ['array'];
  return undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Whether the numeric keywords leave any number at all (multipleOf aside). */
function numbersPossible(s: JsonSchemaObject, integer: boolean): boolean {
  const lo = Math.max(num(s.minimum) ?? -Infinity, num(s.exclusiveMinimum) ?? -Infinity);
  const hi = Math.min(num(s.maximum) ?? Infinity, num(s.exclusiveMaximum) ?? Infinity);
  if (lo > hi) return false;
  if (lo === hi && (s.exclusiveMinimum === lo || s.exclusiveMaximum === hi)) return false;
  if (integer && Number.isFinite(lo) && Number.isFinite(hi) && Math.ceil(lo) > Math.floor(hi)) return false;
  const step = s.multipleOf;
  return step === undefined || (typeof step === 'number' && step > 0);
}

class Sizer {
  readonly costs = new Map<string, number>();
  private memo = new WeakMap<object, number>();

  constructor(private readonly defs: Readonly<Record<string, JsonSchema>>) {}

  /**
   * Costs fall from infinity to their least fixpoint: a definition is re-evaluated whenever one it
   * refers to got cheaper (a worklist, so a chain of a hundred definitions needs no hundred rounds).
   * Past a work cap the table stays an upper bound; that only makes warnings and choices cautious.
   */
  solve(): void {
    const names = Object.keys(this.defs);
    const dependents = new Map<string, string[]>();
    for (const name of names) {
      for (const ref of refsOf(this.defs[name])) {
        const list = dependents.get(ref) ?? [];
        list.push(name);
        dependents.set(ref, list);
      }
    }
    const queue = [...names].reverse();
    const queued = new Set(queue);
    for (let work = 0; queue.length > 0 && work < MAX_WORK_PER_DEF * names.length + 16; work++) {
      const name = queue.pop()!;
      queued.delete(name);
      this.memo = new WeakMap();
      const cost = this.of(this.defs[name], 0);
      if (cost >= (this.costs.get(name) ?? Infinity)) continue;
      this.costs.set(name, cost);
      for (const dependent of dependents.get(name) ?? []) {
        if (!queued.has(dependent)) {
          queued.add(dependent);
          queue.push(dependent);
        }
      }
    }
  }

  freeze(): void {
    this.memo = new WeakMap();
  }

  of(schema: JsonSchema, nesting: number): number {
    if (schema === true) return 1;
    if (schema === false) return Infinity;
    if (!isSchemaObject(schema)) return 1;
    const known = this.memo.get(schema);
    if (known !== undefined) return known;
    // Past this nesting the bound stops looking deeper; it stays a lower bound.
    if (nesting > MAX_NESTING) return 1;
    const cost = this.compute(schema, nesting + 1);
    this.memo.set(schema, cost);
    return cost;
  }

  private compute(s: JsonSchemaObject, nesting: number): number {
    let cost = this.own(s, nesting);
    if (typeof s.$ref === 'string') {
      const target = resolveRef(s.$ref, this.defs);
      // An unresolvable reference constrains nothing we can see.
      const ref = target === undefined ? 1 : target.schema === this.defs[target.name] ? (this.costs.get(target.name) ?? Infinity) : this.of(target.schema, nesting);
      cost = Math.max(cost, ref);
    }
    if (Array.isArray(s.allOf)) for (const part of s.allOf) cost = Math.max(cost, this.of(part as JsonSchema, nesting));
    for (const kind of ['anyOf', 'oneOf'] as const) {
      const branches = s[kind];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      let cheapest = Infinity;
      // SAFETY: composition keywords hold schemas by the JSON Schema grammar.
      for (const branch of branches) cheapest = Math.min(cheapest, this.of(branch as JsonSchema, nesting));
      cost = Math.max(cost, cheapest);
    }
    return cost;
  }

  /** The cheapest type the schema's own keywords allow. */
  private own(s: JsonSchemaObject, nesting: number): number {
    if (Array.isArray(s.enum)) return s.enum.length === 0 ? Infinity : 1;
    if (s.const !== undefined) return 1;
    const types = typesOf(s);
    if (types === undefined) return 1;
    let best = Infinity;
    for (const type of types) {
      if (!SCALARS.has(type) && type !== 'object' && type !== 'array') continue;
      best = Math.min(best, this.ofType(s, type, nesting));
      if (best <= 1) break;
    }
    return best;
  }

  private ofType(s: JsonSchemaObject, type: string, nesting: number): number {
    switch (type) {
      case 'null':
      case 'boolean':
        return 1;
      case 'number':
      case 'integer':
        return numbersPossible(s, type === 'integer') ? 1 : Infinity;
      case 'string': {
        const min = num(s.minLength) ?? 0;
        if (min > (num(s.maxLength) ?? Infinity)) return Infinity;
        return 1 + Math.floor(min / STRING_CHUNK);
      }
      case 'array': {
        const min = Math.max(0, Math.floor(num(s.minItems) ?? 0));
        if (min > (num(s.maxItems) ?? Infinity)) return Infinity;
        if (min === 0) return 1;
        const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
        let total = 1;
        for (let i = 0; i < min && i < prefix.length; i++) total += this.of(prefix[i] as JsonSchema, nesting);
        const rest = min - Math.min(min, prefix.length);
        // SAFETY: `items` holds a schema by the JSON Schema grammar.
        if (rest > 0) total += rest * this.of(Array.isArray(s.items) || s.items === undefined ? true : (s.items as JsonSchema), nesting);
        return total;
      }
      default: {
        const required = Array.isArray(s.required) ? s.required : [];
        if (required.length > (num(s.maxProperties) ?? Infinity)) return Infinity;
        const properties = isSchemaObject(s.properties) ? s.properties : {};
        let total = 1;
        for (const key of new Set(required)) {
          if (typeof key !== 'string') continue;
          // SAFETY: property values are schemas by the JSON Schema grammar.
          total += Object.hasOwn(properties, key) ? this.of(properties[key] as JsonSchema, nesting) : 1;
          if (total === Infinity) break;
        }
        return total + Math.max(0, (num(s.minProperties) ?? 0) - required.length);
      }
    }
  }
}

/** The definition names a schema tree refers to (refs inside data keywords are data). */
function refsOf(schema: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (schema === null || typeof schema !== 'object' || depth > 200) return out;
  if (Array.isArray(schema)) {
    for (const item of schema) refsOf(item, out, depth + 1);
    return out;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) out.add(value.slice(8).split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~'));
    else if (key !== 'example' && key !== 'examples' && key !== 'default' && key !== 'const' && key !== 'enum' && !key.startsWith('x-')) refsOf(value, out, depth + 1);
  }
  return out;
}

const tables = new WeakMap<object, SizeTable>();
const NO_DEFS: Readonly<Record<string, JsonSchema>> = Object.freeze({});

/**
 * The size table of a set of definitions, computed once per `defs` object.
 * @example
 * sizesFor({ Node: { type: 'object', required: ['next'], properties: { next: { $ref: '#/$defs/Node' } } } })
 *   .of({ $ref: '#/$defs/Node' }) // → Infinity
 */
export function sizesFor(defs: Readonly<Record<string, JsonSchema>> | undefined): SizeTable {
  const key = defs ?? NO_DEFS;
  let table = tables.get(key);
  if (table === undefined) {
    const sizer = new Sizer(key);
    sizer.solve();
    sizer.freeze();
    const infinite = new Set(Object.keys(key).filter((name) => (sizer.costs.get(name) ?? Infinity) === Infinity));
    table = { of: (schema) => sizer.of(schema, 0), infinite };
    tables.set(key, table);
  }
  return table;
}
