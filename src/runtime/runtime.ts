/**
 * The request path as a dispatcher: `route → steered (a rule or stored records) | gate → respond`.
 * `createRuntime` compiles a plan once (router, gate, responder, CRUD); `handle` then answers
 * requests. Pure: no clock, no storage, no platform globals beyond the Fetch types.
 */
import type { MockPlan, PlanOperation } from '../plan';
import { problem } from '../problem';
import { DEFAULT_SETTINGS, type MockRequest, type MockResponse, type RuntimeSettings } from './contract';
import { createCrud } from './crud';
import { METHOD_NOT_ALLOWED, NO_ROUTE } from './errors';
import { createGate } from './gate';
import { parsePreferences, stripPreferenceKeys } from './prefer';
import { createResponder } from './responder';
import type { ResourceOperation } from './resources';
import { createRouter } from './router';
import { createVariantChooser } from './variants';
import { createSteeredHandler } from './steered';
import type { Steer } from './steering';

export interface Runtime {
  readonly plan: MockPlan;
  /** `steer`: the rules (and stateful records) that apply to this request, when anything steers the mock. */
  handle(request: MockRequest, settings?: RuntimeSettings, steer?: Steer): Promise<MockResponse>;
  /** Methods served at a path, for CORS preflight. */
  methodsAt(path: string): string[];
  /** The operations stateful CRUD acts on (collections and items found in the plan). */
  readonly resources: Map<PlanOperation, ResourceOperation>;
}

/**
 * @example
 * const runtime = createRuntime(plan);
 * const res = await runtime.handle({ method: 'GET', path: '/v1/books', query: '', headers: new Headers(), body: null });
 */
export function createRuntime(plan: MockPlan): Runtime {
  const router = createRouter(plan.operations);
  const variants = createVariantChooser(plan.operations);
  const responder = createResponder(plan);
  const gate = createGate(plan, responder);
  const crud = createCrud(plan, responder);
  const steered = createSteeredHandler(gate, responder, crud);
  const base = plan.basePath;

  function stripBase(path: string): string | null {
    if (base === '') return path;
    if (path === base) return '/';
    return path.startsWith(`${base}/`) ? path.slice(base.length) : null;
  }

  async function handle(request: MockRequest, settings: RuntimeSettings = DEFAULT_SETTINGS, steer?: Steer): Promise<MockResponse> {
    const method = request.method.toUpperCase();
    const path = stripBase(request.path);
    if (path === null) return responder.problem(problem(NO_ROUTE, `${request.path} is outside the API's base path ${base}.`), null);
    const match = router.match(method, path);
    if (match.kind === 'not-found') return responder.problem(problem(NO_ROUTE, `No operation is declared for ${method} ${request.path}.`), null);
    if (match.kind === 'method-not-allowed') {
      const res = responder.problem(problem(METHOD_NOT_ALLOWED, `${method} is not declared for ${request.path}; allowed: ${match.allow.join(', ')}.`), null);
      res.headers.allow = match.allow.join(', ');
      return res;
    }
    const op = variants(match.operation, request.headers, request.query);
    if (op === null) return responder.problem(problem(NO_ROUTE, `No operation at ${method} ${request.path} matches the request's ${describeVariants(match.operation, plan)}.`), null);
    const routed = {
      op,
      pathParams: match.pathParams,
      request,
      query: stripPreferenceKeys(request.query),
      prefs: parsePreferences(request.headers.get('prefer'), request.query),
      settings,
    };
    if (steer !== undefined) {
      const rule = steer.rules.rule(routed.op);
      if (rule !== undefined || steer.records !== null) return steered(routed, rule, steer.records);
    }
    let refused = gate(routed);
    if (refused instanceof Promise) refused = await refused;
    return refused ?? responder.answer(routed.op, routed.prefs, request);
  }

  return { plan, handle, methodsAt: (path) => router.methodsAt(stripBase(path) ?? ''), resources: crud.resources };
}

/** What tells the operations at one method and path apart, for the 404 detail (`header x-amz-target`). */
function describeVariants(first: PlanOperation, plan: MockPlan): string {
  const names = new Set<string>();
  for (const op of plan.operations) if (op.method === first.method && op.path === first.path && op.variant) names.add(`${op.variant.in} ${op.variant.name}`);
  return [...names].join(' / ');
}
