/**
 * Response schemas no bounded value satisfies: required properties that recurse (no finite value
 * at all), `$ref` fan-out or a `minItems` so large that the smallest valid value is past the
 * synthesiser's budget. One warning per culprit definition, at the first response that uses it,
 * naming the definition and the chain of required properties that never ends.
 */
import { NODE_LIMIT, type SizeTable, sizesFor } from '../synth';
import type { JsonSchema, JsonSchemaObject, PlanWarning } from './types';

const DEF_PREFIX = '#/$defs/';

export interface ResponseSchema {
  schema: JsonSchema;
  pointer: string;
}

function isObject(value: unknown): value is JsonSchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The definition names a too-large schema leads to, following only parts that are too large. */
function culprit(schema: JsonSchema, defs: Record<string, JsonSchema>, sizes: SizeTable): { name: string | undefined; chain: string[] } {
  const chain: string[] = [];
  const seen = new Set<string>();
  let node: JsonSchema | undefined = schema;
  let name: string | undefined;
  for (let step = 0; step < 64 && isObject(node); step++) {
    const big = (sub: unknown): sub is JsonSchema => (isObject(sub) || sub === false) && sizes.of(sub as JsonSchema) > NODE_LIMIT;
    let next: JsonSchema | undefined;
    if (typeof node.$ref === 'string' && node.$ref.startsWith(DEF_PREFIX)) {
      const target: string = node.$ref.slice(DEF_PREFIX.length).split('/')[0];
      if (Object.hasOwn(defs, target) && big(defs[target])) {
        const label = target.replace(/@(request|response)$/, '');
        if (seen.has(target)) {
          chain.push(label);
          break;
        }
        seen.add(target);
        name ??= label;
        chain.push(label);
        next = defs[target];
      }
    }
    if (next === undefined && isObject(node.properties) && Array.isArray(node.required)) {
      const key = node.required.find((k): k is string => typeof k === 'string' && big((node as JsonSchemaObject & { properties: Record<string, unknown> }).properties[k]));
      if (key !== undefined) {
        chain.push(`.${key}`);
        next = node.properties[key] as JsonSchema;
      }
    }
    if (next === undefined && isObject(node.items) && big(node.items)) {
      chain.push('[]');
      next = node.items;
    }
    for (const kind of ['allOf', 'anyOf', 'oneOf'] as const) {
      const parts = node[kind];
      if (next === undefined && Array.isArray(parts)) next = parts.find(big);
    }
    node = next;
  }
  return { name, chain };
}

function describe(chain: string[]): string {
  return chain.map((part, i) => (part.startsWith('.') || part === '[]' || i === 0 ? part : ` → ${part}`)).join('');
}

/**
 * @example
 * unboundedWarnings([{ schema: { $ref: '#/$defs/Node' }, pointer: '/paths/~1n/get/responses/200/content/application~1json' }], plan.schemas)
 * // → [{ code: 'unbounded-schema', message: 'Schema Node has no finite valid value: …' }]
 */
export function unboundedWarnings(responses: readonly ResponseSchema[], defs: Record<string, JsonSchema>): PlanWarning[] {
  const sizes = sizesFor(defs);
  const byCulprit = new Map<string, { warning: PlanWarning; uses: number }>();
  for (const { schema, pointer } of responses) {
    const size = sizes.of(schema);
    if (size <= NODE_LIMIT) continue;
    const { name, chain } = culprit(schema, defs, sizes);
    const key = name ?? pointer;
    const known = byCulprit.get(key);
    if (known !== undefined) {
      known.uses++;
      continue;
    }
    const subject = name === undefined ? 'This response schema' : `Schema ${name}`;
    const why =
      size === Infinity
        ? `has no finite valid value${chain.length > 1 ? `: its required parts never end (${describe(chain)})` : ''}`
        : `has no valid value within the synthesis budget of ${NODE_LIMIT} nodes (its smallest has about ${size})`;
    byCulprit.set(key, { warning: { location: pointer, code: 'unbounded-schema', message: `${subject} ${why}. Bodies made for it are small best guesses that do not validate.` }, uses: 1 });
  }
  return [...byCulprit.values()].map(({ warning, uses }) => (uses > 1 ? { ...warning, message: `${warning.message} (${uses} responses use it.)` } : warning));
}
