/**
 * The request path: `route → security → validateRequest → chooseResponse → negotiate → body`.
 * `createRuntime` compiles a plan once (router, validators); `handle` then answers requests.
 * Pure: no clock, no storage, no platform globals beyond the Fetch types.
 */
import type { MockPlan, PlanOperation, PlanResponse } from '../plan';
import { hashText } from '../plan';
import { type Problem, type ProblemItem, PROBLEM_CONTENT_TYPE, problem } from '../problem';
import { type HeaderReader, parseCookies, percentDecode } from './params';
import { challenges, isSatisfied } from './security';
import { METHOD_NOT_ALLOWED, NO_ROUTE, NOT_ACCEPTABLE, UNAUTHORIZED, UNSUPPORTED_MEDIA_TYPE, INVALID_BODY, INVALID_REQUEST, MALFORMED_BODY } from './errors';
import { concreteType, negotiate } from './negotiate';
import { parsePreferences, type Preferences, stripPreferenceKeys } from './prefer';
import { BodyFactory, type ChosenResponse, chooseResponse, errorResponseFor } from './respond';
import { createRouter } from './router';
import { createCrud } from './crud';
import type { ResourceOperation } from './resources';
import { createSteeredHandler, type Steer } from './steered';
import { compileRequestValidator, type RequestValidator, type RequestVerdict } from './validate-request';

export interface RuntimeSettings {
  validateRequests: boolean;
  enforceSecurity: boolean;
}

export const DEFAULT_SETTINGS: RuntimeSettings = { validateRequests: true, enforceSecurity: true };

export interface MockRequest {
  method: string;
  /** Raw, percent-encoded path. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** A `Headers` object, or anything read the same way (the mock origin passes a HeaderSnapshot). */
  headers: HeaderReader;
  body: Uint8Array | null;
}

export interface MockResponse {
  status: number;
  /** May be a frozen object shared by every answer of the same response: copy it to change it. */
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  operation: PlanOperation | null;
  violations: ProblemItem[];
  /** Set by steering: wait before answering, and/or send the body in slow chunks (the shell does both). */
  delivery?: Delivery;
}

