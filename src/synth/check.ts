/**
 * Validation inside synthesis: examples, enum members and `oneOf` exclusivity are checked with the
 * same validator the mock uses (`@cfworker/json-schema`, no eval).
 *
 * The validator resolves `$ref` through a lookup that `dereference` builds by walking a schema and
 * tagging its objects. Walking every definition for each small subschema would cost more than the
 * synthesis itself, so the definitions are walked once per `defs` object and each subschema is
 * walked once, on top of that shared lookup. Both walks run over private copies: the validator
 * writes hidden properties into what it walks, and the caller's plan may be frozen or shared.
 * The copies keep validation keywords only: annotations such as `example` are walked as if they
 * were schemas, and example data carrying `$id` would otherwise derail the lookup.
 */
import { dereference, initialBaseURI, type Schema, validate } from '@cfworker/json-schema';
import type { JsonSchema } from '../json-schema/types';

type Lookup = Record<string, Schema | boolean>;

interface Entry {
  copy: Schema | boolean;
  lookup: Lookup;
}

export interface Checker {
  /** Whether `value` validates against `schema` (definitions resolved). Never throws. */
  valid(schema: JsonSchema, value: unknown): boolean;
  /** Whether `value` validates against every schema of the list. */
  validAll(list: readonly JsonSchema[], value: unknown): boolean;
}

const NO_DEFS: Readonly<Record<string, JsonSchema>> = Object.freeze({});

/** Checkers keyed by the `defs` object they resolve against; each holds its own copies. */
const checkers = new WeakMap<object, Checker>();

/** Keywords whose value is one schema, a list of schemas, or a map of schemas. */
const ONE = new Set(['items', 'additionalItems', 'contains', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
const MAP = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);
/** Keywords that only hold data; copied as they are. */
const DATA = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'uniqueItems',
  'minContains',
  'maxContains',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'dependencies',
]);

interface Copying {
  entries: WeakMap<object, Entry>;
  lookup: Lookup;
  /** Objects on the current path: a cyclic object graph is cut rather than followed forever. */
  active: Set<object>;
}

function copyData(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value));
}

/** A copy of a schema with validation keywords only, recording which copy belongs to which original. */
function copySchema(value: unknown, copying: Copying): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return typeof value === 'boolean' ? value : {};
  if (copying.active.has(value)) return {};
  copying.active.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (LIST.has(key) && Array.isArray(item)) out[key] = item.map((sub) => copySchema(sub, copying));
    else if (ONE.has(key)) out[key] = copySchema(item, copying);
    else if (MAP.has(key) && item !== null && typeof item === 'object') {
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(item)) map[name] = copySchema(sub, copying);
      out[key] = map;
    } else if (DATA.has(key)) out[key] = copyData(item);
  }
  copying.active.delete(value);
  // SAFETY: an object made of schema keywords is a schema object.
  copying.entries.set(value, { copy: out as Schema, lookup: copying.lookup });
  return out;
}

function createChecker(defs: Readonly<Record<string, JsonSchema>>): Checker {
  const entries = new WeakMap<object, Entry>();
  const base: Lookup = Object.create(null);
  const root = copySchema({ $defs: defs }, { entries, lookup: base, active: new Set() });
  try {
    // SAFETY: copySchema returns a schema object for an object input.
    dereference(root as Schema, base);
  } catch {
    // A malformed definition leaves the lookup partial; checks that need it report invalid.
  }
  const rootUri = initialBaseURI.href;

  const entryOf = (schema: object): Entry => {
    const known = entries.get(schema);
    if (known !== undefined) return known;
    // A subschema outside the definitions gets its own lookup layered on the shared one; the root
    // slot is shadowed so `dereference` can register the subschema as a new document root.
    const lookup: Lookup = Object.create(base);
    // SAFETY: the lookup is a plain dictionary; `undefined` marks the inherited root as free.
    (lookup as Record<string, unknown>)[rootUri] = undefined;
    const copy = copySchema(schema, { entries, lookup, active: new Set() });
    // SAFETY: copy of a schema object (see copySchema).
    const schemaCopy = copy as Schema;
    dereference(schemaCopy, lookup);
    const entry = { copy: schemaCopy, lookup };
    entries.set(schema, entry);
    return entry;
  };

  const valid = (schema: JsonSchema, value: unknown): boolean => {
    if (schema === true) return true;
    if (schema === false) return false;
    if (value === undefined) return false;
    try {
      const entry = entryOf(schema);
      return validate(value, entry.copy, '2020-12', entry.lookup, true).valid;
    } catch {
      // An unresolvable $ref or a pattern the engine rejects: the value cannot be vouched for.
      return false;
    }
  };

  return {
    valid,
    validAll: (list, value) => list.every((schema) => valid(schema, value)),
  };
}

export function checkerFor(defs: Readonly<Record<string, JsonSchema>> | undefined): Checker {
  const key = defs ?? NO_DEFS;
  let checker = checkers.get(key);
  if (checker === undefined) {
    checker = createChecker(key);
    checkers.set(key, checker);
  }
  return checker;
}
