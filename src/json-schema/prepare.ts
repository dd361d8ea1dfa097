/**
 * Gets plan schemas ready for @cfworker/json-schema, once, when a plan is loaded.
 *
 * Two things make this step necessary. First, cfworker's `dereference` writes bookkeeping
 * properties onto every schema object it sees and walks any object-valued key as if it were a
 * schema (an OpenAPI `example: {id: 1}` then reads as a draft-4 `id`), so we hand it private
 * copies stripped of annotations. Second, a plan can hold thousands of shared definitions: they
 * are indexed once per plan (`sharedDefinitions`) and every operation's validator chains its own
 * small lookup onto that index instead of re-walking all of them.
 */
import { dereference, format as knownFormats, type Schema } from '@cfworker/json-schema';
import { selectByDiscriminator } from './discriminator';
import { patternFormat, propertyPattern } from './patterns';
import type { JsonSchema } from './types';

export type CfSchema = Schema | boolean;
/** cfworker's URI → schema index, as its `dereference` builds and its `validate` reads it. */
export type SchemaLookup = Record<string, CfSchema>;

/** Keywords whose value is one subschema. */
const SINGLE = new Set(['additionalItems', 'unevaluatedItems', 'contains', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'not', 'if', 'then', 'else']);
/** Keywords whose value is a list of subschemas (`items` may be either form). */
const LIST = new Set(['prefixItems', 'allOf', 'anyOf', 'oneOf', 'items']);
/** Keywords whose value maps names to subschemas. */
const MAP = new Set(['$defs', 'definitions', 'properties', 'patternProperties', 'dependentSchemas', 'dependencies']);
/** Data-valued keywords that cfworker reads but never walks: kept as they are. */
const DATA = new Set(['const', 'enum', 'required', 'dependentRequired', 'type']);
/** Objects kept for our own error messages; harmless to cfworker's walk. */
const KEPT_OBJECTS = new Set(['discriminator']);
/**
 * Annotations and keys cfworker would misread: `id` is a draft-4 `$id` to it, and examples hold
 * arbitrary data that its walk would treat as schemas.
 */
const DROPPED = new Set(['example', 'examples', 'default', 'title', 'description', '$comment', 'externalDocs', 'xml', 'id']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * cfworker compiles `pattern` with the `u` flag, where common OpenAPI patterns such as
 * `^[\w-]+$` are syntax errors; the usual culprit, a bare `-` after a class escape inside
 * brackets, is escaped. Anything still invalid yields `undefined` and the keyword is dropped
 * rather than failing every request.
 */
export function unicodePattern(pattern: string): string | undefined {
  if (compiles(pattern, 'u')) return pattern;
  const repaired = pattern.replace(/(\\[dDwWsS])-/g, '$1\\-');
  return compiles(pattern, '') && compiles(repaired, 'u') ? repaired : undefined;
}

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * A private copy of `schema` that cfworker can safely index and validate with. `isRoot` drops a
 * root `$id`, so every validator shares one base URI and the shared definitions resolve alike.
 */
export function prepareSchema(schema: unknown, isRoot = false, seen = new Map<object, CfSchema>()): CfSchema {
  if (typeof schema === 'boolean') return schema;
  // Anything else that is not an object is a malformed schema; treat it as "anything goes".
  if (!isRecord(schema)) return true;
  const done = seen.get(schema);
  if (done !== undefined) return done;
  const out: Schema = {};
  seen.set(schema, out);
  let patternCheck: Schema | undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-') || (isRoot && key === '$id')) continue;
    if (key === 'format') {
      // Custom formats (and OpenAPI's int32, binary, password...) are annotations only; dropping
      // them also keeps names such as `constructor` from reaching cfworker's format table.
      if (typeof value === 'string' && Object.hasOwn(knownFormats, value)) out.format = value;
    } else if (key === 'pattern') {
      const pattern = typeof value === 'string' ? unicodePattern(value) : undefined;
      const name = pattern === undefined ? undefined : patternFormat(pattern);
      if (name !== undefined) patternCheck = { format: name };
    } else if (LIST.has(key) && Array.isArray(value)) {
      out[key] = value.map((item) => prepareSchema(item, false, seen));
    } else if (SINGLE.has(key) || key === 'items') {
      out[key] = prepareSchema(value, false, seen);
    } else if (MAP.has(key) && isRecord(value)) {
      out[key] = prepareMap(key, value, seen);
    } else if (KEPT_OBJECTS.has(key)) {
      // A copy: cfworker's walk marks every object it enters, and the plan's may be frozen.
      out[key] = structuredClone(value);
    } else if (DATA.has(key) || value === null || typeof value !== 'object') {
      out[key] = value;
    }
    // Any other object-valued key is an unknown extension: cfworker would walk it as a schema, so it goes.
  }
  // Beside the schema's own format (if any): see ./patterns.
  if (patternCheck !== undefined) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), patternCheck];
  // OpenAPI's `byte` is base64 (RFC 4648); cfworker knows no such format, so it becomes a pattern (as Prism checks it).
  if (schema.format === 'byte') out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { pattern: BASE64 }];
  return out;
}

