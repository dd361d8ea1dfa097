/**
 * Callbacks and webhooks on the admin origin (decision 0021): what the plan declares, firing a
 * webhook now, the delivery log, receivers' endpoints and the signing secret (shown once).
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import { problemType } from '../../../src/problem';
import * as webhooks from '../../../src/admin-api/routes/webhooks';
import { endpointBodySchema, fireBodySchema, type deliverySchema, type endpointSchema } from '../../../src/admin-api/routes/webhooks';
import { bodyFor, givenBody } from '../../../src/proxy/webhooks';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { served } from '../plan-cache';
import type { AttemptRow, DeliveryInput, DeliveryRow, EndpointRow } from '../webhook-table';
import { answer, mount, pathParam } from './mount';
import { readTextCapped } from '../read-body';
import { ADMIN_BAD_REQUEST, ADMIN_INVALID, ADMIN_NOT_FOUND, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';
import { readJson } from './read-json';

const NO_TARGET = problemType('webhook-no-target', 'The webhook has nowhere to go', 409);
const SECRET_SHOWN = problemType('webhook-secret-shown', 'The signing secret was shown already', 409);
const TOO_MANY_ENDPOINTS = problemType('webhook-endpoints-full', 'Too many webhook endpoints', 409);

const MAX_FIRE_BODY = 300 * 1024;

export function registerWebhookRoutes(app: Hono<{ Bindings: Env }>): void {
  mount(app, webhooks.listWebhooks, async (c) => {
    const plan = (await served(c.env)).runtime?.plan;
    return answer(webhooks.listWebhooks, {
      webhooks: (plan?.webhooks ?? []).map((w) => ({ name: w.name, method: w.method.toUpperCase(), summary: w.summary ?? null, has_body: w.requestBody !== undefined })),
      callbacks: (plan?.operations ?? []).flatMap((op) => (op.callbacks ?? []).map((cb) => ({ operation: op.id, name: cb.name, method: cb.method.toUpperCase(), expression: cb.expression }))),
      endpoints: (await mockStateStub(c.env).webhookEndpoints()).map(endpointView),
    });
  });

  mount(app, webhooks.fireWebhook, async (c) => {
    const raw = await optionalJson(c.req.raw, MAX_FIRE_BODY);
    if (!raw.ok) return raw.response;
    const parsed = fireBodySchema.safeParse(raw.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a fire request.', zodItems(parsed.error, 'body'));
    const name = pathParam(c, 'name');
    const plan = (await served(c.env)).runtime?.plan;
    const webhook = plan?.webhooks?.find((w) => w.name === name);
    if (!plan || !webhook) {
      const known = (plan?.webhooks ?? []).map((w) => w.name);
      return problemResponse(ADMIN_NOT_FOUND, `The plan declares no webhook "${name}"${known.length > 0 ? `; it declares ${known.join(', ')}` : ' (it declares none)'}.`);
    }
    const stub = mockStateStub(c.env);
    const targets = parsed.data.url !== undefined ? [parsed.data.url] : await stub.webhookEndpointsFor(name);
    if (targets.length === 0) return problemResponse(NO_TARGET, `Give a "url", or register an endpoint for "${name}" with PUT /api/webhooks/endpoints.`);
    const built = parsed.data.body !== undefined ? givenBody(parsed.data.body, parsed.data.content_type) : bodyFor(webhook.requestBody, plan.schemas, `${name}:${Date.now()}`);
    if (!built.ok) return problemResponse(ADMIN_INVALID, `The webhook body: ${built.error}.`, [{ location: 'body/body', message: built.error }]);
    const inputs: DeliveryInput[] = targets.map((url) => ({ kind: 'webhook', name, method: webhook.method.toUpperCase(), url, body: built.body, contentType: built.contentType }));
    const rows = await stub.enqueueDeliveries(inputs);
    return answer(webhooks.fireWebhook, { deliveries: rows.map((row) => deliveryView({ ...row, attemptLog: [] })) });
  });

  mount(app, webhooks.listDeliveries, async (c) => {
    const parsed = webhooks.listDeliveries.query.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    const rows = await mockStateStub(c.env).deliveries(parsed.data.limit, parsed.data.state);
    return answer(webhooks.listDeliveries, { deliveries: rows.map(deliveryView) });
  });

  mount(app, webhooks.clearDeliveries, async (c) => answer(webhooks.clearDeliveries, { deleted: await mockStateStub(c.env).clearDeliveries() }));

  mount(app, webhooks.putEndpoint, async (c) => {
    const raw = await readJson(c.req.raw, 16 * 1024);
    if (!raw.ok) return raw.response;
    const parsed = endpointBodySchema.safeParse(raw.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not an endpoint.', zodItems(parsed.error, 'body'));
    const row = await mockStateStub(c.env).putWebhookEndpoint(parsed.data.url, parsed.data.webhooks ?? null);
    if (row === null) return problemResponse(TOO_MANY_ENDPOINTS, 'At most 100 endpoints are registered; remove some with DELETE /api/webhooks/endpoints?url=….');
    return answer(webhooks.putEndpoint, endpointView(row));
  });

  mount(app, webhooks.deleteEndpoint, async (c) => {
    const parsed = webhooks.deleteEndpoint.query.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    if (!(await mockStateStub(c.env).removeWebhookEndpoint(parsed.data.url))) return problemResponse(ADMIN_NOT_FOUND, `No endpoint ${parsed.data.url}.`);
    return answer(webhooks.deleteEndpoint, { removed: true });
  });

  mount(app, webhooks.revealSecret, async (c) => {
    const raw = await optionalJson(c.req.raw, 1024);
    if (!raw.ok) return raw.response;
    const parsed = webhooks.revealSecret.body.schema.safeParse(raw.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not valid.', zodItems(parsed.error, 'body'));
    const secret = await mockStateStub(c.env).revealWebhookSecret(parsed.data.rotate === true);
    if (secret === null) return problemResponse(SECRET_SHOWN, 'It is shown once; POST {"rotate": true} makes a new one (receivers must then use the new one).');
    return answer(webhooks.revealSecret, { secret }, '200', { 'cache-control': 'no-store' });
  });
}

/** An empty body reads as `{}` (these routes take optional bodies). */
async function optionalJson(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const read = await readTextCapped(request, maxBytes);
  if (!read.ok) return { ok: false, response: problemResponse(ADMIN_TOO_LARGE, `Bodies up to ${maxBytes} bytes are accepted here.`) };
  if (read.text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(read.text) };
  } catch (error) {
    return { ok: false, response: problemResponse(ADMIN_BAD_REQUEST, `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function deliveryView(row: DeliveryRow & { attemptLog: AttemptRow[] }): z.output<typeof deliverySchema> {
  return {
    id: row.id,
    // SAFETY: the column only ever holds the DeliveryInput kinds.
    kind: row.kind as 'callback' | 'webhook',
    name: row.name,
    method: row.method,
    url: row.url,
    state: row.state,
    attempts: row.attempts,
    created_at: new Date(row.created_at).toISOString(),
    next_attempt_at: iso(row.next_at),
    error: row.error,
    attempt_log: row.attemptLog.map((a) => ({ attempt: a.n, at: new Date(a.at).toISOString(), status: a.status, latency_ms: a.latency_ms, error: a.error, response_excerpt: a.excerpt })),
  };
}

function endpointView(row: EndpointRow): z.output<typeof endpointSchema> {
  return {
    url: row.url,
    webhooks: row.webhooks === null ? null : (JSON.parse(row.webhooks) as string[]),
    created_at: new Date(row.created_at).toISOString(),
    disabled_at: iso(row.disabled_at),
    disabled_reason: row.disabled_reason,
  };
}
