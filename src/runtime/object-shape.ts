/**
 * The shape of an object schema as stateful CRUD needs it: its properties (through `$ref` and
 * `allOf`), which are required, readOnly or writeOnly, and which one holds an array (the items of
 * a list response).
 */
import type { JsonSchema, JsonSchemaObject } from '../plan';
import { resolveRef } from '../synth/refs';

export interface ObjectShape {
  properties: Map<string, JsonSchemaObject>;
  required: Set<string>;
  isArray: boolean;
  /** For an array schema: its items. */
  items?: JsonSchema;
}

export function objectShape(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): ObjectShape {
  const shape: ObjectShape = { properties: new Map(), required: new Set(), isArray: false };
  collect(schema, defs, shape, 0);
  return shape;
}

function collect(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>, shape: ObjectShape, depth: number): void {
  if (schema === undefined || typeof schema === 'boolean' || depth > 16) return;
  const node = deref(schema, defs, depth);
  if (node === undefined) return;
  const type = node.type;
  if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
    shape.isArray = true;
    if (node.items !== undefined) shape.items = node.items as JsonSchema;
  }
  if (Array.isArray(node.required)) for (const name of node.required) if (typeof name === 'string') shape.required.add(name);
  if (isObject(node.properties)) {
    for (const [name, sub] of Object.entries(node.properties)) {
      if (!isObject(sub)) continue;
      const resolved = deref(sub, defs, depth) ?? sub;
      // A $ref's siblings (readOnly next to a $ref) count too.
      shape.properties.set(name, { ...resolved, ...sub });
    }
  }
  if (Array.isArray(node.allOf)) for (const part of node.allOf) collect(part as JsonSchema, defs, shape, depth + 1);
  // Alternatives (a pickup or a delivery order): the properties of every branch, required in none.
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const inner: ObjectShape = { properties: new Map(), required: new Set(), isArray: false };
      collect(branch as JsonSchema, defs, inner, depth + 1);
      for (const [name, sub] of inner.properties) if (!shape.properties.has(name)) shape.properties.set(name, sub);
    }
  }
}

function deref(schema: JsonSchemaObject, defs: Record<string, JsonSchema>, depth: number): JsonSchemaObject | undefined {
  let node: JsonSchemaObject = schema;
  for (let hops = depth; typeof node.$ref === 'string' && hops < 16; hops++) {
    const target = resolveRef(node.$ref, defs)?.schema;
    if (target === undefined || typeof target === 'boolean') return undefined;
    node = target;
  }
  return node;
}

function isObject(value: unknown): value is JsonSchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function flag(shape: ObjectShape, name: string, keyword: 'readOnly' | 'writeOnly'): boolean {
  return shape.properties.get(name)?.[keyword] === true;
}
