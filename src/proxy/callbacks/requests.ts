/**
 * The callback requests an answered exchange triggers: for each callback of the operation, its
 * URL resolved from the runtime expression and its body from the spec. Callbacks follow a
 * successful (2xx) answer only: a refused subscription notifies no one.
 */
import type { MockPlan, PlanOperation } from '../../plan';
import { bodyFor } from '../webhooks/body';
import { evaluateTemplate, type Exchange } from './expression';

export type CallbackRequest =
  | { ok: true; name: string; method: string; url: string; body: string | null; contentType: string | null }
  | { ok: false; name: string; method: string; expression: string; error: string };

/** Callbacks fired per request at most; more are reported as errors. */
export const MAX_CALLBACKS_PER_REQUEST = 8;

/**
 * @example
 * for (const r of callbackRequests(plan, operation, exchange, correlationId)) if (r.ok) enqueue(r);
 */
export function callbackRequests(plan: MockPlan, operation: PlanOperation, exchange: Exchange, seed: string): CallbackRequest[] {
  const callbacks = operation.callbacks ?? [];
  if (callbacks.length === 0 || exchange.statusCode < 200 || exchange.statusCode >= 300) return [];
  return callbacks.map((callback, index): CallbackRequest => {
    const method = callback.method.toUpperCase();
    const refuse = (error: string): CallbackRequest => ({ ok: false, name: callback.name, method, expression: callback.expression, error });
    if (index >= MAX_CALLBACKS_PER_REQUEST) return refuse(`more than ${MAX_CALLBACKS_PER_REQUEST} callbacks for one request`);
    const url = evaluateTemplate(callback.expression, exchange);
    if (!url.ok) return refuse(url.error);
    if (!/^https?:\/\//i.test(url.value) || !parsesAsUrl(url.value)) return refuse(`${JSON.stringify(url.value.slice(0, 200))} is not an absolute http(s) URL`);
    const body = bodyFor(callback.requestBody, plan.schemas, `${seed}:${callback.name}`);
    if (!body.ok) return refuse(body.error);
    return { ok: true, name: callback.name, method, url: url.value, body: body.body, contentType: body.contentType };
  });
}

function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
