/**
 * Tool schemas every MCP client can read. zod writes nullable values as `type: [x, "null"]` and
 * "any JSON value" as `{}`; both are legal JSON Schema, but clients that map tool schemas onto a
 * single-`type` dialect (Gemini's OpenAPI subset, some SDKs) reject or drop them, and the MCP
 * Inspector's "schema portability" check warns about each. This rewrites them into equivalent
 * forms: a type array becomes `anyOf` of single types, a schema that constrains nothing becomes
 * `anyOf` of the six JSON types, `true` likewise and `false` becomes `{not: {}}` — the same set of
 * accepted values, spelled portably. It walks the same subschema positions the Inspector does.
 */

type Json = Record<string, unknown>;

const ANY_JSON_TYPES = ['object', 'array', 'string', 'number', 'boolean', 'null'] as const;

/** Keywords whose value is one subschema. */
const SINGLE = ['items', 'contains', 'not', 'propertyNames', 'if', 'then', 'else', 'additionalProperties', 'unevaluatedProperties', 'additionalItems', 'unevaluatedItems', 'contentSchema'];
/** Keywords whose value is a list of subschemas. */
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAPS = ['properties', 'patternProperties', 'dependentSchemas', 'dependencies', '$defs', 'definitions'];
/** Where a bare boolean is an ordinary value, not a schema to rewrite. */
const BOOLEAN_ALLOWED = new Set(['additionalProperties', 'unevaluatedProperties', 'additionalItems', 'unevaluatedItems']);
/** Keywords that constrain a value (as the Inspector counts them); a schema with none accepts anything. */
const CONSTRAINING = new Set([
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'format',
  'contentMediaType', 'contentEncoding', 'contentSchema', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties',
  'minProperties', 'required', 'dependentRequired', 'allOf', 'anyOf', 'oneOf', 'not', 'items', 'prefixItems', 'contains', 'additionalItems',
  'unevaluatedItems', 'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'dependentSchemas',
  'dependencies', '$ref', '$dynamicRef', '$recursiveRef',
]);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function anyJsonValue(extra: Json = {}): Json {
  return { ...extra, anyOf: ANY_JSON_TYPES.map((type) => ({ type })) };
}

/**
 * @example portableJsonSchema({ type: ['string', 'null'] }) // { anyOf: [{ type: 'string' }, { type: 'null' }] }
 */
export function portableJsonSchema(schema: Json): Json {
  const out = rewrite(schema, undefined, 0);
  return isRecord(out) ? out : schema;
}

function rewrite(node: unknown, keyword: string | undefined, depth: number): unknown {
  if (depth > 64) return node;
  if (typeof node === 'boolean') {
    if (keyword !== undefined && BOOLEAN_ALLOWED.has(keyword)) return node;
    return node ? anyJsonValue() : { not: {} };
  }
  if (!isRecord(node)) return node;
  let out: Json = { ...node };
  for (const key of SINGLE) {
    if (!(key in out)) continue;
    const value = out[key];
    out[key] = key === 'items' && Array.isArray(value) ? value.map((v) => rewrite(v, key, depth + 1)) : rewrite(value, key, depth + 1);
  }
  for (const key of LISTS) {
    const value = out[key];
    if (Array.isArray(value)) out[key] = value.map((v) => rewrite(v, key, depth + 1));
  }
  for (const key of MAPS) {
    const value = out[key];
    // `dependencies` may also map a name to a list of property names: those stay as they are.
    if (isRecord(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, Array.isArray(v) ? v : rewrite(v, key, depth + 1)]));
  }
  if (Array.isArray(out.type)) {
    const { type, ...rest } = out;
    const branches = (type as unknown[]).map((t) => ({ type: t }));
    out = 'anyOf' in rest ? { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), { anyOf: branches }] } : { ...rest, anyOf: branches };
  }
  const constrains = Object.keys(out).some((key) => CONSTRAINING.has(key)) || ('if' in out && ('then' in out || 'else' in out));
  if (!constrains && keyword !== 'not') out = anyJsonValue(out);
  return out;
}
