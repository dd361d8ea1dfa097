/**
 * The admin API's OpenAPI 3.1 document, generated from the route contract: paths, parameters,
 * request bodies and every response (problems included) come from the same zod schemas the
 * server validates with. Served at GET /api/openapi.json; a mock of it can be made with MockLoop.
 */
import type { z } from 'zod';
import { type JsonSchema, SchemaConverter } from './json-schema';
import type { AdminRoute, ResponseSpec } from './route';
import { problemSchema } from './schemas';

export const ADMIN_API_VERSION = '0.1.0';

/**
 * @example
 * const doc = generateAdminOpenApi(ADMIN_ROUTES);
 * doc.paths['/api/settings'].patch.requestBody; // { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Settings' } } } }
 */
export function generateAdminOpenApi(routes: readonly AdminRoute[]): Record<string, unknown> {
  const converter = new SchemaConverter();
  // Inputs first, so a schema used both ways keeps its plain name for what clients send.
  const inputs = new Map(routes.map((route) => [route, inputsOf(route, converter)]));
  const problem = converter.convert(problemSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { parameters, requestBody } = inputs.get(route)!;
    const responses = Object.fromEntries(Object.entries(route.responses).map(([status, spec]) => [status, responseOf(spec, converter, problem)]));
    paths[route.path] ??= {};
    paths[route.path][route.method] = {
      operationId: route.operationId,
      ...(route.summary === undefined ? {} : { summary: route.summary }),
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(route.auth === false ? { security: [] } : {}),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(requestBody === undefined ? {} : { requestBody }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MockLoop Edge admin API',
      version: ADMIN_API_VERSION,
      description: 'Control and inspect one running mock. Every path under /api needs `Authorization: Bearer <admin token>`. Generated from the contract in src/admin-api.',
    },
    security: [{ adminToken: [] }],
    paths,
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } }, schemas: converter.components },
  };
}

function inputsOf(route: AdminRoute, converter: SchemaConverter): { parameters: JsonSchema[]; requestBody?: JsonSchema } {
  const parameters = [...parametersOf(route.params, 'path', converter, {}), ...parametersOf(route.query, 'query', converter, route.queryDescriptions ?? {})];
  if (route.body === undefined) return { parameters };
  const content: Record<string, unknown> = {};
  if (route.body.schema) content['application/json'] = { schema: converter.convert(route.body.schema, 'input') };
  for (const [type, schema] of Object.entries(route.body.content ?? {})) content[type] = { schema: converter.convert(schema, 'input') };
  return { parameters, requestBody: { required: route.body.required, content } };
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', converter: SchemaConverter, descriptions: Record<string, string>): JsonSchema[] {
  if (schema === undefined) return [];
  const object = converter.convert(schema, 'input');
  // SAFETY: params and query schemas are zod objects, whose JSON Schema has properties and required.
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const text = descriptions[name] ?? description;
    return { name, in: where, ...(where === 'path' || required.has(name) ? { required: true } : {}), ...(text === undefined ? {} : { description: text }), schema: rest };
  });
}

function responseOf(spec: ResponseSpec, converter: SchemaConverter, problem: JsonSchema): JsonSchema {
  const content: Record<string, unknown> = {};
  if (spec.problem) content['application/problem+json'] = { schema: problem };
  if (spec.schema) content['application/json'] = { schema: converter.convert(spec.schema, 'output') };
  for (const [type, schema] of Object.entries(spec.content ?? {})) content[type] = { schema: converter.convert(schema, 'output') };
  return { description: spec.description, ...(Object.keys(content).length === 0 ? {} : { content }) };
}
