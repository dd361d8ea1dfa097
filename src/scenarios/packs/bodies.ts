/**
 * Literal bodies packs send: an empty page of a list, and an item with values at the edges of
 * what its schema allows. Both start from synthesised data and are checked against the declared
 * schema with the mock's own validator, so a pack never sends a body its spec forbids.
 */
import type { JsonSchema } from '../../plan';
import type { ListShape } from '../../plan/analysis';
import { isType, mergedKeywords, objectView } from '../../plan/schema-view';
import { synthesize } from '../../synth';
import { compileValidator } from '../../json-schema';

const UNICODE = 'Zoë “Ñandú” 🐙 <b>&amp;</b> \u202Eelbat\u202C';
const MAX_STRING = 1000;
const MAX_CHANGES = 200;

function isValid(schema: JsonSchema, defs: Record<string, JsonSchema>, value: unknown): boolean {
  return compileValidator(schema, defs, 'body')(value).length === 0;
}

/** A body a scenario can carry: a rule with a large literal would make the scenario itself large. */
export const MAX_BODY_CHARS = 4000;

/** `[]` or the wrapper with its array emptied and its total zero; null when the schema forbids an empty list. */
export function emptyList(schema: JsonSchema, defs: Record<string, JsonSchema>, shape: ListShape, seed: string | number): unknown | null {
  if (shape.shape === 'array') return isValid(schema, defs, []) ? [] : null;
  const base = synthesize(schema, { seed, defs });
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return null;
  const fields: Record<string, unknown> = { ...(base as Record<string, unknown>), [shape.arrayProperty]: [] };
  const candidates: Record<string, unknown>[] = [];
  const withTotal = shape.totalProperty !== undefined ? { ...fields, [shape.totalProperty]: 0 } : fields;
  if (shape.nextProperty !== undefined) {
    const next = withTotal[shape.nextProperty];
    // No next page: `has_more: false`, else the marker left out or null.
    if (typeof next === 'boolean') candidates.push({ ...withTotal, [shape.nextProperty]: false });
    else {
      const { [shape.nextProperty]: _dropped, ...without } = withTotal;
      candidates.push(without, { ...withTotal, [shape.nextProperty]: null });
    }
  }
  candidates.push(withTotal, fields);
  return candidates.find((c) => isValid(schema, defs, c)) ?? null;
}

type Path = (string | number)[];

/** Values at the edges: strings at their longest (or full of Unicode and markup), numbers at their largest, enums at their last member. */
export function edgeValues(schema: JsonSchema, defs: Record<string, JsonSchema>, seed: string | number): unknown | null {
  const base = synthesize(schema, { seed, defs, maxDepth: 2 });
  const check = compileValidator(schema, defs, 'body');
  const valid = (v: unknown) => check(v).length === 0;
  if (!valid(base) || JSON.stringify(base).length > MAX_BODY_CHARS) return null;
  const changes: [Path, unknown][] = [];
  collect(base, schema, defs, [], changes, 0);
  let value = structuredClone(base);
  let changed = false;
  // One change at a time, kept only while the whole value still validates (oneOf and friends may object).
  for (const [path, edge] of changes.slice(0, MAX_CHANGES)) {
    const next = setAt(structuredClone(value), path, edge);
    if (valid(next) && JSON.stringify(next).length <= MAX_BODY_CHARS) {
      value = next;
      changed = true;
    }
  }
  return changed ? value : null;
}

function collect(value: unknown, schema: JsonSchema | undefined, defs: Record<string, JsonSchema>, path: Path, out: [Path, unknown][], depth: number): void {
  if (depth > 6 || schema === undefined) return;
  if (Array.isArray(value)) {
    const items = objectView(schema, defs).items;
    value.forEach((item, i) => {
      collect(item, items, defs, [...path, i], out, depth + 1);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    const props = objectView(schema, defs).properties;
    for (const [key, item] of Object.entries(value)) collect(item, props.get(key), defs, [...path, key], out, depth + 1);
    return;
  }
  const edge = edgeOf(value, mergedKeywords(schema, defs));
  if (edge !== undefined && edge !== value) out.push([path, edge]);
}

function edgeOf(value: unknown, k: Record<string, unknown>): unknown {
  if (Array.isArray(k.enum) && k.enum.length > 1) return k.enum[k.enum.length - 1];
  if (typeof value === 'string' && k.format === undefined && k.pattern === undefined) {
    const max = typeof k.maxLength === 'number' ? Math.min(k.maxLength, MAX_STRING) : undefined;
    if (max !== undefined) return 'W'.repeat(max);
    return UNICODE;
  }
  if (typeof value === 'number') {
    const integer = isType(k, 'integer') || Number.isInteger(value);
    if (typeof k.maximum === 'number') return integer ? Math.floor(k.maximum) : k.maximum;
    if (typeof k.exclusiveMaximum === 'number') return integer ? Math.ceil(k.exclusiveMaximum) - 1 : k.exclusiveMaximum - 0.001;
    if (k.format === 'int32') return 2_147_483_647;
    return integer ? Number.MAX_SAFE_INTEGER : 1e15 + 0.5;
  }
  return undefined;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  // SAFETY: every key on the path was read from this very value (collect walked it).
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return root;
}
