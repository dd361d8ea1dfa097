/**
 * OpenAPI's discriminator, as a schema cfworker can check: `oneOf`/`anyOf` of `$ref` branches with
 * a `discriminator` becomes "the property names a known branch, and the value validates against
 * that branch". Plain JSON Schema counts matching branches instead, so a value whose branches
 * overlap fails `oneOf` although its discriminator says which branch is meant; request validation
 * accepts a value either reading accepts (see compileValidator's `discriminators` option).
 */
type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A definition's name from a reference, without the plan's direction suffix (`Pickup@request` → `Pickup`). */
function lastSegment(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1).replace(/@(?:request|response)$/, '');
}

/** Rewrites every discriminated `oneOf`/`anyOf` under `schema` in place (the tree is a prepared private copy). */
export function selectByDiscriminator(schema: unknown, seen = new Set<object>()): void {
  if (!isNode(schema) || seen.has(schema)) return;
  seen.add(schema);
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) for (const item of value) selectByDiscriminator(item, seen);
    else if (isNode(value)) {
      selectByDiscriminator(value, seen);
      // Maps of subschemas (properties, $defs, …): their values are schemas too.
      for (const item of Object.values(value)) if (isNode(item)) selectByDiscriminator(item, seen);
    }
  }
  const discriminator = schema.discriminator;
  if (!isNode(discriminator) || typeof discriminator.propertyName !== 'string') return;
  const property = discriminator.propertyName;
  const keyword = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : null;
  if (keyword === null) return;
  const branches = schema[keyword] as unknown[];
  const refs = branches.map((b) => (isNode(b) && typeof b.$ref === 'string' ? b.$ref : null));
  // OpenAPI: only `$ref` branches take part in discrimination; with an inline branch, leave it be.
  if (refs.some((r) => r === null)) return;
  const mapping = isNode(discriminator.mapping) ? discriminator.mapping : {};
  const cases: Node[] = [];
  const values: string[] = [];
  for (const ref of refs as string[]) {
    const name = lastSegment(ref);
    const mapped = Object.entries(mapping)
      .filter(([, target]) => typeof target === 'string' && lastSegment(target) === name)
      .map(([key]) => key);
    for (const value of mapped.length > 0 ? mapped : [name]) {
      values.push(value);
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
      cases.push({ if: { properties: { [property]: { const: value } } }, then: { $ref: ref } });
    }
  }
  delete schema[keyword];
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  schema.allOf = [...allOf, { required: [property], properties: { [property]: { enum: values } } }, ...cases];
}
