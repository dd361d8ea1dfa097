/**
 * Turns the strings a request carries into the JSON types a parameter's schema asks for, so the
 * validator judges `42`, not `"42"`. Coercion only ever converts a string that reads exactly as
 * the wanted type; anything else is left as it is for the validator to report.
 */
import { compileRegex } from '../../regex';
import type { JsonSchema, JsonSchemaObject } from '../../plan/types';

export type RefResolver = (ref: string) => JsonSchema | undefined;

/** The overall shape a parameter's serialisation must produce. */
export type ValueShape = 'array' | 'object' | 'primitive';

// Composition can nest and `$ref`s can cycle; a schema deeper than this is not worth chasing for a hint.
const MAX_DEPTH = 16;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function isObject(value: unknown): value is JsonSchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The schema itself and every branch reachable through `$ref`, `allOf`, `anyOf` and `oneOf`,
 * without duplicates: each may contribute a type, `items` or `properties`.
 */
export function flattenSchema(schema: JsonSchema | undefined, resolve?: RefResolver): JsonSchemaObject[] {
  const out: JsonSchemaObject[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (!isObject(node) || depth > MAX_DEPTH || out.includes(node)) return;
    out.push(node);
    if (typeof node.$ref === 'string' && resolve) visit(resolve(node.$ref), depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = node[key];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, depth + 1);
    }
  };
  visit(schema, 0);
  return out;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The JSON types the schema admits, from `type`, or from `const`/`enum` values when no `type` is given. */
export function schemaTypes(nodes: JsonSchemaObject[]): Set<string> {
  const types = new Set<string>();
  for (const node of nodes) {
    const type = node.type;
    if (typeof type === 'string') {
      types.add(type);
    } else if (Array.isArray(type)) {
      for (const t of type) if (typeof t === 'string') types.add(t);
    } else if ('const' in node) {
      types.add(typeOfValue(node.const));
    } else if (Array.isArray(node.enum)) {
      for (const v of node.enum) types.add(typeOfValue(v));
    }
    if (type === undefined) {
      if ('items' in node || 'prefixItems' in node) types.add('array');
      if ('properties' in node || 'additionalProperties' in node || 'patternProperties' in node) types.add('object');
    }
  }
  return types;
}

/** Which serialisation shape the parameter uses: arrays and objects are split, everything else is read whole. */
export function shapeOf(schema: JsonSchema | undefined, resolve?: RefResolver): ValueShape {
  const types = schemaTypes(flattenSchema(schema, resolve));
  if (types.has('array')) return 'array';
  if (types.has('object')) return 'object';
  return 'primitive';
}

/** Names of the properties an object schema declares (across its branches), for exploded form objects. */
export function declaredProperties(schema: JsonSchema | undefined, resolve?: RefResolver): { names: Set<string>; open: boolean } {
  const names = new Set<string>();
  let open = true;
  for (const node of flattenSchema(schema, resolve)) {
    if (isObject(node.properties)) for (const name of Object.keys(node.properties)) names.add(name);
    if (node.additionalProperties === false || node.unevaluatedProperties === false) open = false;
  }
  return { names, open };
}

/** Assigns an own property, even one named `__proto__`, which plain assignment would turn into a prototype change. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function coerceString(text: string, types: Set<string>): unknown {
  // A string is already valid when strings are allowed; reading "42" as a number would then be a guess.
  if (types.has('string') || types.size === 0) return text;
  if (types.has('integer') && INTEGER.test(text)) return Number(text);
  if (types.has('number') && NUMBER.test(text)) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && (text === '' || text === 'null')) return null;
  return text;
}

/** Narrows a keyword's value to a schema, so a malformed spec yields "no hint" instead of a crash. */
function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'boolean' || isObject(value) ? value : undefined;
}

function itemSchema(nodes: JsonSchemaObject[], index: number): JsonSchema | undefined {
  for (const node of nodes) {
    const prefix = node.prefixItems;
    if (Array.isArray(prefix) && index < prefix.length) return asSchema(prefix[index]);
    if (Array.isArray(node.items)) {
      if (index < node.items.length) return asSchema(node.items[index]);
      continue;
    }
    const items = asSchema(node.items);
    if (items !== undefined) return items;
  }
  return undefined;
}

function propertySchema(nodes: JsonSchemaObject[], name: string): JsonSchema | undefined {
  for (const node of nodes) {
    if (isObject(node.properties) && Object.hasOwn(node.properties, name)) return asSchema(node.properties[name]);
  }
  for (const node of nodes) {
    if (!isObject(node.patternProperties)) continue;
    for (const [pattern, schema] of Object.entries(node.patternProperties)) {
      if (safeTest(pattern, name)) return asSchema(schema);
    }
  }
  for (const node of nodes) {
    if (isObject(node.additionalProperties)) return node.additionalProperties;
  }
  return undefined;
}

/** On the linear-time matcher: parameter names come from the request. */
function safeTest(pattern: string, text: string): boolean {
  const compiled = compileRegex(pattern, 'u');
  try {
    return compiled.ok && compiled.regex.test(text);
  } catch {
    return false;
  }
}

/**
 * Converts strings (also inside arrays and objects) to the types the schema asks for.
 * @example coerceValue('42', { type: 'integer' }) // 42
 * @example coerceValue(['1', 'x'], { type: 'array', items: { type: 'integer' } }) // [1, 'x']
 */
export function coerceValue(value: unknown, schema: JsonSchema | undefined, resolve?: RefResolver, depth = 0): unknown {
  if (schema === undefined || typeof schema === 'boolean' || depth > MAX_DEPTH) return value;
  const nodes = flattenSchema(schema, resolve);
  if (typeof value === 'string') return coerceString(value, schemaTypes(nodes));
  if (Array.isArray(value)) return value.map((item, i) => coerceValue(item, itemSchema(nodes, i), resolve, depth + 1));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, coerceValue(item, propertySchema(nodes, key), resolve, depth + 1));
    return out;
  }
  return value;
}
