/**
 * Internal shapes of the synthesiser. A list of schemas that all apply to one instance location is
 * flattened into a `Flat` (constraints intersected, composition left as decisions to take), and the
 * generators read only `Flat`s.
 */
import type { JsonSchema, JsonSchemaObject } from '../json-schema/types';
import type { Checker } from './check';
import type { PatternCache } from './patterns';
import type { Random } from './random';

export type TypeName = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';
export type Mode = 'static' | 'dynamic';
export type Direction = 'response' | 'request';

/** One source's item rule: `prefixItems` for the first indices, `items` for the rest. */
export interface ItemsPart {
  prefix: readonly JsonSchema[];
  rest: JsonSchema | undefined;
}

export interface ContainsRule {
  schema: JsonSchema;
  min: number;
  max: number | undefined;
}

/**
 * One source's `additionalProperties`: a key it does not declare (by name or pattern) must satisfy
 * `additional`. Kept per source because allOf branches close over their own declarations only.
 */
export interface Closure {
  declared: Readonly<Record<string, unknown>>;
  patterns: readonly string[];
  additional: JsonSchema;
}

export interface Discriminator {
  propertyName: string;
  /** Mapping value → def name (the target's last path segment). */
  mapping: ReadonlyArray<[value: string, defName: string]>;
}

export interface Choice {
  kind: 'oneOf' | 'anyOf';
  branches: readonly JsonSchema[];
  /** The keyword's array: marks the choice as taken when the node is flattened again. */
  key: object;
  discriminator: Discriminator | undefined;
}

export interface Conditional {
  /** The schema object carrying `if`: marks the condition as decided. */
  key: JsonSchemaObject;
  condition: JsonSchema;
  whenTrue: JsonSchema | undefined;
  whenFalse: JsonSchema | undefined;
}

export interface Flat {
  unsatisfiable: boolean;
  /** Intersection of every `type`; undefined when no source constrains the type. */
  types: TypeName[] | undefined;
  nullable: boolean;
  consts: unknown[];
  enums: unknown[][];
  /** `example` and `examples[i]`, most specific source first. */
  examples: unknown[];
  defaults: unknown[];
  readOnly: boolean;
  writeOnly: boolean;

  minLength: number | undefined;
  maxLength: number | undefined;
  patterns: string[];
  formats: string[];

  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number[];

  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems: boolean;
  itemParts: ItemsPart[];
  contains: ContainsRule[];

  properties: Map<string, JsonSchema[]>;
  required: Set<string>;
  patternProperties: Array<[pattern: string, schema: JsonSchema]>;
  closures: Closure[];
  /** `unevaluatedProperties` schemas: they apply to keys no source declares. */
  unevaluated: JsonSchema[];
  propertyNames: JsonSchema[];
  minProperties: number | undefined;
  maxProperties: number | undefined;
  dependentRequired: Map<string, string[]>;
  /** An explicit `additionalProperties` schema or `patternProperties`: the object reads as a map. */
  mapLike: boolean;

  discriminators: Discriminator[];
  choices: Choice[];
  nots: JsonSchema[];
  conditionals: Conditional[];
  /** Names of the definitions entered through `$ref`, outermost first. */
  refs: string[];
}

/**
 * What a generator returns for a schema no value satisfies (a `false` schema, an enum whose members
 * all fail, a type intersection that is empty…), so the caller can leave an optional property or
 * an array item out, or take another branch. Never returned by `synthesize`.
 */
export const UNSATISFIABLE: unique symbol = Symbol('unsatisfiable');

/** Smallest sizes of valid values (see sizes.ts). */
export interface SizeTable {
  /** Lower bound on the node count of the smallest valid value; `Infinity` when none is finite. */
  of(schema: JsonSchema): number;
  /** The definitions with no finite value, by name. */
  readonly infinite: ReadonlySet<string>;
}

/** State shared by one `synthesize` call. */
export interface Context {
  defs: Readonly<Record<string, JsonSchema>>;
  direction: Direction;
  maxDepth: number;
  /** How often each definition is entered on the current path. */
  refCounts: Map<string, number>;
  /** How many `$ref` entries are on the current path in total. */
  refDepth: number;
  /** Nodes generated so far; past a budget, optional parts are left out so huge graphs stay small. */
  nodes: number;
  /** The node budget of this pass (see budget.ts). */
  nodeLimit: number;
  /** Characters of strings generated so far: a budget like `nodes`. */
  chars: number;
  /** Smallest valid sizes: which branch terminates, and which schema has no bounded value. */
  sizes: SizeTable;
  checker: Checker;
  patterns: PatternCache;
  /** Set on the second pass, when the whole value proved unsatisfiable: return best guesses instead. */
  bestEffort: boolean;
}

/** Where in the instance a node is generated. */
export interface Site {
  random: Random;
  mode: Mode;
  /** The property name this value sits under: drives plausible values. */
  name: string | undefined;
  /** Instance nesting depth. */
  depth: number;
  /** Choices and conditionals already decided for this node. */
  resolved: ReadonlySet<object>;
  /** Definitions already counted for this node (a choice re-flattens the same node). */
  entered: ReadonlySet<string>;
}

/** A generated scalar and whether it meets every constraint (else it is the closest guess). */
export interface Attempt<T> {
  value: T;
  ok: boolean;
}

export type GenerateChild = (list: readonly JsonSchema[], site: Site) => unknown;
