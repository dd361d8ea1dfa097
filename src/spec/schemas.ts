/**
 * Makes every schema valid JSON Schema 2020-12 where older dialects left their marks: `nullable`
 * (OAS 3.0) and `x-nullable` (Swagger), boolean `exclusiveMinimum`/`exclusiveMaximum` (draft 4),
 * `type: file` (Swagger), tuple `items` arrays, `required: true` on a property (draft 3), and a
 * string `discriminator` (Swagger). OpenAPI annotations (`discriminator`, `readOnly`, `writeOnly`,
 * `example`, `format`) stay. Every repair is idempotent: one schema object can be reached twice.
 */
import type { ProblemItem } from '../problem/index';
import { WARNING } from './errors';
import { type JsonObject, own } from './json';
import { type Frame, pointerOf, type Visitor } from './walk';

const TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** Keywords that only describe; a union arm made of them and `nullable` means "null". */
const ANNOTATIONS: ReadonlySet<string> = new Set(['title', 'description', 'deprecated', 'default', 'example', 'examples', 'externalDocs', 'readOnly', 'writeOnly', 'nullable', 'x-nullable']);
/** Keywords that must move together into the non-null arm when a composed schema becomes nullable. */
const COMPOSED = ['$ref', 'allOf', 'oneOf', 'anyOf', 'discriminator'] as const;

type Warn = (frame: Frame, keyword: string, message: string) => void;

function fixType(node: JsonObject, frame: Frame, warn: Warn): void {
  const type = own(node, 'type');
  if (type === undefined) return;
  const names = Array.isArray(type) ? type : [type];
  const fixed: unknown[] = [];
  for (const name of names) {
    const lower = typeof name === 'string' ? name.toLowerCase() : name;
    if (lower === 'file') {
      fixed.push('string'); // Swagger 2.0 upload: a binary string
      if (own(node, 'format') === undefined) node.format = 'binary';
    } else if (typeof lower === 'string' && TYPES.has(lower)) {
      if (lower !== name) warn(frame, 'type', `type "${String(name)}" read as "${lower}"`);
      fixed.push(lower);
    } else {
      warn(frame, 'type', `type ${JSON.stringify(name)} is not a JSON Schema type; moved to x-invalid-type`);
      node['x-invalid-type'] = type;
    }
  }
  const unique = [...new Set(fixed)];
  if (unique.length === 0) delete node.type;
  else node.type = Array.isArray(type) || unique.length > 1 ? unique : unique[0];
}

/** Adds null to an enum that lacks it. */
function allowNullInEnum(node: JsonObject): void {
  const values = own(node, 'enum');
  if (Array.isArray(values) && !values.includes(null)) node.enum = [...values, null];
}

function isUnionArm(frame: Frame): boolean {
  return frame.key !== undefined && (frame.field === 'oneOf' || frame.field === 'anyOf');
}

/** Lets null through `enum` and `const`, which would otherwise reject it whatever `type` says. */
function allowNullInValues(node: JsonObject): void {
  allowNullInEnum(node);
  if (Object.hasOwn(node, 'const') && node.const !== null) {
    node.enum = [node.const, null];
    delete node.const;
  }
}

/**
 * `{ $ref: X, nullable: true }` → `{ anyOf: [{ $ref: X }, { type: 'null' }] }`: the composed
 * keywords move into the non-null arm (an `allOf` of one is unwrapped); other siblings stay.
 */
function wrapComposed(node: JsonObject): void {
  const inner: JsonObject = {};
  for (const keyword of COMPOSED) {
    if (!Object.hasOwn(node, keyword)) continue;
    inner[keyword] = node[keyword];
    delete node[keyword];
  }
  const allOf = own(inner, 'allOf');
  const single = Object.keys(inner).length === 1 && Array.isArray(allOf) && allOf.length === 1 ? allOf[0] : inner;
  node.anyOf = [single, { type: 'null' }];
}

