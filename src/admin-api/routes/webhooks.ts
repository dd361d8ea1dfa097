/** Callbacks and webhooks (decision 0021): what the plan declares, firing, deliveries, endpoints, the signing secret. */
import { z } from 'zod';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';

const int = z.number().int();
const httpUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s]+$/i, 'an absolute http(s) URL')
  .refine((u) => {
    try {
      new URL(u);
      return true;
    } catch {
      return false;
    }
  }, 'an absolute http(s) URL');

export const deliveryStateSchema = z.enum(['pending', 'delivered', 'failed', 'disabled', 'refused', 'unresolved']);

export const attemptSchema = z.object({
  attempt: int,
  at: z.string().describe('ISO time the attempt started'),
  status: int.nullable().describe('The receiver’s status; null when it did not answer'),
  latency_ms: int,
  error: z.string().nullable(),
  response_excerpt: z.string().nullable().describe('The first 1,024 bytes of the answer'),
});

export const deliverySchema = z.object({
  id: z.string().describe('Also the webhook-id header, the same on every retry'),
  kind: z.enum(['callback', 'webhook']),
  name: z.string(),
  method: z.string(),
  url: z.string().nullable().describe('null when the callback URL could not be resolved'),
  state: deliveryStateSchema,
  attempts: int,
  created_at: z.string(),
  next_attempt_at: z.string().nullable(),
  error: z.string().nullable(),
  attempt_log: z.array(attemptSchema),
});

export const endpointSchema = z.object({
  url: z.string().describe('Origin and path (a query string is not part of an endpoint)'),
  webhooks: z.array(z.string()).nullable().describe('The webhooks it takes; null: all'),
  created_at: z.string(),
  disabled_at: z.string().nullable().describe('Set when the receiver answered 410 Gone; PUT the endpoint again to re-enable it'),
  disabled_reason: z.string().nullable(),
});

export const fireBodySchema = z.strictObject({
  url: httpUrl.optional().describe('Where to send it; without it, to every enabled endpoint registered for this webhook'),
  body: z.unknown().optional().describe('The body to send (JSON, or a string); without it one is made from the spec'),
  content_type: z.string().max(200).optional(),
});

export const endpointBodySchema = z.strictObject({
  url: httpUrl,
  webhooks: z.array(z.string().min(1).max(200)).max(100).optional().describe('Only these webhooks; all when absent'),
});

export const listWebhooks = defineRoute({
  operationId: 'listWebhooks',
  method: 'get',
  path: '/api/webhooks',
  summary: 'The webhooks and callbacks the plan declares, and the registered endpoints',
  responses: {
    '200': {
      description: 'Webhooks, callbacks and endpoints',
      schema: z.object({
        webhooks: z.array(z.object({ name: z.string(), method: z.string(), summary: z.string().nullable(), has_body: z.boolean() })),
        callbacks: z.array(z.object({ operation: z.string(), name: z.string(), method: z.string(), expression: z.string() })),
        endpoints: z.array(endpointSchema),
      }),
    },
    ...UNAUTHORIZED,
  },
});

export const fireWebhook = defineRoute({
  operationId: 'fireWebhook',
  method: 'post',
  path: '/api/webhooks/{name}/fire',
  summary: 'Sends a webhook of the spec now (signed per Standard Webhooks, retried on its schedule)',
  params: z.object({ name: z.string() }),
  body: { required: false, schema: fireBodySchema },
  responses: {
    '200': { description: 'Queued; GET /api/webhooks/deliveries follows them', schema: z.object({ deliveries: z.array(deliverySchema) }) },
    ...BAD_BODY,
    '404': problemAnswer('The plan declares no webhook of this name'),
    '409': problemAnswer('No url given and no enabled endpoint registered for this webhook'),
    ...UNAUTHORIZED,
  },
});

export const listDeliveries = defineRoute({
  operationId: 'listDeliveries',
  method: 'get',
  path: '/api/webhooks/deliveries',
  summary: 'Callback and webhook deliveries, newest first, each with every attempt',
  query: z
    .object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      state: deliveryStateSchema.optional(),
    })
    .strict(),
  responses: { '200': { description: 'Deliveries', schema: z.object({ deliveries: z.array(deliverySchema) }) }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const clearDeliveries = defineRoute({
  operationId: 'clearDeliveries',
  method: 'delete',
  path: '/api/webhooks/deliveries',
  summary: 'Empties the delivery queue and its attempt log',
  responses: { '200': { description: 'How many deliveries went', schema: z.object({ deleted: int }) }, ...UNAUTHORIZED },
});

export const putEndpoint = defineRoute({
  operationId: 'putWebhookEndpoint',
  method: 'put',
  path: '/api/webhooks/endpoints',
  summary: 'Registers a receiver for webhooks fired without a url, or re-enables one a 410 disabled',
  body: { required: true, schema: endpointBodySchema },
  responses: { '200': { description: 'The endpoint', schema: endpointSchema }, ...BAD_BODY, '409': problemAnswer('Too many endpoints'), ...UNAUTHORIZED },
});

export const deleteEndpoint = defineRoute({
  operationId: 'deleteWebhookEndpoint',
  method: 'delete',
  path: '/api/webhooks/endpoints',
  summary: 'Removes a registered (or disabled) endpoint',
  query: z.object({ url: httpUrl }).strict(),
  responses: { '200': { description: 'Removed', schema: z.object({ removed: z.boolean() }) }, ...BAD_QUERY, '404': problemAnswer('No such endpoint'), ...UNAUTHORIZED },
});

export const revealSecret = defineRoute({
  operationId: 'revealWebhookSecret',
  method: 'post',
  path: '/api/webhooks/secret',
  summary: 'The whsec_ signing secret of this mock: shown once; {"rotate": true} makes (and shows) a new one',
  body: { required: false, schema: z.strictObject({ rotate: z.boolean().optional() }) },
  responses: {
    '200': { description: 'The secret (store it: it is not shown again)', schema: z.object({ secret: z.string() }) },
    ...BAD_BODY,
    '409': problemAnswer('The secret was shown already; rotate it to see a new one'),
    ...UNAUTHORIZED,
  },
});
