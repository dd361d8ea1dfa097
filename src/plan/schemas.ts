/**
 * Turns the schemas a spec uses into plan schemas: deep copies whose `$ref`s point at shared
 * definitions (`#/$defs/<name>`). Only schemas reachable from operations are collected, so a
 * plan of a 4 MB spec carries just what it serves. Cycles are fine: a definition is named before
 * it is converted, so a ref back to it is just a name.
 */
import { getByPointer } from '../spec';
import type { JsonSchema, JsonSchemaObject } from './types';

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
  'contentSchema',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems']);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);
/** Keywords that hold data, copied as they are (a `$ref` in an example is data). */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);

export class SchemaCollector {
  /** Definitions by name, in the order they were first referenced. */
  readonly defs: Record<string, JsonSchema> = {};
  private readonly nameByPointer = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private readonly pending: Array<{ name: string; pointer: string }> = [];

  constructor(private readonly document: unknown) {}

  /** Converts a schema found in the document; referenced definitions are queued and converted by `drain`. */
  convert(schema: unknown): JsonSchema {
    const out = this.copy(schema, 0);
    this.drain();
    return out;
  }

  /** Where each definition comes from in the source document: name → `/components/schemas/Pet`. */
  sources(): Map<string, string> {
    return new Map([...this.nameByPointer].map(([pointer, name]) => [name, pointer.slice(1)]));
  }

  /** The def name for a pointer such as `#/components/schemas/Pet`. */
  nameFor(ref: string): string {
    const pointer = ref.startsWith('#') ? ref : `#${ref}`;
    const known = this.nameByPointer.get(pointer);
    if (known !== undefined) return known;
    const name = this.uniqueName(pointer);
    this.nameByPointer.set(pointer, name);
    this.pending.push({ name, pointer });
    return name;
  }

  private uniqueName(pointer: string): string {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(pointer);
    const base = (match ? decodeSegment(match[1]) : pointer.replace(/^#\//, '').split('/').map(decodeSegment).join('.')).replace(
      /[^A-Za-z0-9_.-]/g,
      '_',
    );
    let name = base || 'schema';
    for (let i = 2; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const { name, pointer } = this.pending.shift()!;
      const target = getByPointer(this.document, pointer);
      this.defs[name] = this.copy(target === undefined ? {} : target, 0);
    }
  }

  private copy(schema: unknown, depth: number): JsonSchema {
    if (typeof schema === 'boolean') return schema;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || depth > 200) return {};
    const source = schema as JsonSchemaObject;
    const out: JsonSchemaObject = {};
    for (const [key, value] of Object.entries(source)) {
      if (key === '$ref' && typeof value === 'string') {
        out.$ref = value.startsWith('#') ? `#/$defs/${this.nameFor(value)}` : value;
      } else if (DATA_KEYWORDS.has(key) || key.startsWith('x-')) {
        out[key] = value;
      } else if (SCHEMA_KEYWORDS.has(key)) {
        out[key] = typeof value === 'object' || typeof value === 'boolean' ? this.copy(value, depth + 1) : value;
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
        out[key] = value.map((item) => this.copy(item, depth + 1));
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && value !== null && typeof value === 'object') {
        const map: Record<string, JsonSchema> = {};
        for (const [name, sub] of Object.entries(value)) map[name] = this.copy(sub, depth + 1);
        out[key] = map;
      } else if (key === 'discriminator' && value !== null && typeof value === 'object') {
        out[key] = this.copyDiscriminator(value as JsonSchemaObject);
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  /** Mapping values are refs (or bare component names): point them at defs too. */
  private copyDiscriminator(discriminator: JsonSchemaObject): JsonSchemaObject {
    const mapping = discriminator.mapping;
    if (mapping === null || typeof mapping !== 'object') return { ...discriminator };
    const rewritten: Record<string, string> = {};
    for (const [key, target] of Object.entries(mapping as Record<string, unknown>)) {
      if (typeof target !== 'string') continue;
      const ref = target.startsWith('#') ? target : `#/components/schemas/${target}`;
      if (getByPointer(this.document, ref) !== undefined) rewritten[key] = `#/$defs/${this.nameFor(ref)}`;
    }
    return { ...discriminator, mapping: rewritten };
  }
}

function decodeSegment(segment: string): string {
  let text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw segment: a name only needs to be stable, not pretty
  }
  return text;
}
