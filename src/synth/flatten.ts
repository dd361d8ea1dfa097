/**
 * Flattening: every schema that applies to one instance location (a `$ref` and its siblings, the
 * members of `allOf`, a chosen `oneOf` branch…) is folded into one `Flat`. Scalar constraints are
 * intersected (the tighter bound wins); subschemas are collected as lists that hold together, so a
 * child is itself generated from a list. `oneOf`/`anyOf`/`if` are left as decisions for the
 * generator, and `not` as checks.
 */
import type { JsonSchema, JsonSchemaObject } from '../json-schema/types';
import { refName, resolveRef } from './refs';
import type { Discriminator, Flat, TypeName } from './types';

const TYPE_NAMES: ReadonlySet<string> = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? Math.floor(value) : undefined;
}

function tighter(current: number | undefined, next: number | undefined, pick: (a: number, b: number) => number) {
  if (next === undefined) return current;
  return current === undefined ? next : pick(current, next);
}

function typesOf(schema: JsonSchemaObject): TypeName[] | undefined {
  const raw = schema.type;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (list === undefined) return undefined;
  // SAFETY: filtered to the seven JSON Schema type names.
  return list.filter((t): t is TypeName => typeof t === 'string' && TYPE_NAMES.has(t));
}

/** `integer` is a subset of `number`, so their intersection is `integer`. */
export function intersectTypes(a: readonly TypeName[], b: readonly TypeName[]): TypeName[] {
  const out: TypeName[] = [];
  for (const t of a) {
    let kept: TypeName | undefined;
    if (b.includes(t)) kept = t;
    else if (t === 'number' && b.includes('integer')) kept = 'integer';
    else if (t === 'integer' && b.includes('number')) kept = 'integer';
    if (kept !== undefined && !out.includes(kept)) out.push(kept);
  }
  return out;
}

function discriminatorOf(schema: JsonSchemaObject): Discriminator | undefined {
  const raw = schema.discriminator;
  if (!isSchemaObject(raw) || typeof raw.propertyName !== 'string') return undefined;
  const mapping: Array<[string, string]> = [];
  if (isSchemaObject(raw.mapping)) {
    for (const [value, target] of Object.entries(raw.mapping)) {
      const name = typeof target === 'string' ? refName(target) : undefined;
      if (name !== undefined) mapping.push([value, name]);
    }
  }
  return { propertyName: raw.propertyName, mapping };
}

export function emptyFlat(): Flat {
  return {
    unsatisfiable: false,
    types: undefined,
    nullable: false,
    consts: [],
    enums: [],
    examples: [],
    defaults: [],
    readOnly: false,
    writeOnly: false,
    minLength: undefined,
    maxLength: undefined,
    patterns: [],
    formats: [],
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: [],
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    itemParts: [],
    contains: [],
    properties: new Map(),
    required: new Set(),
    patternProperties: [],
    closures: [],
    unevaluated: [],
    propertyNames: [],
    minProperties: undefined,
    maxProperties: undefined,
    dependentRequired: new Map(),
    mapLike: false,
    discriminators: [],
    choices: [],
    nots: [],
    conditionals: [],
    refs: [],
  };
}

function addScalars(flat: Flat, s: JsonSchemaObject): void {
  const types = typesOf(s);
  if (types !== undefined) flat.types = flat.types === undefined ? types : intersectTypes(flat.types, types);
  if (s.nullable === true) flat.nullable = true;
  if (s.const !== undefined) flat.consts.push(s.const);
  if (Array.isArray(s.enum)) flat.enums.push(s.enum);
  if (s.example !== undefined) flat.examples.push(s.example);
  if (Array.isArray(s.examples)) flat.examples.push(...s.examples);
  if (s.default !== undefined) flat.defaults.push(s.default);
  if (s.readOnly === true) flat.readOnly = true;
  if (s.writeOnly === true) flat.writeOnly = true;

  flat.minLength = tighter(flat.minLength, count(s.minLength), Math.max);
  flat.maxLength = tighter(flat.maxLength, count(s.maxLength), Math.min);
  if (typeof s.pattern === 'string') flat.patterns.push(s.pattern);
  if (typeof s.format === 'string') flat.formats.push(s.format);

  flat.minimum = tighter(flat.minimum, finite(s.minimum), Math.max);
  flat.maximum = tighter(flat.maximum, finite(s.maximum), Math.min);
  flat.exclusiveMinimum = tighter(flat.exclusiveMinimum, finite(s.exclusiveMinimum), Math.max);
  flat.exclusiveMaximum = tighter(flat.exclusiveMaximum, finite(s.exclusiveMaximum), Math.min);
  const step = finite(s.multipleOf);
  if (step !== undefined && step > 0) flat.multipleOf.push(step);

  flat.minItems = tighter(flat.minItems, count(s.minItems), Math.max);
  flat.maxItems = tighter(flat.maxItems, count(s.maxItems), Math.min);
  if (s.uniqueItems === true) flat.uniqueItems = true;
  flat.minProperties = tighter(flat.minProperties, count(s.minProperties), Math.max);
  flat.maxProperties = tighter(flat.maxProperties, count(s.maxProperties), Math.min);
}

function addArrayRules(flat: Flat, s: JsonSchemaObject): void {
  // Draft 2019 tuples (`items: [..]` + `additionalItems`) read as 2020-12 `prefixItems` + `items`.
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  if (prefix.length > 0 || rest !== undefined) {
    // SAFETY: JSON Schema requires these to be schemas; a malformed entry only loosens generation.
    flat.itemParts.push({ prefix: prefix as JsonSchema[], rest: rest as JsonSchema | undefined });
  }
  if (s.contains !== undefined) {
    const min = count(s.minContains) ?? 1;
    // SAFETY: `contains` holds a schema by the JSON Schema grammar.
    flat.contains.push({ schema: s.contains as JsonSchema, min, max: count(s.maxContains) });
  }
}