const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

function prepareMap(key: string, value: Record<string, unknown>, seen: Map<object, CfSchema>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    if (key === 'patternProperties') {
      const unicode = unicodePattern(name);
      const pattern = unicode === undefined ? undefined : propertyPattern(unicode);
      if (pattern !== undefined) defineOwn(out, pattern, prepareSchema(item, false, seen));
    } else {
      // Draft-7 `dependencies` mixes schemas with lists of property names; the lists are data.
      defineOwn(out, name, key === 'dependencies' && Array.isArray(item) ? item : prepareSchema(item, false, seen));
    }
  }
  return out;
}

/** Sets an own property even when the name is `__proto__` (a legal property or definition name). */
function defineOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A plan's definitions, prepared and indexed once, for every validator of that plan to chain onto. */
export interface SharedDefinitions {
  defs: Record<string, unknown>;
  lookup: SchemaLookup;
}

/** `discriminator`: discriminated `oneOf`/`anyOf` select their branch (see ./discriminator). */
export type PrepareMode = 'plain' | 'discriminator';

// Keyed by the plan's `schemas` record: every validator of one plan shares one index, and the
// index goes when the plan does.
const shared: Record<PrepareMode, WeakMap<object, SharedDefinitions>> = { plain: new WeakMap(), discriminator: new WeakMap() };

export function sharedDefinitions(defs: Record<string, JsonSchema>, mode: PrepareMode = 'plain'): SharedDefinitions {
  const cached = shared[mode].get(defs);
  if (cached) return cached;
  const root: Schema = { $defs: prepareMap('$defs', defs, new Map()) };
  if (mode === 'discriminator') selectByDiscriminator(root);
  const lookup: SchemaLookup = Object.create(null);
  dereference(root, lookup);
  // The synthetic root must not be found: each validator registers its own schema at the base URI.
  if (root.__absolute_uri__ !== undefined) delete lookup[root.__absolute_uri__];
  const entry = { defs: root.$defs, lookup };
  shared[mode].set(defs, entry);
  return entry;
}

/**
 * Prepares one schema and indexes it on top of the shared definitions, so `#/$defs/X` resolves
 * exactly as if the definitions were attached to its root. May throw (cfworker rejects
 * conflicting `$id`s); the caller turns that into a problem.
 */
export function prepareRoot(schema: JsonSchema, defs: Record<string, JsonSchema>, mode: PrepareMode = 'plain'): { root: CfSchema; lookup: SchemaLookup } {
  const root = prepareSchema(schema, true);
  if (mode === 'discriminator') selectByDiscriminator(root);
  const common = sharedDefinitions(defs, mode);
  if (typeof root === 'object' && isRecord(root.$defs)) {
    // A schema with definitions of its own: attach both sets to its root, its own taking precedence.
    const merged: Schema = { ...root, $defs: { ...common.defs, ...root.$defs } };
    return { root: merged, lookup: dereference(merged, Object.create(null)) };
  }
  // SAFETY: cfworker reads the lookup only as `lookup[uri]` (and lists keys in one error message),
  // so entries inherited from the shared index behave exactly like own ones.
  const lookup = Object.create(common.lookup) as SchemaLookup;
  dereference(root, lookup);
  return { root, lookup };
}
