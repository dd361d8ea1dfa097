/**
 * Where OpenAPI puts which kind of object. The walker follows only these positions, which is what
 * keeps a `$ref` inside an `example`, a `default`, an `enum` or an `x-` extension plain data, and a
 * property *named* `$ref` a schema. One table serves Swagger 2.0 and OpenAPI 3.x: their field
 * names do not collide, and a field a version lacks is simply absent from its documents.
 */

export type NodeKind =
  | 'document'
  | 'components'
  | 'pathItem'
  | 'operation'
  | 'parameter'
  | 'requestBody'
  | 'mediaType'
  | 'encoding'
  | 'response'
  | 'header'
  | 'example'
  | 'link'
  | 'callback'
  | 'securityScheme'
  | 'schema';

/**
 * `one`: the field holds one object; `list`: an array of them; `map`: an object of named ones;
 * `extensibleMap`: a map whose `x-` keys are extensions, not entries (Paths, Responses, Callback).
 */
export type Shape = 'one' | 'list' | 'map' | 'extensibleMap';

export interface ChildRule {
  kind: NodeKind;
  shape: Shape;
}

type Rules = Readonly<Record<string, ChildRule>>;

const one = (kind: NodeKind): ChildRule => ({ kind, shape: 'one' });
const list = (kind: NodeKind): ChildRule => ({ kind, shape: 'list' });
const map = (kind: NodeKind): ChildRule => ({ kind, shape: 'map' });
const extensibleMap = (kind: NodeKind): ChildRule => ({ kind, shape: 'extensibleMap' });

export const HTTP_METHOD_FIELDS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const operations: Record<string, ChildRule> = {};
for (const method of [...HTTP_METHOD_FIELDS, 'query']) operations[method] = one('operation');

const parameterLike: Rules = {
  schema: one('schema'),
  content: map('mediaType'),
  examples: map('example'),
  items: one('schema'), // Swagger 2.0 Items Object: a schema in all but name
};

export const GRAMMAR: Readonly<Record<NodeKind, Rules>> = {
  document: {
    paths: extensibleMap('pathItem'),
    webhooks: map('pathItem'),
    'x-webhooks': map('pathItem'),
    components: one('components'),
    definitions: map('schema'),
    parameters: map('parameter'),
    responses: map('response'),
  },
  components: {
    schemas: map('schema'),
    responses: map('response'),
    parameters: map('parameter'),
    examples: map('example'),
    requestBodies: map('requestBody'),
    headers: map('header'),
    securitySchemes: map('securityScheme'),
    links: map('link'),
    callbacks: map('callback'),
    pathItems: map('pathItem'),
  },
  pathItem: { ...operations, parameters: list('parameter'), additionalOperations: map('operation') },
  operation: {
    parameters: list('parameter'),
    requestBody: one('requestBody'),
    responses: extensibleMap('response'),
    callbacks: map('callback'),
  },
  parameter: parameterLike,
  header: parameterLike,
  requestBody: { content: map('mediaType') },
  mediaType: {
    schema: one('schema'),
    itemSchema: one('schema'),
    examples: map('example'),
    encoding: map('encoding'),
  },
  encoding: { headers: map('header') },
  response: {
    headers: map('header'),
    content: map('mediaType'),
    links: map('link'),
    schema: one('schema'), // Swagger 2.0
  },
  example: {},
  link: {},
  securityScheme: {},
  callback: {}, // its entries are path items keyed by expression: see CALLBACK_ENTRY
  schema: {
    items: one('schema'),
    additionalItems: one('schema'),
    additionalProperties: one('schema'),
    unevaluatedItems: one('schema'),
    unevaluatedProperties: one('schema'),
    not: one('schema'),
    if: one('schema'),
    // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword, and this table is never awaited
    then: one('schema'),
    else: one('schema'),
    contains: one('schema'),
    propertyNames: one('schema'),
    contentSchema: one('schema'),
    allOf: list('schema'),
    anyOf: list('schema'),
    oneOf: list('schema'),
    prefixItems: list('schema'),
    properties: map('schema'),
    patternProperties: map('schema'),
    dependentSchemas: map('schema'),
    $defs: map('schema'),
    definitions: map('schema'),
  },
};

/** A Callback Object is itself a map of path items (plus `x-` extensions). */
export const CALLBACK_ENTRY: ChildRule = extensibleMap('pathItem');

/** Kinds that a Reference Object may stand in for. */
const REFERABLE: ReadonlySet<NodeKind> = new Set([
  'pathItem',
  'parameter',
  'requestBody',
  'response',
  'header',
  'example',
  'link',
  'callback',
  'securityScheme',
  'schema',
]);

/**
 * Kinds whose `$ref` keeps its siblings: a schema `$ref` is one keyword among others (3.1), and a
 * path item `$ref` is merged with the fields beside it. Elsewhere a Reference Object replaces the
 * whole object, so nothing beside `$ref` is walked.
 */
const REF_WITH_SIBLINGS: ReadonlySet<NodeKind> = new Set(['schema', 'pathItem']);

export function isReferable(kind: NodeKind): boolean {
  return REFERABLE.has(kind);
}

export function refKeepsSiblings(kind: NodeKind): boolean {
  return REF_WITH_SIBLINGS.has(kind);
}