function addObjectRules(flat: Flat, s: JsonSchemaObject): void {
  const properties = isSchemaObject(s.properties) ? s.properties : undefined;
  if (properties !== undefined) {
    for (const [key, sub] of Object.entries(properties)) {
      const list = flat.properties.get(key);
      // SAFETY: property values are schemas by the JSON Schema grammar.
      if (list === undefined) flat.properties.set(key, [sub as JsonSchema]);
      else list.push(sub as JsonSchema);
    }
  }
  if (Array.isArray(s.required)) for (const key of s.required) if (typeof key === 'string') flat.required.add(key);
  const patterns = isSchemaObject(s.patternProperties) ? s.patternProperties : undefined;
  if (patterns !== undefined) {
    // SAFETY: pattern property values are schemas by the JSON Schema grammar.
    for (const [pattern, sub] of Object.entries(patterns)) flat.patternProperties.push([pattern, sub as JsonSchema]);
    flat.mapLike = true;
  }
  const additional = s.additionalProperties;
  if (additional === false || isSchemaObject(additional)) {
    flat.closures.push({ declared: properties ?? {}, patterns: Object.keys(patterns ?? {}), additional });
    if (isSchemaObject(additional)) flat.mapLike = true;
  }
  if (s.unevaluatedProperties === false || isSchemaObject(s.unevaluatedProperties)) {
    flat.unevaluated.push(s.unevaluatedProperties);
  }
  // SAFETY: `propertyNames` holds a schema by the JSON Schema grammar.
  if (s.propertyNames !== undefined) flat.propertyNames.push(s.propertyNames as JsonSchema);
  if (isSchemaObject(s.dependentRequired)) {
    for (const [key, names] of Object.entries(s.dependentRequired)) {
      if (!Array.isArray(names)) continue;
      const list = flat.dependentRequired.get(key) ?? [];
      for (const name of names) if (typeof name === 'string') list.push(name);
      flat.dependentRequired.set(key, list);
    }
  }
}

/**
 * `dependentSchemas: { k: S }` means "if k is present, S applies": the same decision as
 * `if: { required: [k] }, then: S`, so it becomes one. `false` forbids the key outright.
 */
function addDependentSchemas(flat: Flat, s: JsonSchemaObject, resolved: ReadonlySet<object>): void {
  if (!isSchemaObject(s.dependentSchemas)) return;
  for (const [key, sub] of Object.entries(s.dependentSchemas)) {
    if (sub === false) flat.nots.push({ required: [key] });
    else if (isSchemaObject(sub) && !resolved.has(sub)) {
      flat.conditionals.push({ key: sub, condition: { required: [key] }, whenTrue: sub, whenFalse: undefined });
    }
  }
}

/**
 * Folds a list of schemas into one `Flat`.
 * @param resolved choice arrays and `if` holders already decided for this node; they are skipped.
 */
export function flatten(
  list: readonly JsonSchema[],
  defs: Readonly<Record<string, JsonSchema>>,
  resolved: ReadonlySet<object>,
): Flat {
  const flat = emptyFlat();
  // Intersection is idempotent, so a schema met twice (a cycle through allOf or $ref) adds nothing.
  const seen = new Set<object>();

  const add = (schema: JsonSchema): void => {
    if (schema === false) {
      flat.unsatisfiable = true;
      return;
    }
    if (!isSchemaObject(schema) || seen.has(schema)) return;
    seen.add(schema);

    // The schema's own keywords come before its $ref target's, so a sibling `example` wins.
    addScalars(flat, schema);
    addArrayRules(flat, schema);
    addObjectRules(flat, schema);
    addDependentSchemas(flat, schema, resolved);
    const discriminator = discriminatorOf(schema);
    if (discriminator !== undefined) flat.discriminators.push(discriminator);
    for (const kind of ['oneOf', 'anyOf'] as const) {
      const branches = schema[kind];
      if (Array.isArray(branches) && branches.length > 0 && !resolved.has(branches)) {
        // SAFETY: composition keywords hold arrays of schemas by the JSON Schema grammar.
        flat.choices.push({ kind, branches: branches as JsonSchema[], key: branches, discriminator });
      }
    }
    // SAFETY: `not` holds a schema by the JSON Schema grammar.
    if (schema.not !== undefined) flat.nots.push(schema.not as JsonSchema);
    if (schema.if !== undefined && !resolved.has(schema)) {
      flat.conditionals.push({
        key: schema,
        // SAFETY: `if`/`then`/`else` hold schemas by the JSON Schema grammar.
        condition: schema.if as JsonSchema,
        whenTrue: schema.then as JsonSchema | undefined,
        whenFalse: schema.else as JsonSchema | undefined,
      });
    }

    if (typeof schema.$ref === 'string') {
      const target = resolveRef(schema.$ref, defs);
      if (target !== undefined) {
        flat.refs.push(target.name);
        add(target.schema);
      }
    }
    // SAFETY: `allOf` holds an array of schemas by the JSON Schema grammar.
    if (Array.isArray(schema.allOf)) for (const member of schema.allOf) add(member as JsonSchema);
  };

  for (const schema of list) add(schema);
  // A discriminator declared beside the properties applies to a choice declared in another source.
  for (const choice of flat.choices) choice.discriminator ??= flat.discriminators[0];
  return flat;
}
