/**
 * Schemas that contradict themselves: `minimum` above `maximum` (or an empty exclusive range),
 * `minLength` above `maxLength`, `minItems` above `maxItems`, `minProperties` above
 * `maxProperties`, an empty `enum`, and `multipleOf` that is not above 0. Each one is a compile
 * warning at its own location.
 *
 * A non-positive `multipleOf` is not JSON Schema at all (the keyword must be above 0), so the plan
 * drops it and the number is checked and made without a step. The other contradictions stay in the
 * plan as written: nothing satisfies them, so the synthesiser leaves such a property out, takes
 * null or another branch where the schema offers one, and only a value the schema requires outright
 * can come out invalid (the warning says so).
 */
import { escapePointer } from '../spec';
import type { JsonSchema, JsonSchemaObject, PlanWarning } from './types';

/** Keywords holding one subschema, a list of them, or a map of them (never data). */
const ONE = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);
const LIST = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems', 'items']);
const MAP = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** What is wrong with one schema object's own keywords. */
function contradictionsOf(s: JsonSchemaObject): string[] {
  const out: string[] = [];
  const pair = (low: string, high: string, strict: boolean) => {
    const a = num(s[low]);
    const b = num(s[high]);
    if (a !== undefined && b !== undefined && (strict ? a >= b : a > b)) out.push(`${low} ${a} is above ${high} ${b}`);
  };
  pair('minimum', 'maximum', false);
  pair('exclusiveMinimum', 'exclusiveMaximum', true);
  pair('minimum', 'exclusiveMaximum', true);
  pair('exclusiveMinimum', 'maximum', true);
  pair('minLength', 'maxLength', false);
  pair('minItems', 'maxItems', false);
  pair('minProperties', 'maxProperties', false);
  if (Array.isArray(s.enum) && s.enum.length === 0) out.push('enum is empty');
  const lo = num(s.minimum);
  const hi = num(s.maximum);
  if ((s.type === 'integer' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'integer')) && lo !== undefined && hi !== undefined && lo <= hi && Math.ceil(lo) > Math.floor(hi)) {
    out.push(`no integer lies between minimum ${lo} and maximum ${hi}`);
  }
  return out;
}

export class ContradictionCheck {
  readonly warnings: PlanWarning[] = [];

  /**
   * Checks a schema tree (refs are not followed: every definition is checked on its own) and drops
   * non-positive `multipleOf`s in place. `pointer` locates the tree in the source document.
   */
  check(schema: JsonSchema, pointer: string, depth = 0): void {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || depth > 200) return;
    const problems = contradictionsOf(schema);
    if (schema.multipleOf !== undefined && !(typeof schema.multipleOf === 'number' && schema.multipleOf > 0)) {
      problems.push(`multipleOf ${JSON.stringify(schema.multipleOf)} is not above 0 and is ignored`);
      delete schema.multipleOf;
    }
    if (problems.length > 0) {
      this.warnings.push({
        location: pointer,
        code: 'impossible-schema',
        message: `No value satisfies this schema: ${problems.join('; ')}. The mock leaves it out where it may; where it is required the body cannot be valid.`,
      });
    }
    for (const [key, value] of Object.entries(schema)) {
      const at = `${pointer}/${escapePointer(key)}`;
      // SAFETY: these keywords hold schemas (one, a list, or a map) by the JSON Schema grammar.
      if (LIST.has(key) && Array.isArray(value)) for (const [i, sub] of value.entries()) this.check(sub as JsonSchema, `${at}/${i}`, depth + 1);
      else if (ONE.has(key)) this.check(value as JsonSchema, at, depth + 1);
      else if (MAP.has(key) && value !== null && typeof value === 'object') {
        for (const [name, sub] of Object.entries(value)) this.check(sub as JsonSchema, `${at}/${escapePointer(name)}`, depth + 1);
      }
    }
  }
}
