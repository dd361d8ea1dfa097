/**
 * The request path as a dispatcher: `route → steered (a rule or stored records) | gate → respond`.
 * `createRuntime` compiles a plan once (router, gate, responder, CRUD); `handle` then answers
 * requests. Pure: no clock, no storage, no platform globals beyond the Fetch types.
 */
import type { MockPlan, PlanOperation } from '../plan';
import { problem } from '../problem';
import { DEFAULT_SETTINGS, type MockRequest, type MockResponse, type RoutedRequest, type RuntimeSettings } from './contract';
import type { Upstream } from './upstream';
import { createCrud } from './crud';
import { METHOD_NOT_ALLOWED, NO_ROUTE } from './errors';
import { createGate } from './gate';
import { parsePreferences, stripPreferenceKeys } from './prefer';
import { createResponder } from './responder';
import type { ResourceOperation } from './resources';
import { createRouter } from './router';
import { createVariantChooser } from './variants';
import { createSteeredHandler } from './steered';
import type { CompiledRule, Steer } from './steering';

export interface Runtime {
  readonly plan: MockPlan;
  /**
   * `steer`: the rules (and stateful records) that apply to this request, when anything steers the mock.
   * `upstream`: the proxy stage, when the mock has an upstream (it decides per request whether the mock answers).
   */
  handle(request: MockRequest, settings?: RuntimeSettings, steer?: Steer, upstream?: Upstream): Promise<MockResponse>;
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

  async function handle(request: MockRequest, settings: RuntimeSettings = DEFAULT_SETTINGS, steer?: Steer, upstream?: Upstream): Promise<MockResponse> {
    const method = request.method.toUpperCase();
    const path = stripBase(request.path);
    // A request the spec does not describe goes upstream when the upstream's own mode says so.
    const unrouted = (res: MockResponse): MockResponse | Promise<MockResponse> => {
      if (upstream === undefined) return res;
      const mode = upstream.modeFor(null, request, undefined);
      return mode === 'mock' ? res : upstream.serve(mode === 'diff' ? 'proxy' : mode, request, null, async () => res);
    };
    if (path === null) return unrouted(responder.problem(problem(NO_ROUTE, `${request.path} is outside the API's base path ${base}.`), null));
    const match = router.match(method, path);
    if (match.kind === 'not-found') return unrouted(responder.problem(problem(NO_ROUTE, `No operation is declared for ${method} ${request.path}.`), null));
    if (match.kind === 'method-not-allowed') {
      const res = responder.problem(problem(METHOD_NOT_ALLOWED, `${method} is not declared for ${request.path}; allowed: ${match.allow.join(', ')}.`), null);
      res.headers.allow = match.allow.join(', ');
      return unrouted(res);
    }
    const op = variants(match.operation, request.headers, request.query);
    if (op === null) return unrouted(responder.problem(problem(NO_ROUTE, `No operation at ${method} ${request.path} matches the request's ${describeVariants(match.operation, plan)}.`), null));
    const routed = {
      op,
      pathParams: match.pathParams,
      request,
      query: stripPreferenceKeys(request.query),
      prefs: parsePreferences(request.headers.get('prefer'), request.query),
      settings,
    };
    const rule = steer?.rules.rule(routed.op);
    if (upstream !== undefined) {
      const mode = upstream.modeFor(op, request, rule);
      if (mode !== 'mock') return upstream.serve(mode, request, op, () => mockAnswer(routed, rule, steer));
    }
    return mockAnswer(routed, rule, steer);
  }

  /** The mock's own answer: a steering rule or stored records, else the gate and the declared response. */
  async function mockAnswer(routed: RoutedRequest, rule: CompiledRule | undefined, steer: Steer | undefined): Promise<MockResponse> {
    if (steer !== undefined && (rule !== undefined || steer.records !== null)) return steered(routed, rule, steer.records);
    let refused = gate(routed);
    if (refused instanceof Promise) refused = await refused;
    return refused ?? responder.answer(routed.op, routed.prefs, routed.request);
  }

  return { plan, handle, methodsAt: (path) => router.methodsAt(stripBase(path) ?? ''), resources: crud.resources };
}

/** What tells the operations at one method and path apart, for the 404 detail (`header x-amz-target`). */
function describeVariants(first: PlanOperation, plan: MockPlan): string {
  const names = new Set<string>();
  for (const op of plan.operations) if (op.method === first.method && op.path === first.path && op.variant) names.add(`${op.variant.in} ${op.variant.name}`);
  return [...names].join(' / ');
}
