/**
 * The responder: the one place a MockResponse is made from a declared response or a problem.
 * Declared headers and the choice of response for an operation without preferences are made once
 * and shared, so the plain path of a GET allocates little.
 */
import { errorResponseFor, hashText, type MockPlan, type PlanOperation, type PlanResponse } from '../plan';
import { problem, problemHttp, type Problem, type ProblemItem, type ProblemTemplate } from '../problem';
import type { MockRequest, MockResponse, Responder } from './contract';
import { NOT_ACCEPTABLE } from './errors';
import { concreteType, negotiate } from './negotiate';
import type { Preferences } from './prefer';
import { BodyFactory } from './bodies';
import { type ChosenResponse, chooseResponse } from './choose';

/**
 * @example
 * const responder = createResponder(plan);
 * const res = responder.answer(plan.operations[0], {}, request);
 */
export function createResponder(plan: MockPlan): Responder {
  const bodies = new BodyFactory(plan);
  // Without a `code` preference the choice depends on the operation alone: made once.
  const defaultChoices = new Map<PlanOperation, ChosenResponse | Problem>();
  // The headers of a response sent as declared depend on it and its content type alone: made once, shared.
  const sharedHeaders = new WeakMap<PlanResponse, Map<string | null, Record<string, string>>>();

  function answer(op: PlanOperation, prefs: Preferences, request: MockRequest): MockResponse {
    let chosen = prefs.code === undefined ? defaultChoices.get(op) : undefined;
    if (chosen === undefined) {
      chosen = chooseResponse(op, prefs);
      if (prefs.code === undefined) defaultChoices.set(op, chosen);
    }
    if ('type' in chosen) return problemOf(chosen, op);
    return render(op, chosen.response, chosen.status, prefs, request, [], true);
  }

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
      const available = response.contents.map((m) => m.mediaType);
      return problemOf(problem(NOT_ACCEPTABLE, `Accept "${accept}" matches none of: ${available.join(', ')}.`, { available }), op);
    }
    const media = response.contents[index];
    const made = bodies.make({ media, prefs, requestSeed: () => requestSeed(request), operationId: op.id, status: response.status });
    if ('type' in made) return problemOf(made, op);
    return { status, headers: headersWith(concreteType(media.mediaType, accept)), body: made.source === 'empty' ? null : made.body, operation: op, violations };
  }

  function refuse(op: PlanOperation, status: number, template: ProblemTemplate, detail: string, violations: ProblemItem[], request: MockRequest, prefs: Preferences = {}): MockResponse {
    const declared = errorResponseFor(op, status);
    // A declared 400 stands in for an undeclared 422 (and back) with its own status; a range or default takes ours.
    // A named example still applies, to the error response (an unknown name is a 404, as in Prism).
    const asked: Preferences = prefs.example === undefined ? {} : { example: prefs.example };
    if (declared) return render(op, declared, /^\d{3}$/.test(declared.status) ? Number(declared.status) : status, asked, request, violations);
    const res = problemOf(problem({ ...template, status }, detail, violations.length > 0 ? { errors: violations } : {}), op);
    res.violations = violations;
    return res;
  }

  function fail(op: PlanOperation, status: number, p: Problem, request: MockRequest): MockResponse {
    const declared = errorResponseFor(op, status);
    if (declared && declared.status !== 'default') return render(op, declared, status, {}, request, []);
    return problemOf(p, op);
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

  return { answer, render, refuse, fail, problem: problemOf, declaredHeaders, staticJson };
}

/** A problem as the mock's answer: problem+json, the same bytes as every other problem we send. */
export function problemOf(p: Problem, operation: PlanOperation | null): MockResponse {
  return { ...problemHttp(p), operation, violations: [] };
}

/** `dynamic=true` without a seed: the same request gives the same data. */
function requestSeed(request: MockRequest): string {
  const body = request.body === null ? '' : String(request.body.byteLength) + hashText(new TextDecoder().decode(request.body.slice(0, 4096)));
  return `${request.method} ${request.path}?${request.query}#${body}`;
}