/** Applies `nullable: true` the 2020-12 way. */
function makeNullable(node: JsonObject, frame: Frame): void {
  const type = own(node, 'type');
  const typed = typeof type === 'string' || Array.isArray(type);
  if (typed) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.includes('null')) node.type = [...types, 'null'];
  }
  allowNullInValues(node);
  // A `$ref` or `allOf` member says "object" on its own; beside `type` it would still reject null.
  if (COMPOSED.some((keyword) => keyword !== 'discriminator' && Object.hasOwn(node, keyword))) {
    wrapComposed(node);
    return;
  }
  // `oneOf: [{ nullable: true }, { $ref: X }]` means "X or null"; as `{}` the arm would match anything.
  if (!typed && isUnionArm(frame) && Object.keys(node).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'))) {
    node.type = 'null';
  }
  // Otherwise, with no `type`, null is already allowed.
}

function fixNullable(node: JsonObject, frame: Frame): void {
  const swagger = own(node, 'x-nullable');
  if (typeof swagger === 'boolean') {
    if (swagger && own(node, 'nullable') === undefined) node.nullable = true;
    delete node['x-nullable'];
  }
  if (!Object.hasOwn(node, 'nullable')) return;
  const nullable = node.nullable;
  delete node.nullable;
  if (nullable === true) makeNullable(node, frame);
}

function fixExclusive(node: JsonObject, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', bound: 'minimum' | 'maximum'): void {
  const flag = own(node, exclusive);
  if (typeof flag !== 'boolean') return;
  const limit = own(node, bound);
  if (flag && typeof limit === 'number') {
    node[exclusive] = limit;
    delete node[bound];
  } else {
    delete node[exclusive];
  }
}

function fixLegacyKeywords(node: JsonObject, frame: Frame, warn: Warn): void {
  const discriminator = own(node, 'discriminator');
  if (typeof discriminator === 'string') node.discriminator = { propertyName: discriminator };
  const items = own(node, 'items');
  if (Array.isArray(items) && !Object.hasOwn(node, 'prefixItems')) {
    node.prefixItems = items; // draft-4 tuple
    delete node.items;
    if (Object.hasOwn(node, 'additionalItems')) {
      node.items = node.additionalItems;
      delete node.additionalItems;
    }
  }
  const required = own(node, 'required');
  if (typeof required === 'boolean') {
    delete node.required;
    const parent = frame.parent;
    const name = frame.key;
    if (required && frame.field === 'properties' && parent !== undefined && name !== undefined) {
      const list = own(parent.node, 'required');
      if (!Array.isArray(list)) parent.node.required = [name];
      else if (!list.includes(name)) list.push(name);
    }
    const outcome = required ? "moved to the parent's `required` list" : 'removed';
    warn(frame, 'required', `\`required: ${required}\` on a schema is not JSON Schema; ${outcome}`);
  }
  const examples = own(node, 'examples');
  if (examples !== undefined && !Array.isArray(examples)) {
    node['x-examples'] = examples;
    delete node.examples;
    warn(frame, 'examples', 'schema `examples` must be a list; moved to x-examples');
  }
}

/**
 * A visitor that repairs the schemas of an OpenAPI 3.x document in place, adding a warning for
 * each repair a reader could not guess.
 */
export function schemaNormaliser(warnings: ProblemItem[]): Visitor {
  const warn: Warn = (frame, keyword, message) => {
    warnings.push({ location: `${pointerOf(frame)}/${keyword}`, message, code: WARNING.schemaRepaired });
  };
  return {
    enter(frame) {
      if (frame.kind !== 'schema') return;
      const { node } = frame;
      fixType(node, frame, warn);
      fixNullable(node, frame);
      fixExclusive(node, 'exclusiveMinimum', 'minimum');
      fixExclusive(node, 'exclusiveMaximum', 'maximum');
      fixLegacyKeywords(node, frame, warn);
    },
  };
}
