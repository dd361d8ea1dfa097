/**
 * `src/synth`: schema → value. Deterministic for a seed, aware of formats and names, and every value
 * it returns validates against its schema (JSON Schema 2020-12 with OpenAPI annotations) wherever
 * the schema can be satisfied at all.
 */
import type { JsonSchema } from '../json-schema/types';
import { exhausted, NODE_LIMIT } from './budget';
import { checkerFor } from './check';
import { generateNode } from './generate';
import { createPatternCache } from './patterns';
import { createRandom } from './random';
import { sizesFor } from './sizes';
import { type Context, UNSATISFIABLE } from './types';

export type { Random } from './random';
export { createRandom } from './random';
export { sizesFor } from './sizes';
export type { SizeTable } from './types';
export { CHAR_LIMIT, NODE_LIMIT } from './budget';

export interface SynthOptions {
  /**
   * Same seed + same schema → same value. A string or number. In static mode the seed only steers
   * what has no fixed choice (pattern matches, redraws for uniqueness or `oneOf` exclusivity).
   */
  seed: string | number;
  /**
   * Shared definitions; plan schemas reference them as `#/$defs/<name>`. Treated as immutable:
   * what is derived from them (validator lookups) is cached per `defs` object.
   */
  defs?: Record<string, JsonSchema>;
  /**
   * 'static': the schema's own const/example/examples/default/first enum when they validate, and
   * fixed, readable values otherwise (like Prism's static mode). 'dynamic': seeded random values.
   * Default 'static'.
   */
  mode?: 'static' | 'dynamic';
  /**
   * 'response' omits writeOnly properties; 'request' omits readOnly ones. Default 'response'.
   * A hidden property the schema requires is still sent: validity comes first.
   */
  direction?: 'response' | 'request';
  /**
   * How often one definition may be re-entered through `$ref` on a path before the value starts
   * shrinking: optional properties and array items are left out, terminating branches preferred,
   * required parts get minimal values. Default 4.
   */
  maxDepth?: number;
  /** The property or parameter name the value is for (`email`, `createdAt`…): guides plausible values. */
  name?: string;
}

const NONE: ReadonlySet<never> = new Set();

/**
 * Makes a value for `schema`.
 * @example
 * synthesize({ type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } }, { seed: 7 });
 * // → { id: '3f2b8c4e-9d1a-4b6e-8f7c-2a5d9e0b1c3f' }
 * synthesize({ $ref: '#/$defs/Pet' }, { seed: 'req-1', mode: 'dynamic', defs: plan.schemas });
 */
export function synthesize(schema: JsonSchema, options: SynthOptions): unknown {
  const mode = options.mode ?? 'static';
  // The smallest valid value is past the budget: only a small best guess is left to make.
  if (sizesFor(options.defs).of(schema) > NODE_LIMIT) return run(schema, options, mode, true, BEST_GUESS_LIMIT).value;
  const first = run(schema, options, mode, false, NODE_LIMIT);
  if (first.value !== UNSATISFIABLE) return first.value;
  // Nothing satisfies the schema: a second pass keeps the best guess at every step instead, small
  // when the first one spent the whole budget.
  return run(schema, options, mode, true, exhausted(first.ctx) ? BEST_GUESS_LIMIT : NODE_LIMIT).value;
}

/** The node budget of a best guess after a pass that found no value within the budget. */
const BEST_GUESS_LIMIT = 2000;

function run(schema: JsonSchema, options: SynthOptions, mode: 'static' | 'dynamic', bestEffort: boolean, nodeLimit: number): { value: unknown; ctx: Context } {
  const ctx: Context = {
    defs: options.defs ?? {},
    direction: options.direction ?? 'response',
    maxDepth: Math.max(0, Math.floor(options.maxDepth ?? 4)),
    refCounts: new Map(),
    refDepth: 0,
    nodes: 0,
    nodeLimit,
    chars: 0,
    sizes: sizesFor(options.defs),
    checker: checkerFor(options.defs),
    patterns: createPatternCache(),
    bestEffort,
  };
  const random = createRandom(options.seed);
  const value = generateNode([schema], ctx, { random, mode, name: options.name, depth: 0, resolved: NONE, entered: NONE });
  return { value, ctx };
}
