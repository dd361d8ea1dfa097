/**
 * After a response: the operation's OAS callbacks, resolved against the exchange (src/proxy/
 * callbacks) and queued in MockState, whose alarm sends them. Runs inside ctx.waitUntil, so the
 * client never waits for it; an unresolvable URL is a logged error and a delivery kept as
 * `unresolved`, never a request to an empty URL.
 */
import type { MockPlan, PlanOperation } from '../../src/plan';
import { callbackRequests, type Exchange, pathParameters } from '../../src/proxy/callbacks';
import type { Env } from './env';
import { mockStateStub } from './mock-state';
import type { DeliveryInput } from './webhook-table';

export interface AnsweredExchange {
  url: string;
  method: string;
  path: string;
  query: string;
  /** Names lower-cased. */
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  seed: string;
}

export async function fireCallbacks(env: Env, plan: MockPlan, operation: PlanOperation, answered: AnsweredExchange): Promise<void> {
  try {
    const query: Record<string, string[]> = {};
    for (const [name, value] of new URLSearchParams(answered.query)) {
      query[name] = [...(query[name] ?? []), value];
    }
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(answered.responseHeaders)) responseHeaders[name.toLowerCase()] = value;
    const exchange: Exchange = {
      url: answered.url,
      method: answered.method,
      statusCode: answered.status,
      request: { path: pathParameters(operation.path, answered.path, plan.basePath), query, headers: answered.requestHeaders, body: answered.requestBody },
      response: { headers: responseHeaders, body: answered.responseBody },
    };
    const requests = callbackRequests(plan, operation, exchange, answered.seed);
    if (requests.length === 0) return;
    const inputs: DeliveryInput[] = requests.map((r) => {
      if (r.ok) return { kind: 'callback', name: r.name, method: r.method, url: r.url, body: r.body, contentType: r.contentType };
      console.error(`mockloop: callback ${r.name} of ${operation.id} not sent: ${r.error}`);
      return { kind: 'callback', name: r.name, method: r.method, url: null, body: null, contentType: null, error: `${r.expression}: ${r.error}` };
    });
    await mockStateStub(env).enqueueDeliveries(inputs);
  } catch (error) {
    console.error(`mockloop: callbacks of ${operation.id} could not be queued`, error);
  }
}
