/**
 * Turns cfworker's flat error list (every keyword on every path, wrappers included) into what a
 * client can act on: one item per failing instance location, worded from the schema.
 *
 * cfworker lists a wrapper error (`properties`, `$ref`, `allOf`, ...) before the errors of its
 * subschemas; wrappers are dropped. For `anyOf`/`oneOf` the errors of every branch are listed;
 * they are replaced by one message, unless one branch is clearly the intended one (picked by the
 * discriminator, or the only branch whose type fits), whose errors are then reported instead.
 */
import { encodePointer, type OutputUnit, type Schema } from '@cfworker/json-schema';
import type { ProblemItem } from '../problem';
import { keywordMessage, missingProperty, typeMessage } from './messages';
import { patternOfFormat } from './patterns';
import type { CfSchema, SchemaLookup } from './prepare';

/** Wrapper keywords: their failure is always explained by the errors listed after them. */
const WRAPPERS = new Set([
  '$ref', '$recursiveRef', 'allOf', 'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties',
  'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'dependentSchemas', 'if', 'propertyNames',
]);
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
const LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

interface Entry {
  instance: string;
  keyword: string;
  keywordLocation: string;
  error: string;
  /** For a `false` schema: the keyword that held it (cfworker gives it no location of its own). */
  heldBy?: string;
}

interface Context {
  root: CfSchema;
  lookup: SchemaLookup;
  value: unknown;
  location: string;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** cfworker's `#/a/b` (URI-encoded JSON pointer) → the plain JSON pointer `/a/b`. */
function pointerOf(instanceLocation: string): string {
  return decode(instanceLocation.slice(1));
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema object holding the last keyword of `keywordLocation`, following `$ref`s on the way. */
function schemaAt(context: Context, keywordLocation: string): { schema: Schema | undefined; inside: Set<string> } {
  const inside = new Set<string>();
  const segments = keywordLocation.split('/').slice(1).map((s) => unescapeToken(decode(s)));
  segments.pop();
  let node: unknown = context.root;
  for (let i = 0; i < segments.length && isSchema(node); i++) {
    const segment = segments[i];
    inside.add(segment);
    if (segment === '$ref') {
      const target = node.__absolute_ref__ ?? node.$ref;
      node = typeof target === 'string' ? context.lookup[target] : undefined;
    } else if (MAP_KEYWORDS.has(segment)) {
      const map: unknown = node[segment];
      node = isSchema(map) ? map[segments[++i]] : undefined;
    } else if (LIST_KEYWORDS.has(segment) || (segment === 'items' && Array.isArray(node.items))) {
      const list: unknown = node[segment];
      node = Array.isArray(list) ? list[Number(segments[++i])] : undefined;
    } else {
      node = node[segment];
    }
  }
  return { schema: isSchema(node) ? node : undefined, inside };
}

/** The value at a JSON pointer, for reading a discriminator. */
function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    // SAFETY: any non-null object (arrays included, by index string) can be read by property name.
    node = (node as Record<string, unknown>)[unescapeToken(token)];
  }
  return node;
}

/** Gives each `false`-schema error the keyword that held it; cfworker reports such errors without one. */
function normalize(errors: OutputUnit[]): Entry[] {
  return errors.map((error, i) => {
    const entry: Entry = { instance: error.instanceLocation, keyword: error.keyword, keywordLocation: error.keywordLocation, error: error.error };
    if (error.keyword === 'false' && i > 0) {
      const previous = errors[i - 1];
      entry.heldBy = previous.keyword;
      // A pseudo location under the holder, so suppression of an abandoned branch covers it too.
      entry.keywordLocation = `${previous.keywordLocation}/false`;
    }
    return entry;
  });
}

/** Errors of an abandoned composite branch: under `prefix` in the schema, at or below `instance` in the value. */
interface Suppression {
  prefix: string;
  instance: string;
  except?: string;
}

/** Whether cfworker instance location `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

/**
 * Reduces cfworker's errors for `value` to problem items located under `context.location`
 * (`body` + `/items/0/name` → `body/items/0/name`).
 */
