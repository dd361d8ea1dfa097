/**
 * Named examples of a media type, in the order OpenAPI gives them (`examples` map first, then a
 * lone `example`, then the schema's own `example`), each checked against the schema at compile time.
 */
import { derefNode } from '../spec';
import { compileValidator } from '../json-schema';
import type { JsonSchema, PlanExample, PlanWarning } from './types';

export type ExampleValidator = (value: unknown) => boolean;

/** Validators built over the plan's defs, cached per schema object. */
export function createExampleChecker(defs: Record<string, JsonSchema>): (schema: JsonSchema | undefined) => ExampleValidator {
  const cache = new WeakMap<object, ExampleValidator>();
  return (schema) => {
    if (schema === undefined || typeof schema === 'boolean') return () => schema !== false;
    let validator = cache.get(schema);
    if (!validator) {
      const compiled = compileValidator(schema, defs, 'example');
      validator = (value) => compiled(value).length === 0;
      cache.set(schema, validator);
    }
    return validator;
  };
}

export function collectExamples(
  document: unknown,
  media: Record<string, unknown>,
  schema: JsonSchema | undefined,
  isValid: ExampleValidator,
  pointer: string,
  warnings: PlanWarning[],
): PlanExample[] {
  const out: PlanExample[] = [];
  const examples = media.examples;
  if (examples !== null && typeof examples === 'object' && !Array.isArray(examples)) {
    for (const [name, raw] of Object.entries(examples)) {
      const example = derefNode(document, raw).value as Record<string, unknown> | undefined;
      if (example === null || typeof example !== 'object') continue;
      if (!('value' in example)) {
        if (typeof example.externalValue === 'string') {
          warnings.push({ location: `${pointer}/examples/${name}`, code: 'external-example', message: `Example "${name}" uses externalValue, which the mock does not fetch; it is skipped.` });
        }
        continue;
      }
      out.push(checked(name, example.value, typeof example.summary === 'string' ? example.summary : undefined));
    }
  }
  if ('example' in media) out.push(checked('example', media.example));
  return out;

  function checked(name: string, value: unknown, summary?: string): PlanExample {
    const valid = schema === undefined ? true : isValid(value);
    if (!valid) {
      warnings.push({
        location: `${pointer}/${name === 'example' ? 'example' : `examples/${name}`}`,
        code: 'invalid-example',
        message: `Example "${name}" does not validate against its schema; synthesised data is served instead unless it is asked for by name.`,
      });
    }
    return summary === undefined ? { name, value, valid } : { name, value, valid, summary };
  }
}
