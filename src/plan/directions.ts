/**
 * readOnly and writeOnly: a property marked readOnly must not be demanded in a request, and a
 * writeOnly one must not be demanded in a response (OpenAPI 3.x). The plan keeps one copy of each
 * definition and adds a direction variant (`Book@request`) only for definitions whose `required`
 * list would otherwise demand such a property, directly or through the schemas they reference.
 */
import type { JsonSchema, JsonSchemaObject } from './types';

export type Direction = 'request' | 'response';

const DEF_PREFIX = '#/$defs/';

export function variantName(name: string, direction: Direction): string {
  return `${name}@${direction}`;
}

export class DirectionalSchemas {
  private readonly needs: Record<Direction, Set<string>>;

  constructor(private readonly defs: Record<string, JsonSchema>) {
    this.needs = { request: this.computeNeeds('request'), response: this.computeNeeds('response') };
  }

  /** Adds the variants to the defs table (call once, after every schema was collected). */
  addVariants(): void {
    for (const direction of ['request', 'response'] as const) {
      for (const name of this.needs[direction]) {
        this.defs[variantName(name, direction)] = this.rewrite(this.defs[name], direction, 0);
      }
    }
  }

  /** The schema as seen from one direction: hidden properties are no longer required. */
  forDirection(schema: JsonSchema, direction: Direction): JsonSchema {
    if (!this.touches(schema, direction)) return schema;
    return this.rewrite(schema, direction, 0);
  }

  private hiddenKeyword(direction: Direction): 'readOnly' | 'writeOnly' {
    return direction === 'request' ? 'readOnly' : 'writeOnly';
  }

  /** Whether a property schema is marked hidden for this direction (directly, via its ref, or allOf). */
  private isHidden(schema: unknown, direction: Direction, depth = 0): boolean {
    if (schema === null || typeof schema !== 'object' || depth > 20) return false;
    const s = schema as JsonSchemaObject;
    if (s[this.hiddenKeyword(direction)] === true) return true;
    if (typeof s.$ref === 'string' && s.$ref.startsWith(DEF_PREFIX)) {
      if (this.isHidden(this.defs[s.$ref.slice(DEF_PREFIX.length)], direction, depth + 1)) return true;
    }
    return Array.isArray(s.allOf) && s.allOf.some((part) => this.isHidden(part, direction, depth + 1));
  }

  /** Does this tree (refs not followed) require a hidden property? */
  private requiresHidden(schema: unknown, direction: Direction): boolean {
    let found = false;
    walk(schema, (node) => {
      if (found || !Array.isArray(node.required) || node.properties === null || typeof node.properties !== 'object') return;
      const props = node.properties as Record<string, unknown>;
      found = node.required.some((name) => typeof name === 'string' && this.isHidden(props[name], direction));
    });
    return found;
  }

  private computeNeeds(direction: Direction): Set<string> {
    const needs = new Set<string>();
    const refsOf = new Map<string, Set<string>>();
    for (const [name, schema] of Object.entries(this.defs)) {
      if (this.requiresHidden(schema, direction)) needs.add(name);
      refsOf.set(name, collectRefs(schema));
    }
    // Fixpoint: a definition that references a needing one needs a variant too.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, refs] of refsOf) {
        if (needs.has(name)) continue;
        for (const ref of refs) {
          if (needs.has(ref)) {
            needs.add(name);
            changed = true;
            break;
          }
        }
      }
    }
    return needs;
  }

  private touches(schema: JsonSchema, direction: Direction): boolean {
    if (this.requiresHidden(schema, direction)) return true;
    for (const ref of collectRefs(schema)) if (this.needs[direction].has(ref)) return true;
    return false;
  }

  private rewrite(schema: JsonSchema, direction: Direction, depth: number): JsonSchema {
    if (typeof schema !== 'object' || schema === null || depth > 200) return schema;
    if (Array.isArray(schema)) {
      // SAFETY: arrays only occur here as lists of subschemas (allOf, prefixItems, …).
      return schema.map((item) => this.rewrite(item as JsonSchema, direction, depth + 1)) as unknown as JsonSchema;
    }
    const out: JsonSchemaObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEF_PREFIX)) {
        const name = value.slice(DEF_PREFIX.length);
        out.$ref = this.needs[direction].has(name) ? DEF_PREFIX + variantName(name, direction) : value;
      } else if (isDataKeyword(key) || value === null || typeof value !== 'object') {
        out[key] = value;
      } else {
        // SAFETY: a non-data object value inside a schema is a subschema or a map/list of them.
        out[key] = this.rewrite(value as JsonSchema, direction, depth + 1);
      }
    }
    if (Array.isArray(out.required) && out.properties !== null && typeof out.properties === 'object') {
      const props = schema.properties as Record<string, unknown>;
      out.required = out.required.filter((name) => !(typeof name === 'string' && this.isHidden(props[name], direction)));
    }
    return out;
  }
}

function isDataKeyword(key: string): boolean {
  return key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const' || key.startsWith('x-');
}

/** Visits every schema object of a tree without following refs or entering data. */
function walk(schema: unknown, visit: (node: JsonSchemaObject) => void, depth = 0): void {
  if (schema === null || typeof schema !== 'object' || depth > 200) return;
  if (Array.isArray(schema)) {
    for (const item of schema) walk(item, visit, depth + 1);
    return;
  }
  const node = schema as JsonSchemaObject;
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (!isDataKeyword(key) && value !== null && typeof value === 'object') walk(value, visit, depth + 1);
  }
}

function collectRefs(schema: unknown): Set<string> {
  const refs = new Set<string>();
  walk(schema, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith(DEF_PREFIX)) refs.add(node.$ref.slice(DEF_PREFIX.length));
  });
  return refs;
}
