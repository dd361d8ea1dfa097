/**
 * Human wording for one failed keyword. cfworker's own messages omit the schema's values
 * ("String does not match pattern."), so each message is rebuilt from the keyword's schema.
 */
import type { Schema } from '@cfworker/json-schema';

const MAX_LISTED = 12;

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function list(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map(show).join(', ');
  return values.length > MAX_LISTED ? `${shown}, …` : shown;
}

/** `must be integer`, `must be integer or null`. */
export function typeMessage(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return `must be ${types.map(show).join(' or ')}`;
}

function article(word: string): string {
  // "an email", "an ipv4", but "a uuid", "a uri": a leading u sounds like "you".
  return /^[aeio]/i.test(word) ? 'an' : 'a';
}

function plural(n: unknown, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * The message for a leaf keyword, given the schema object that holds it (`undefined` when the
 * schema could not be found, which falls back to cfworker's text).
 */
export function keywordMessage(keyword: string, schema: Schema | undefined, fallback: string): string {
  if (!schema) return fallback;
  switch (keyword) {
    case 'type':
      return typeMessage(schema.type);
    case 'enum':
      return Array.isArray(schema.enum) ? `must be one of: ${list(schema.enum)}` : fallback;
    case 'const':
      return `must be ${show(schema.const)}`;
    case 'minimum':
      // Draft-4 style boolean exclusiveMinimum turns minimum into a strict bound.
      return schema.exclusiveMinimum === true ? `must be greater than ${schema.minimum}` : `must be at least ${schema.minimum}`;
    case 'maximum':
      return schema.exclusiveMaximum === true ? `must be less than ${schema.maximum}` : `must be at most ${schema.maximum}`;
    case 'exclusiveMinimum':
      return `must be greater than ${schema.exclusiveMinimum}`;
    case 'exclusiveMaximum':
      return `must be less than ${schema.exclusiveMaximum}`;
    case 'multipleOf':
      return `must be a multiple of ${schema.multipleOf}`;
    case 'minLength':
      return `must be at least ${schema.minLength} ${plural(schema.minLength, 'character', 'characters')} long`;
    case 'maxLength':
      return `must be at most ${schema.maxLength} ${plural(schema.maxLength, 'character', 'characters')} long`;
    case 'pattern':
      return `must match pattern ${schema.pattern}`;
    case 'format':
      return typeof schema.format === 'string' ? `must be ${article(schema.format)} ${schema.format}` : fallback;
    case 'minItems':
      return `must have at least ${schema.minItems} ${plural(schema.minItems, 'item', 'items')}`;
    case 'maxItems':
      return `must have at most ${schema.maxItems} ${plural(schema.maxItems, 'item', 'items')}`;
    case 'uniqueItems':
      return `must not contain duplicates (${fallback.replace(/^Duplicate items at /, '').replace(/\.$/, '')})`;
    case 'minProperties':
      return `must have at least ${schema.minProperties} ${plural(schema.minProperties, 'property', 'properties')}`;
    case 'maxProperties':
      return `must have at most ${schema.maxProperties} ${plural(schema.maxProperties, 'property', 'properties')}`;
    case 'contains':
      return 'must contain at least one matching item';
    case 'minContains':
      return `must contain at least ${schema.minContains} matching ${plural(schema.minContains, 'item', 'items')}`;
    case 'maxContains':
      return `must contain at most ${schema.maxContains} matching ${plural(schema.maxContains, 'item', 'items')}`;
    case 'not':
      return 'must not match the excluded schema';
    default:
      return fallback;
  }
}

/**
 * The property a `required`/`dependentRequired` failure is about, taken from cfworker's message
 * (`Instance does not have required property "name".`, `Instance has "a" but does not have "b".`).
 */
export function missingProperty(message: string): string | undefined {
  const end = message.lastIndexOf('"');
  for (const marker of ['required property "', 'but does not have "']) {
    const at = message.lastIndexOf(marker, end);
    if (at !== -1 && end > at) return message.slice(at + marker.length, end);
  }
  return undefined;
}
