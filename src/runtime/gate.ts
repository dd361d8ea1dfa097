/**
 * The gate of the request path: security, then request validation (validators compiled once per
 * operation). A refusal is rendered by the responder, so an operation's own declared 401, 400 or
 * 422 answers where it has one.
 */
import type { MockPlan, PlanOperation } from '../plan';
import type { Gate, MockRequest, MockResponse, Responder, RoutedRequest } from './contract';
import { INVALID_BODY, INVALID_REQUEST, MALFORMED_BODY, UNAUTHORIZED, UNSUPPORTED_MEDIA_TYPE } from './errors';
import { parseCookies, percentDecode } from './params';
import type { Preferences } from './prefer';
import { challenges, isSatisfied } from './security';
import { compileRequestValidator, type RequestValidator, type RequestVerdict } from './validate-request';

export function createGate(plan: MockPlan, responder: Responder): Gate {
  const validators = new Map<PlanOperation, RequestValidator>(plan.operations.map((op) => [op, compileRequestValidator(plan, op)]));

  function refusal(op: PlanOperation, verdict: RequestVerdict, request: MockRequest, prefs: Preferences): MockResponse | null {
    if (verdict.status === null) return null;
    const template =
      verdict.status === 415
        ? UNSUPPORTED_MEDIA_TYPE
        : verdict.problems.some((p) => p.code === 'syntax')
          ? MALFORMED_BODY
          : verdict.problems.some((p) => p.location === 'body' || p.location.startsWith('body/'))
            ? INVALID_BODY
            : INVALID_REQUEST;
    return responder.refuse(op, verdict.status, template, `${verdict.problems.length} problem(s) in the request.`, verdict.problems, request, prefs);
  }

  return ({ op, pathParams, request, query, settings, prefs }: RoutedRequest) => {
    if (settings.enforceSecurity && op.security.length > 0 && !isSatisfied(op.security, plan.securitySchemes, credentials(request, query))) {
      const res = responder.refuse(op, 401, UNAUTHORIZED, 'The operation requires credentials the request does not carry.', [], request, prefs);
      res.headers['www-authenticate'] = challenges(op.security, plan.securitySchemes);
      return res;
    }
    if (!settings.validateRequests) return null;
    const pending = validators.get(op)!({ pathParams, query, headers: request.headers, body: request.body });
    return pending instanceof Promise ? pending.then((verdict) => refusal(op, verdict, request, prefs)) : refusal(op, pending, request, prefs);
  };
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