export function reportErrors(errors: OutputUnit[], context: Context): ProblemItem[] {
  const entries = normalize(errors);
  const suppressed: Suppression[] = [];
  // Keyword locations repeat across array items (`#/items/oneOf` for every item), so a suppression
  // also names the instance it was decided for.
  const isSuppressed = (entry: Entry): boolean =>
    suppressed.some(
      (s) =>
        entry.keywordLocation.startsWith(s.prefix) &&
        within(entry.instance, s.instance) &&
        (s.except === undefined || !entry.keywordLocation.startsWith(s.except)),
    );
  const byLocation = new Map<string, ProblemItem>();
  const add = (pointer: string, code: string, message: string): void => {
    const location = context.location + pointer;
    const existing = byLocation.get(location);
    if (!existing) byLocation.set(location, { location, code, message });
    else if (!existing.message.split('; ').includes(message)) existing.message += `; ${message}`;
  };

  entries.forEach((entry, index) => {
    if (isSuppressed(entry)) return;
    const pointer = pointerOf(entry.instance);
    if (entry.keyword === 'anyOf' || entry.keyword === 'oneOf') {
      const prefix = `${entry.keywordLocation}/`;
      const verdict = judgeComposite(entry, entries.slice(index + 1), context);
      if (verdict.branch !== undefined) {
        suppressed.push({ prefix, instance: entry.instance, except: `${prefix}${verdict.branch}/` });
      } else {
        suppressed.push({ prefix, instance: entry.instance });
        add(pointer, verdict.code, verdict.message);
      }
      return;
    }
    if (WRAPPERS.has(entry.keyword) || (entry.keyword === 'dependencies' && entry.error.endsWith('dependant schema.'))) return;
    if (entry.keyword === 'false') {
      const code = entry.heldBy === 'additionalProperties' || entry.heldBy === 'unevaluatedProperties' ? entry.heldBy : 'false';
      add(pointer, code, 'is not allowed');
      return;
    }
    if (entry.keyword === 'required' || entry.keyword === 'dependentRequired' || entry.keyword === 'dependencies') {
      const name = missingProperty(entry.error);
      if (name !== undefined) {
        const present = entry.keyword === 'required' ? undefined : entry.error.slice(entry.error.indexOf('"') + 1, entry.error.indexOf('" but'));
        add(`${pointer}/${escapeToken(name)}`, entry.keyword, present ? `is required when ${present} is present` : 'is required');
        return;
      }
    }
    const { schema, inside } = schemaAt(context, entry.keywordLocation);
    // Items that fail `contains` are expected; only the `contains` verdict itself matters.
    if (inside.has('contains')) return;
    const pattern = entry.keyword === 'format' ? patternOfFormat(schema?.format) : undefined;
    const keyword = pattern === undefined ? entry.keyword : 'pattern';
    const message = keywordMessage(keyword, pattern === undefined ? schema : { pattern }, entry.error);
    add(pointer, keyword, inside.has('propertyNames') ? `name ${message}` : message);
  });
  return [...byLocation.values()];
}

interface Verdict {
  branch?: number;
  code: string;
  message: string;
}

/** Decides whether an `anyOf`/`oneOf` failure is best explained by one branch, or by itself. */
function judgeComposite(entry: Entry, rest: Entry[], context: Context): Verdict {
  const prefix = `${entry.keywordLocation}/`;
  const { schema } = schemaAt(context, entry.keywordLocation);
  const branches: unknown[] = schema && Array.isArray(schema[entry.keyword]) ? schema[entry.keyword] : [];
  const failures = new Map<number, Entry[]>();
  for (const e of rest) {
    if (!e.keywordLocation.startsWith(prefix) || !within(e.instance, entry.instance)) continue;
    const branch = Number(e.keywordLocation.slice(prefix.length).split('/')[0]);
    if (!Number.isInteger(branch)) continue;
    const list = failures.get(branch) ?? [];
    list.push(e);
    failures.set(branch, list);
  }
  const matched = branches.length - failures.size;
  const noun = entry.keyword === 'oneOf' ? 'exactly one' : 'at least one';
  if (matched > 0) return { code: entry.keyword, message: `must match exactly one schema in oneOf, but matched ${matched}` };

  const chosen = discriminatedBranch(schema, branches, entry, context);
  if (chosen !== undefined && failures.has(chosen)) return { branch: chosen, code: entry.keyword, message: '' };

  // A branch whose type does not even fit the value is not the one the client meant.
  const typeMismatch = (errors: Entry[]): Entry | undefined => errors.find((e) => e.keyword === 'type' && e.instance === entry.instance);
  const discriminator = schema?.discriminator?.propertyName;
  const offDiscriminator = (errors: Entry[]): boolean =>
    typeof discriminator === 'string' && errors.some((e) => e.instance === `${entry.instance}/${encodePointer(discriminator)}`);
  const plausible = [...failures.entries()].filter(([, errors]) => !typeMismatch(errors) && !offDiscriminator(errors));
  if (plausible.length === 1) return { branch: plausible[0][0], code: entry.keyword, message: '' };

  const mismatches = [...failures.values()].map(typeMismatch);
  if (mismatches.length > 0 && mismatches.every((e) => e !== undefined)) {
    const types = new Set<unknown>();
    for (const e of mismatches) {
      const type = e && schemaAt(context, e.keywordLocation).schema?.type;
      for (const t of Array.isArray(type) ? type : [type]) if (t !== undefined) types.add(t);
    }
    if (types.size > 0) return { code: 'type', message: typeMessage([...types]) };
  }
  return { code: entry.keyword, message: `must match ${noun} schema in ${entry.keyword}` };
}

/** The branch an OpenAPI discriminator names, by `mapping` or by a `$ref` ending in the value. */
function discriminatedBranch(schema: Schema | undefined, branches: unknown[], entry: Entry, context: Context): number | undefined {
  const discriminator: unknown = schema?.discriminator;
  if (!isSchema(discriminator) || typeof discriminator.propertyName !== 'string') return undefined;
  const value = valueAt(context.value, `${pointerOf(entry.instance)}/${escapeToken(discriminator.propertyName)}`);
  if (typeof value !== 'string') return undefined;
  const mapped: unknown = isSchema(discriminator.mapping) ? discriminator.mapping[value] : undefined;
  // Compare by the last segment: the plan rewrites `$ref`s to `#/$defs/X`, but a mapping may still
  // say `#/components/schemas/X`, or just `X`.
  const wanted = lastSegment(typeof mapped === 'string' ? mapped : value);
  const index = branches.findIndex((branch) => isSchema(branch) && typeof branch.$ref === 'string' && lastSegment(branch.$ref) === wanted);
  return index === -1 ? undefined : index;
}

/** A definition's name from a reference, without the plan's direction suffix (`Pickup@request` → `Pickup`). */
function lastSegment(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1).replace(/@(?:request|response)$/, '');
}
