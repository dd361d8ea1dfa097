/**
 * Test support for the synthesiser's suites: the independent check that a value validates, built
 * exactly as a consumer would build it (a fresh cfworker `Validator`, draft 2020-12, definitions
 * under `$defs`). Not exported from the module's index.
 */
import { type Schema, Validator } from '@cfworker/json-schema';
import type { JsonSchema } from '../json-schema/types';

export interface Verdict {
  valid: boolean;
  errors: string[];
}

export function validatorFor(schema: JsonSchema, defs: Record<string, JsonSchema> = {}): (value: unknown) => Verdict {
  const root = typeof schema === 'boolean' ? { allOf: [schema] } : { ...schema };
  // SAFETY: a JSON Schema object with definitions attached is what the validator's `Schema` describes.
  const validator = new Validator({ ...root, $defs: { ...defs } } as Schema, '2020-12', false);
  return (value) => {
    const result = validator.validate(value);
    return { valid: result.valid, errors: result.errors.map((e) => `${e.instanceLocation} ${e.keyword}: ${e.error}`) };
  };
}