export interface Delivery {
  delayMs: number;
  dribble?: { chunkBytes: number; intervalMs: number };
}

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
  const validators = new Map<PlanOperation, RequestValidator>(plan.operations.map((op) => [op, compileRequestValidator(plan, op)]));
  const bodies = new BodyFactory(plan);
  // Without a `code` preference the choice depends on the operation alone: made once.
  const defaultChoices = new Map<PlanOperation, ChosenResponse | Problem>();
  // The headers of a response sent as declared depend on it and its content type alone: made once, shared.
  const sharedHeaders = new WeakMap<PlanResponse, Map<string | null, Record<string, string>>>();
  const base = plan.basePath;

  function stripBase(path: string): string | null {
    if (base === '') return path;
    if (path === base) return '/';
    return path.startsWith(`${base}/`) ? path.slice(base.length) : null;
  }

  /** Security, then request validation: the refusal to send, or null when the request may pass. */
  function gate(op: PlanOperation, pathParams: Record<string, string>, request: MockRequest, query: string, settings: RuntimeSettings): MockResponse | null | Promise<MockResponse | null> {
    if (settings.enforceSecurity && op.security.length > 0 && !isSatisfied(op.security, plan.securitySchemes, credentials(request, query))) {
      const res = errorResponse(op, 401, UNAUTHORIZED, 'The operation requires credentials the request does not carry.', [], request);
      res.headers['www-authenticate'] = challenges(op.security, plan.securitySchemes);
      return res;
    }
    if (!settings.validateRequests) return null;
    const pending = validators.get(op)!({ pathParams, query, headers: request.headers, body: request.body });
    return pending instanceof Promise ? pending.then((verdict) => refusal(op, verdict, request)) : refusal(op, pending, request);
  }

  function refusal(op: PlanOperation, verdict: RequestVerdict, request: MockRequest): MockResponse | null {
    if (verdict.status === null) return null;
    const template =
      verdict.status === 415 ? UNSUPPORTED_MEDIA_TYPE : verdict.status === 422 ? INVALID_BODY : verdict.problems.some((p) => p.code === 'syntax') ? MALFORMED_BODY : INVALID_REQUEST;
    return errorResponse(op, verdict.status, template, `${verdict.problems.length} problem(s) in the request.`, verdict.problems, request);
  }

  async function handle(request: MockRequest, settings: RuntimeSettings = DEFAULT_SETTINGS, steer?: Steer): Promise<MockResponse> {
    const method = request.method.toUpperCase();
    const path = stripBase(request.path);
    if (path === null) return problemResponse(problem(NO_ROUTE, `${request.path} is outside the API's base path ${base}.`), null);
    const match = router.match(method, path);
    if (match.kind === 'not-found') return problemResponse(problem(NO_ROUTE, `No operation is declared for ${method} ${request.path}.`), null);
    if (match.kind === 'method-not-allowed') {
      const res = problemResponse(problem(METHOD_NOT_ALLOWED, `${method} is not declared for ${request.path}; allowed: ${match.allow.join(', ')}.`), null);
      res.headers.allow = match.allow.join(', ');
      return res;
    }
    const op = match.operation;
    const query = stripPreferenceKeys(request.query);
    const prefs = parsePreferences(request.headers.get('prefer'), request.query);

    if (steer !== undefined) {
      const rule = steer.rules.rule(op);
      if (rule !== undefined || steer.records !== null) return steered.handle({ op, pathParams: match.pathParams, rule, steer, request, query, prefs, settings });
    }
    let refused = gate(op, match.pathParams, request, query, settings);
    if (refused instanceof Promise) refused = await refused;
    if (refused !== null) return refused;

    let chosen = prefs.code === undefined ? defaultChoices.get(op) : undefined;
    if (chosen === undefined) {
      chosen = chooseResponse(op, prefs);
      if (prefs.code === undefined) defaultChoices.set(op, chosen);
    }
    if ('type' in chosen) return problemResponse(chosen, op);
    return render(op, chosen.response, chosen.status, prefs, request, [], true);
  }

  /** The operation's own declared error response when there is one, else our problem+json. */
  function errorResponse(op: PlanOperation, status: number, template: Problem, detail: string, violations: ProblemItem[], request: MockRequest): MockResponse {
    const declared = errorResponseFor(op, status);
    // A declared 400 stands in for an undeclared 422 (and back) with its own status; a range or default takes ours.
    if (declared) return render(op, declared, /^\d{3}$/.test(declared.status) ? Number(declared.status) : status, {}, request, violations);
    const res = problemResponse(problem({ ...template, status }, detail, violations.length > 0 ? { errors: violations } : {}), op);
    res.violations = violations;
    return res;
  }

  /** `share`: the caller leaves the headers as they are, so a frozen shared object can serve. */
  function render(op: PlanOperation, response: PlanResponse | null, status: number, prefs: Preferences, request: MockRequest, violations: ProblemItem[], share = false): MockResponse {
    if (response === null) return { status, headers: {}, body: null, operation: op, violations };
    const headersWith = (contentType: string | null): Record<string, string> =>
      share && violations.length === 0 ? sharedHeadersOf(op, response, contentType) : declaredHeaders(op, response, contentType, violations);
    // 204, 205 and 304 (and 1xx) have no body by definition, whatever the spec declares.
    if (response.contents.length === 0 || status === 204 || status === 205 || status === 304 || status < 200) {
      return { status, headers: headersWith(null), body: null, operation: op, violations };
    }
    const accept = request.headers.get('accept');
    // Without an Accept header the first declared type is taken: no list to build.
    const index = accept === null ? 0 : negotiate(accept, response.contents.map((m) => m.mediaType));
    if (index < 0) {
      return problemResponse(
        problem(NOT_ACCEPTABLE, `Accept "${accept}" matches none of: ${response.contents.map((m) => m.mediaType).join(', ')}.`, {
          available: response.contents.map((m) => m.mediaType),
        }),
        op,
      );
    }
    const media = response.contents[index];
    const made = bodies.make({ media, prefs, requestSeed: () => requestSeed(request), operationId: op.id, status: response.status });
    if ('type' in made) return problemResponse(made, op);
    return { status, headers: headersWith(concreteType(media.mediaType, accept)), body: made.source === 'empty' ? null : made.body, operation: op, violations };
  }

  function declaredHeaders(op: PlanOperation, response: PlanResponse, contentType: string | null, violations: ProblemItem[]): Record<string, string> {
    const headers: Record<string, string> = { ...bodies.headers(op, response) };
    if (violations.length > 0) headers['x-mockloop-violations'] = JSON.stringify(violations.slice(0, 10)).slice(0, 2000);
    if (contentType !== null) headers['content-type'] = contentType;
    return headers;
  }

  function sharedHeadersOf(op: PlanOperation, response: PlanResponse, contentType: string | null): Record<string, string> {
    let byType = sharedHeaders.get(response);
    if (!byType) {
      byType = new Map();
      sharedHeaders.set(response, byType);
    }
    let headers = byType.get(contentType);
    if (!headers) {
      headers = Object.freeze(declaredHeaders(op, response, contentType, []));
      byType.set(contentType, headers);
    }
    return headers;
  }

  const crud = createCrud({ plan, render, declaredHeaders, problemResponse, staticJson });
  const steered = createSteeredHandler({ plan, gate, render, problemResponse, declaredHeaders, bodies, crud });

  /** A response's declared body as a value (the template a stored list page is shaped from). */
  function staticJson(op: PlanOperation, response: PlanResponse): unknown {
    const media = response.contents.find((m) => /json/.test(m.mediaType));
    if (!media) return undefined;
    const made = bodies.make({ media, prefs: {}, requestSeed: () => '', operationId: op.id, status: response.status });
    if ('type' in made || typeof made.body !== 'string') return undefined;
    try {
      return JSON.parse(made.body);
    } catch {
      return undefined;
    }
  }

  return { plan, handle, methodsAt: (path) => router.methodsAt(stripBase(path) ?? ''), resources: crud.resources };
}

export function problemResponse(p: Problem, operation: PlanOperation | null): MockResponse {
  return { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(p), operation, violations: [] };
}

/** `dynamic=true` without a seed: the same request gives the same data. */
function requestSeed(request: MockRequest): string {
  const body = request.body === null ? '' : String(request.body.byteLength) + hashText(new TextDecoder().decode(request.body.slice(0, 4096)));
  return `${request.method} ${request.path}?${request.query}#${body}`;
}

function credentials(request: MockRequest, query: string) {
  let params: URLSearchParams | undefined;
  let cookies: Map<string, string> | undefined;
  return {
    header: (name: string) => request.headers.get(name),
    query: (name: string) => {
      params ??= new URLSearchParams(query);
      return params.get(name);
    },
    cookie: (name: string) => {
      cookies ??= new Map(parseCookies(request.headers.get('cookie') ?? undefined).map((p) => [p.key, percentDecode(p.raw)]));
      return cookies.get(name) ?? null;
    },
  };
}
