/**
 * One admin route as data: method, path, what it takes (path parameters, query, body) and every
 * response it gives, each as a zod schema. The server validates with these schemas, the OpenAPI
 * document is generated from them and the clients (MCP tools, admin page) take their types from
 * them, so the three cannot drift apart.
 */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** A response: JSON described by `schema`, a problem (`problem: true`), or other media types. */
export interface ResponseSpec {
  description: string;
  /** application/json */
  schema?: z.ZodType;
  /** application/problem+json with the Problem schema. */
  problem?: true;
  /** Other media types (HTML, CSV, NDJSON, JavaScript, CSS), by content type. */
  content?: Record<string, z.ZodType>;
}

export interface BodySpec {
  required: boolean;
  /** application/json */
  schema?: z.ZodType;
  /** Other media types, by content type. */
  content?: Record<string, z.ZodType>;
}

export interface AdminRoute {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template: `/api/sessions/{id}`. */
  path: string;
  summary?: string;
  description?: string;
  /** `false`: answered without the admin token (health, the page). */
  auth?: false;
  /** The path template's parameters, each a string schema. */
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Descriptions of query parameters the schema itself does not carry. */
  queryDescriptions?: Record<string, string>;
  body?: BodySpec;
  responses: Record<string, ResponseSpec>;
}

/** Keeps the literal types of a route, so clients can name its request and response shapes. */
export function defineRoute<const R extends AdminRoute>(route: R): R {
  return route;
}

/** A problem+json response. */
export const problemAnswer = (description: string) => ({ description, problem: true }) as const;

/** The answers every token-guarded route can give. */
export const UNAUTHORIZED = { '401': problemAnswer('Missing or wrong admin token') } as const;
export const BAD_QUERY = { '400': problemAnswer('A query parameter is not valid; `errors[].location` names it (query/<name>)') } as const;
/** The answers of a route that reads a JSON body. */
export const BAD_BODY = {
  '400': problemAnswer('The body is not JSON'),
  '413': problemAnswer('The body is too large'),
  '422': problemAnswer('Not valid; `errors[].location` names each field (body/<name>)'),
} as const;

type JsonOf<S> = S extends { schema: infer Z extends z.ZodType } ? z.output<Z> : never;

/** The JSON a route answers with `status` (200 unless given). */
export type ResponseOf<R extends AdminRoute, S extends keyof R['responses'] = '200'> = JsonOf<R['responses'][S]>;

/** The JSON body a route takes, as a client sends it. */
export type BodyOf<R extends AdminRoute> = R['body'] extends { schema: infer Z extends z.ZodType } ? z.input<Z> : never;

/** The query a route takes, as a client writes it (before coercion and defaults). */
export type QueryOf<R extends AdminRoute> = R['query'] extends z.ZodType ? z.input<R['query']> : never;
