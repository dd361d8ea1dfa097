/**
 * zod → OpenAPI 3.1 schema objects. Named schemas (components.ts) become `$ref`s into
 * components/schemas; zod's anonymous recursive definitions (z.json()) become `JsonValue`; the
 * safe-integer bounds zod adds to every integer are dropped as noise.
 */
import { z } from 'zod';
import { componentId, componentRegistry } from './components';

export type JsonSchema = Record<string, unknown>;
export type Io = 'input' | 'output';

const SAFE_MIN = Number.MIN_SAFE_INTEGER;
const SAFE_MAX = Number.MAX_SAFE_INTEGER;
const REF_PREFIX = '#/components/schemas/';

/** Collects components while routes are converted; the same id with another shape (input vs output) gets an `Output` twin. */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: Io): JsonSchema {
    const raw = z.toJSONSchema(schema, { metadata: componentRegistry, io, unrepresentable: 'any', cycles: 'ref', reused: 'inline' }) as JsonSchema;
    // SAFETY: z.toJSONSchema puts named and recursive definitions under $defs, each a schema object.
    const defs = (raw.$defs ?? {}) as Record<string, JsonSchema>;
    delete raw.$defs;
    delete raw.$schema;
    const renamed = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) renamed.set(name, this.place(name, tidy(def, null), io));
    for (const name of Object.keys(defs)) {
      const placed = renamed.get(name)!;
      this.components[placed] = tidy(this.components[placed], renamed);
    }
    const root = tidy(raw, renamed);
    const id = componentId(schema);
    // A named root comes back as a $ref to its own $def: point at the component instead.
    if (id !== undefined && root.$ref === undefined) return { $ref: REF_PREFIX + this.place(id, root, io) };
    return root;
  }

  private place(name: string, def: JsonSchema, io: Io): string {
    const base = name.startsWith('__schema') ? (isJsonValue(def) ? 'JsonValue' : `Anonymous${Object.keys(this.components).length}`) : name;
    const candidates = io === 'output' ? [base, `${base}Output`] : [base, `${base}Input`];
    for (const candidate of candidates) {
      const existing = this.components[candidate];
      if (existing === undefined) {
        this.components[candidate] = def;
        return candidate;
      }
      if (sameRefsAside(existing, def)) return candidate;
    }
    throw new Error(`The admin API contract names two different schemas ${base}.`);
  }
}

/** Rewrites $defs refs to component refs and drops zod's safe-integer bounds. */
function tidy(node: JsonSchema, renamed: Map<string, string> | null): JsonSchema {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: JsonSchema = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'minimum' && inner === SAFE_MIN) continue;
      if (key === 'maximum' && inner === SAFE_MAX) continue;
      if (renamed !== null && key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
        const name = inner.slice('#/$defs/'.length);
        out.$ref = REF_PREFIX + (renamed.get(name) ?? name);
        continue;
      }
      out[key] = walk(inner);
    }
    return out;
  };
  // SAFETY: walking a schema object gives a schema object.
  return walk(node) as JsonSchema;
}

/** z.json()'s recursive definition: any JSON value. */
function isJsonValue(def: JsonSchema): boolean {
  const types = Array.isArray(def.anyOf) ? def.anyOf.map((branch) => (branch as JsonSchema).type) : [];
  return ['string', 'number', 'boolean', 'null', 'array', 'object'].every((t) => types.includes(t));
}

/** Two definitions that differ only in where their refs point (before renaming) are the same. */
function sameRefsAside(a: JsonSchema, b: JsonSchema): boolean {
  const strip = (s: JsonSchema) => JSON.stringify(s).replace(/"\$ref":"[^"]*"/g, '"$ref":""');
  return strip(a) === strip(b);
}
