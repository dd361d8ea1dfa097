/**
 * The MockPlan: everything the mock worker needs to serve a spec, as plain JSON. It is compiled
 * once from a spec (`compilePlan`) and stored in D1; the request path never sees raw OpenAPI.
 */

import type { JsonSchema } from '../json-schema/types';

export type { JsonSchema, JsonSchemaObject } from '../json-schema/types';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface PlanParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** OpenAPI serialisation style (form, simple, label, matrix, deepObject, spaceDelimited, pipeDelimited). */
  style: string;
  explode: boolean;
  schema: JsonSchema;
  /** Set when the parameter is described with `content` instead of `schema` (the value is e.g. JSON text). */
  contentType?: string;
  /** A query parameter whose spec says `allowEmptyValue: false`: `?name` and `?name=` are refused. */
  nonEmpty?: true;
}

export interface PlanExample {
  /** The key in `examples`, or `example` for a lone `example`. */
  name: string;
  value: unknown;
  /** Whether the value validates against the media type's schema (checked at compile time). */
  valid: boolean;
  summary?: string;
}

export interface PlanMedia {
  /** The media type as the spec writes it, lower-cased (`application/json`, `image/*`, `*\/*`). */
  mediaType: string;
  schema?: JsonSchema;
  examples: PlanExample[];
  /** Rules a form-urlencoded request body's raw text must keep (see FormRules). */
  form?: FormRules;
}

/**
 * What a form-urlencoded request body must keep beyond its schema, checked on the raw text:
 * `nonEmpty` fields (Swagger 2.0 `allowEmptyValue: false`) may not be sent as `name` or `name=`;
 * `encoded` fields (an OAS 3 `encoding` entry without `allowReserved: true`) may not carry
 * reserved characters (RFC 3986) unencoded.
 */
export interface FormRules {
  nonEmpty: string[];
  encoded: string[];
}

export interface PlanHeader {
  name: string;
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
}

export interface PlanResponse {
  /** `200`, `4XX`, or `default`, as the spec writes it (range codes upper-cased). */
  status: string;
  description: string;
  headers: PlanHeader[];
  contents: PlanMedia[];
}

export interface PlanRequestBody {
  required: boolean;
  contents: PlanMedia[];
}

/** One way to satisfy security: all the named schemes together. An empty list means anonymous access is allowed. */
export type PlanSecurityRequirement = string[];

export type PlanSecurityScheme =
  | { type: 'apiKey'; name: string; in: 'header' | 'query' | 'cookie' }
  | { type: 'http'; scheme: string; bearerFormat?: string }
  | { type: 'oauth2' }
  | { type: 'openIdConnect' }
  | { type: 'mutualTLS' };

/** A header or query parameter the request must carry (with this value, when given) to reach an operation. */
export interface PlanVariant {
  in: 'header' | 'query';
  /** Lower-cased for headers. */
  name: string;
  value?: string;
}

export interface PlanOperation {
  /** Stable id: the operationId, or `METHOD /path` when the spec gives none. Unique in a plan. */
  id: string;
  operationId?: string;
  method: HttpMethod;
  /** The path template as the spec writes it, without any `#...` or `?...` suffix. */
  path: string;
  /** What tells this operation apart from others at the same method and path (from that suffix). */
  variant?: PlanVariant;
  tags: string[];
  summary?: string;
  deprecated?: boolean;
  parameters: PlanParameter[];
  requestBody?: PlanRequestBody;
  /** Alternatives (OR) of requirements (AND). Empty: no security. */
  security: PlanSecurityRequirement[];
  /** In the order the spec declares them. */
  responses: PlanResponse[];
  /** OAS `callbacks`: requests the mock sends after answering this operation (src/proxy/callbacks). */
  callbacks?: PlanCallback[];
}

/** One request of an OAS callback: where (a runtime expression), how, and what body. */
export interface PlanCallback {
  /** The key in `callbacks` (`onEvent`). */
  name: string;
  /** The callback's URL as the spec writes it: a runtime expression or a string embedding `{…}` ones. */
  expression: string;
  method: HttpMethod;
  requestBody?: PlanRequestBody;
}

/** One request of an OAS 3.1 `webhooks` entry: sent on demand through the admin API. */
export interface PlanWebhook {
  /** The key in `webhooks` (`newPet`). */
  name: string;
  method: HttpMethod;
  summary?: string;
  requestBody?: PlanRequestBody;
}

export interface PlanWarning {
  /** JSON pointer into the source document. */
  location: string;
  code: string;
  message: string;
}

export interface MockPlan {
  format: 1;
  /** A hash of the plan's content: a changed spec gives a new version. */
  version: string;
  title: string;
  apiVersion: string;
  /** The version the source document declared (`2.0`, `3.0.3`, `3.1.0`). */
  specVersion: string;
  /** The base path taken from the first server URL (or Swagger `basePath`): `''` or `/v1`. */
  basePath: string;
  operations: PlanOperation[];
  /** Shared schema definitions that plan schemas reference as `#/$defs/<name>`. */
  schemas: Record<string, JsonSchema>;
  securitySchemes: Record<string, PlanSecurityScheme>;
  /** OAS 3.1 `webhooks` (absent when the spec declares none). */
  webhooks?: PlanWebhook[];
  warnings: PlanWarning[];
}
