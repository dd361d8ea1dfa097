/**
 * JSON Schema (2020-12) validation that reports every violation with its location, built on
 * @cfworker/json-schema because it validates by interpretation: Workers forbid `eval`, which
 * code-generating validators need. Validators are compiled when a plan loads and run per request.
 */
import { validate } from '@cfworker/json-schema';
import type { JsonSchema } from './types';
import type { ProblemItem } from '../problem';
import { withPatternBudget } from './patterns';
import { prepareRoot } from './prepare';
import { reportErrors } from './report';

/** Checks a value; `[]` when it is valid. */
export type SchemaValidator = (value: unknown) => ProblemItem[];

/**
 * Builds once (at plan load), runs per request. `location` prefixes each item: `'body'` gives
 * `body/name`, `'query/limit'` gives `query/limit` (and `query/limit/0` inside an array).
 * `defs` are the plan's shared definitions, which `$ref: '#/$defs/X'` points into.
 *
 * Formats cfworker knows are checked (date, time, date-time, duration, email, hostname, ipv4,
 * ipv6, uri, uri-reference, uri-template, url, uuid, regex, json-pointer, relative-json-pointer);
 * any other format (int32, binary, custom ones) is an annotation and never an error.
 * @example
 * const check = compileValidator({ type: 'integer', maximum: 100 }, plan.schemas, 'query/limit');
 * check(500) // [{ location: 'query/limit', code: 'maximum', message: 'must be at most 100' }]
 */
export type { JsonSchema, JsonSchemaObject } from './types';

export interface ValidatorOptions {
  /**
   * Also accept a value that OpenAPI's discriminator reading accepts: a discriminated
   * `oneOf`/`anyOf` whose property names a branch the value validates against, even when the
   * value matches other branches too. For requests: a client need not know that branches overlap.
   * Problems are still those of the plain reading.
   */
  discriminators?: boolean;
}

export function compileValidator(schema: JsonSchema, defs: Record<string, JsonSchema>, location: string, options: ValidatorOptions = {}): SchemaValidator {
  if (schema === true) return () => [];
  if (schema === false) return () => [{ location, code: 'false', message: 'is not allowed' }];
  let prepared: ReturnType<typeof prepareRoot>;
  try {
    prepared = prepareRoot(schema, defs);
  } catch (error) {
    // A schema cfworker cannot index (say, two `$id`s clashing) fails each value rather than the plan load.
    const problem: ProblemItem = { location, code: 'schema', message: `cannot be checked: ${firstLine(error)}` };
    return () => [{ ...problem }];
  }
  const { root, lookup } = prepared;
  // Built on the first failure, and only when the schema has a discriminator to read.
  let selecting: ReturnType<typeof prepareRoot> | null | undefined = options.discriminators && hasDiscriminator(schema, defs) ? undefined : null;
  const acceptedBySelection = (value: unknown): boolean => {
    if (selecting === null) return false;
    selecting ??= prepareRoot(schema, defs, 'discriminator');
    const { root: r, lookup: l } = selecting;
    return withPatternBudget(() => validate(value, r, '2020-12', l, true)).valid;
  };
  return (value) => {
    if (value === undefined) return [{ location, code: 'required', message: 'is required' }];
    try {
      const result = withPatternBudget(() => validate(value, root, '2020-12', lookup, false));
      if (result.valid || acceptedBySelection(value)) return [];
      return reportErrors(result.errors, { root, lookup, value, location });
    } catch (error) {
      // cfworker throws on an unresolvable `$ref` and on non-JSON values (undefined inside an object, bigint).
      return [{ location, code: 'schema', message: `cannot be checked: ${firstLine(error)}` }];
    }
  };
}

/** Whether a discriminator appears in the schema or the definitions (checked once, at compile time). */
function hasDiscriminator(schema: JsonSchema, defs: Record<string, JsonSchema>): boolean {
  const text = (value: unknown) => JSON.stringify(value) ?? '';
  return text(schema).includes('"discriminator"') || discriminatorInDefs(defs, text);
}

const defsWithDiscriminator = new WeakMap<object, boolean>();
function discriminatorInDefs(defs: Record<string, JsonSchema>, text: (value: unknown) => string): boolean {
  let known = defsWithDiscriminator.get(defs);
  if (known === undefined) {
    known = text(defs).includes('"discriminator"');
    defsWithDiscriminator.set(defs, known);
  }
  return known;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
