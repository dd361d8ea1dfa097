/**
 * A shallow, read-only view of plan schemas for analysis (not validation): `$ref`s into the plan's
 * `$defs` followed, `allOf` merged, `oneOf`/`anyOf` branches pooled, so a question like "which
 * properties does this body have, and which are required?" has one answer whatever the spec's style.
 */
import type { JsonSchema, JsonSchemaObject } from './types';

const DEF_PREFIX = '#/$defs/';
/** How many `$ref` hops or composition levels one view follows (specs have cycles). */
const MAX_HOPS = 8;

export interface ObjectView {
  properties: Map<string, JsonSchema>;
  required: Set<string>;
  /** Set when the schema (after refs and allOf) is an array: its item schema. */
  items?: JsonSchema;
}

/** The schema a `$ref` chain ends at; `true` when it dangles or loops. */
export function deref(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): JsonSchemaObject | boolean {
  let current: JsonSchema | undefined = schema;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (current === undefined) return true;
    if (typeof current === 'boolean') return current;
    const ref = current.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(DEF_PREFIX)) return current;
    current = defs[decodeURIComponent(ref.slice(DEF_PREFIX.length))];
  }
  return true;
}

/** The schema's own keywords plus those of every `allOf` part (first one wins on a clash). */
export function mergedKeywords(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>, depth = 0): JsonSchemaObject {
  const node = deref(schema, defs);
  if (typeof node === 'boolean' || depth > MAX_HOPS) return {};
  const merged: JsonSchemaObject = { ...node };
  if (Array.isArray(node.allOf)) {
    for (const part of node.allOf as JsonSchema[]) {
      const partKeywords = mergedKeywords(part, defs, depth + 1);
      for (const [key, value] of Object.entries(partKeywords)) if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** Properties, required names and array items, gathered through refs, allOf and (as optional) oneOf/anyOf. */
export function objectView(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>, depth = 0): ObjectView {
  const view: ObjectView = { properties: new Map(), required: new Set() };
  const node = deref(schema, defs);
  if (typeof node === 'boolean' || depth > MAX_HOPS) return view;
  if (isType(node, 'array') || node.items !== undefined) {
    if (node.items !== undefined && typeof node.items !== 'boolean') view.items = node.items as JsonSchema;
    else if (node.items === true || node.items === undefined) view.items = true;
  }
  if (node.properties && typeof node.properties === 'object') {
    for (const [name, sub] of Object.entries(node.properties as Record<string, JsonSchema>)) view.properties.set(name, sub);
  }
  if (Array.isArray(node.required)) for (const name of node.required) if (typeof name === 'string') view.required.add(name);
  const absorb = (parts: unknown, required: boolean) => {
    if (!Array.isArray(parts)) return;
    for (const part of parts as JsonSchema[]) {
      const sub = objectView(part, defs, depth + 1);
      for (const [name, s] of sub.properties) if (!view.properties.has(name)) view.properties.set(name, s);
      if (required) for (const name of sub.required) view.required.add(name);
      if (view.items === undefined && sub.items !== undefined) view.items = sub.items;
    }
  };
  absorb(node.allOf, true);
  absorb(node.oneOf, false);
  absorb(node.anyOf, false);
  return view;
}

export function isType(node: JsonSchemaObject, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

/** What narrows a string: any of these makes it not "free-form". */
export interface StringConstraints {
  isString: boolean;
  enumerated: boolean;
  format?: string;
  pattern: boolean;
  maxLength?: number;
}

/** How a (possibly untyped) scalar schema constrains a string value. */
export function stringConstraints(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): StringConstraints {
  const node = mergedKeywords(schema, defs);
  const typed = node.type !== undefined;
  const composite = node.oneOf !== undefined || node.anyOf !== undefined || node.properties !== undefined || node.items !== undefined;
  return {
    isString: typed ? isType(node, 'string') : !composite,
    enumerated: Array.isArray(node.enum) || node.const !== undefined,
    format: typeof node.format === 'string' ? node.format : undefined,
    pattern: typeof node.pattern === 'string',
    maxLength: typeof node.maxLength === 'number' ? node.maxLength : undefined,
  };
}

/** A string with nothing that narrows what it may contain. */
export function isFreeForm(c: StringConstraints): boolean {
  return c.isString && !c.enumerated && c.format === undefined && !c.pattern && c.maxLength === undefined;
}
