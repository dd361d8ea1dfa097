/**
 * Validation inside synthesis: examples, enum members and `oneOf` exclusivity are checked with the
 * same validator the mock uses (`@cfworker/json-schema`, no eval).
 *
 * The validator resolves `$ref` through a lookup that `dereference` builds by walking a schema and
 * tagging its objects. Walking every definition for each small subschema would cost more than the
 * synthesis itself, so the definitions are walked once per `defs` object and each subschema is
 * walked once, on top of that shared lookup. Both walks run over private copies: the validator
 * writes hidden properties into what it walks, and the caller's plan may be frozen or shared.
 */
import { dereference, initialBaseURI, type Schema, validate } from '@cfworker/json-schema';
import type { JsonSchema } from '../plan/types';

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

/** A JSON deep copy that remembers which copy belongs to which original object. */
function copyTracked(value: unknown, entries: WeakMap<object, Entry>, lookup: Lookup, active: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  // An object graph with a cycle is not JSON; the cycle is cut rather than followed forever.
  if (active.has(value)) return {};
  active.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.map((item) => copyTracked(item, entries, lookup, active));
  } else {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = copyTracked(item, entries, lookup, active);
    // SAFETY: a plain object copy of a schema object is a schema object.
    entries.set(value, { copy: out as Schema, lookup });
    copy = out;
  }
  active.delete(value);
  return copy;
}

function createChecker(defs: Readonly<Record<string, JsonSchema>>): Checker {
  const entries = new WeakMap<object, Entry>();
  const base: Lookup = Object.create(null);
  const root = { $defs: {} };
  root.$defs = copyTracked(defs, entries, base, new Set()) ?? {};
  dereference(root, base);
  const rootUri = initialBaseURI.href;

  const entryOf = (schema: object): Entry => {
    const known = entries.get(schema);
    if (known !== undefined) return known;
    // A subschema outside the definitions gets its own lookup layered on the shared one; the root
    // slot is shadowed so `dereference` can register the subschema as a new document root.
    const lookup: Lookup = Object.create(base);
    // SAFETY: the lookup is a plain dictionary; `undefined` marks the inherited root as free.
    (lookup as Record<string, unknown>)[rootUri] = undefined;
    const copy = copyTracked(schema, entries, lookup, new Set());
    // SAFETY: copy of a schema object (see copyTracked).
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
