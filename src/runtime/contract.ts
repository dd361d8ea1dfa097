/**
 * The runtime's contract: a request, a response, and the stages of the request path as one-line
 * types (`route → Gate → Responder`, with the steered and stateful answers in between). Every
 * stage imports its types from here and receives the stages it needs, so the dispatcher
 * (runtime.ts) wires them without anything calling back up to it.
 */
import type { PlanOperation, PlanResponse } from '../plan';
import type { Problem, ProblemItem, ProblemTemplate } from '../problem';
import type { HeaderReader } from './params';
import type { Preferences } from './prefer';

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
  /** Set by the proxy stage in `diff` mode: what the mock and the live API disagreed on (a src/proxy DriftEntry, stored by the shell). */
  drift?: unknown;
}

export interface Delivery {
  delayMs: number;
  dribble?: { chunkBytes: number; intervalMs: number };
}

/** A request the router matched: what every later stage reads. */
export interface RoutedRequest {
  op: PlanOperation;
  pathParams: Record<string, string>;
  request: MockRequest;
  /** The query string without the mock's own preference keys (`__code`, …). */
  query: string;
  prefs: Preferences;
  settings: RuntimeSettings;
}

/** Security, then request validation: the refusal to send, or null when the request may pass. */
export type Gate = (routed: RoutedRequest) => MockResponse | null | Promise<MockResponse | null>;

/** Turns declared responses (and problems) into MockResponses: the one place a response is rendered. */
export interface Responder {
  /** The declared response the preferences ask for (else the operation's usual one), rendered. */
  answer(op: PlanOperation, prefs: Preferences, request: MockRequest): MockResponse;
  /**
   * A declared response with `status`: the negotiated media type, its body and declared headers.
   * `share`: the caller leaves the headers as they are, so a frozen shared object can serve.
   */
  render(op: PlanOperation, response: PlanResponse | null, status: number, prefs: Preferences, request: MockRequest, violations: ProblemItem[], share?: boolean): MockResponse;
  /** A refusal the mock makes itself: the operation's declared error response when there is one, else problem+json. */
  /** `prefs.example` names the example of the declared error response to send (as Prism does); other preferences do not apply. */
  refuse(op: PlanOperation, status: number, template: ProblemTemplate, detail: string, violations: ProblemItem[], request: MockRequest, prefs?: Preferences): MockResponse;
  /** An error that no declared `default` may stand in for (a missing record, an injected fault): a declared response for the status, else problem+json. */
  fail(op: PlanOperation, status: number, p: Problem, request: MockRequest): MockResponse;
  problem(p: Problem, op: PlanOperation | null): MockResponse;
  /** A declared response's headers with their values, plus the content type and any violations. */
  declaredHeaders(op: PlanOperation, response: PlanResponse, contentType: string | null, violations: ProblemItem[]): Record<string, string>;
  /** A response's declared body as a value (the template a stored list page is shaped from). */
  staticJson(op: PlanOperation, response: PlanResponse): unknown;
}
