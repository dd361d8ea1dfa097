/**
 * Arrays: a length inside `minItems`/`maxItems` (and what `prefixItems`, `items: false` and
 * `contains` imply), items generated per index, duplicates redrawn or dropped under `uniqueItems`.
 */
import type { JsonSchema } from '../json-schema/types';
import { exhausted } from './budget';
import { type Context, type Flat, type GenerateChild, type Site, UNSATISFIABLE } from './types';

const EMPTY: ReadonlySet<never> = new Set();
const UNIQUE_ATTEMPTS = 12;

/** JSON text with sorted keys: equal for values JSON Schema calls equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** `tags` → `tag`, `categories` → `category`: items borrow plausible values from the array's name. */
export function singular(name: string | undefined): string | undefined {
  if (name === undefined || name.length < 4) return name;
  if (name.endsWith('ies')) return name.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

function schemasAt(flat: Flat, index: number): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const part of flat.itemParts) {
    if (index < part.prefix.length) list.push(part.prefix[index]);
    else if (part.rest !== undefined) list.push(part.rest);
  }
  return list;
}

/** Lower bound on the size of the first `count` items together. */
function itemsSize(flat: Flat, ctx: Context, count: number, prefix: number): number {
  const sizeAt = (index: number) => schemasAt(flat, index).reduce((size, schema) => Math.max(size, ctx.sizes.of(schema)), 1);
  let total = 0;
  for (let i = 0; i < Math.min(count, prefix); i++) total += sizeAt(i);
  return count > prefix ? total + (count - prefix) * sizeAt(prefix) : total;
}

function chooseLength(site: Site, sparse: boolean, floor: number, ceiling: number, prefix: number): number {
  if (floor >= ceiling) return ceiling < floor ? Math.max(ceiling, 0) : floor;
  let length: number;
  if (sparse) length = floor;
  else if (site.mode === 'static') length = Math.max(floor, prefix, 1);
  else {
    const low = Math.max(floor, 1);
    length = site.random.int(low, Math.max(low + 2, prefix));
  }
  return Math.min(Math.max(length, floor), ceiling);
}

/** An array, or `UNSATISFIABLE` when an item the bounds require has no possible value. */
export function generateArray(flat: Flat, ctx: Context, site: Site, sparse: boolean, generate: GenerateChild): unknown[] | typeof UNSATISFIABLE {
  let ceiling = flat.maxItems ?? Number.POSITIVE_INFINITY;
  let prefix = 0;
  for (const part of flat.itemParts) {
    prefix = Math.max(prefix, part.prefix.length);
    if (part.rest === false) ceiling = Math.min(ceiling, part.prefix.length);
  }
  const required = flat.contains.reduce((sum, rule) => sum + rule.min, 0);
  const floor = Math.max(flat.minItems ?? 0, required);
  if (floor > ceiling && !ctx.bestEffort) return UNSATISFIABLE;
  // Items the bounds demand must fit in what is left of the budget; a best guess stays small.
  if (floor > 0 && ctx.nodes + itemsSize(flat, ctx, floor, prefix) > ctx.nodeLimit) return ctx.bestEffort ? [] : UNSATISFIABLE;
  let length = chooseLength(site, sparse, floor, ceiling, prefix);

  // The first items carry the `contains` rules, so the minimum count of matches is met by design.
  const extra: JsonSchema[][] = [];
  for (const rule of flat.contains) for (let j = 0; j < rule.min; j++) extra.push([rule.schema]);
  const pinned = extra.length;

  const itemName = singular(site.name);
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let index = 0; out.length < length; index++) {
    const list = [...schemasAt(flat, out.length), ...(extra[out.length] ?? [])];
    let value: unknown;
    let key = '';
    const attempts = flat.uniqueItems ? UNIQUE_ATTEMPTS : 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      value = generate(list, {
        random: site.random.fork(attempt === 0 ? index : `${index}:${attempt}`),
        // A repeated static value cannot become unique; later attempts draw dynamically.
        mode: attempt === 0 ? site.mode : 'dynamic',
        name: itemName,
        depth: site.depth + 1,
        resolved: EMPTY,
        entered: EMPTY,
      });
      if (!flat.uniqueItems || value === UNSATISFIABLE) break;
      key = canonical(value);
      if (!seen.has(key)) break;
    }
    if (value === UNSATISFIABLE) {
      if (out.length < floor || out.length < pinned) return UNSATISFIABLE;
      break;
    }
    if (flat.uniqueItems && seen.has(key)) {
      // No fresh value found: a shorter array is better than a duplicate, when the bounds allow it.
      if (length - 1 >= floor && out.length >= Math.max(prefix, pinned)) {
        length--;
        continue;
      }
      if (!ctx.bestEffort) return UNSATISFIABLE;
    }
    seen.add(key);
    out.push(value);
    if (index > length * (UNIQUE_ATTEMPTS + 2) || exhausted(ctx)) break;
  }

  limitContains(flat, ctx, site, out, pinned, generate);
  return out;
}

/** `maxContains`: redraw unpinned items that match a `contains` rule once the rule has enough. */
function limitContains(flat: Flat, ctx: Context, site: Site, out: unknown[], pinned: number, generate: GenerateChild): void {
  for (const rule of flat.contains) {
    if (rule.max === undefined) continue;
    let matches = out.filter((item) => ctx.checker.valid(rule.schema, item)).length;
    for (let i = pinned; i < out.length && matches > rule.max; i++) {
      if (!ctx.checker.valid(rule.schema, out[i])) continue;
      for (let attempt = 1; attempt <= 6; attempt++) {
        const value = generate(schemasAt(flat, i), {
          random: site.random.fork(`${i}:free${attempt}`),
          mode: 'dynamic',
          name: singular(site.name),
          depth: site.depth + 1,
          resolved: EMPTY,
          entered: EMPTY,
        });
        if (value !== UNSATISFIABLE && !ctx.checker.valid(rule.schema, value)) {
          out[i] = value;
          matches--;
          break;
        }
      }
    }
  }
}
