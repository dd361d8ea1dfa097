/**
 * One request to the upstream: the client's request with hop-by-hop and the mock's own headers
 * taken off and the upstream's headers and credentials put on, a deadline, a body cap, redirects
 * passed back to the client as they are. Every failure is a problem naming the upstream's host.
 */
import { type AddressPolicy, readResponseCapped, urlRefusal } from '../net';
import { type Problem, problem } from '../problem';
import type { MockRequest } from '../runtime';
import { outboundHeaders, type UpstreamConfig } from './config';
import { UPSTREAM_REFUSED, UPSTREAM_TIMEOUT, UPSTREAM_TOO_LARGE, UPSTREAM_UNREACHABLE } from './errors';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ForwardDeps {
  fetch: FetchLike;
  /** Deployed: public addresses only; locally loopback too. */
  policy: AddressPolicy;
  now: () => number;
  /** The largest upstream body passed on (default 10 MB). */
  maxBytes?: number;
}

export type Forwarded =
  | { ok: true; status: number; headers: Record<string, string>; body: Uint8Array; latencyMs: number }
  | { ok: false; problem: Problem; latencyMs: number };

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'accept-encoding', 'expect']);
/** Headers of the platform or of the mock itself that the upstream has no use for. */
const OURS = /^(cf-|x-mockloop-|x-test-session$|x-forwarded-|x-real-ip$|cdn-loop$)/;
const DROPPED_IN_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'trailer', 'upgrade']);

/** The request's headers as name/value pairs (a HeaderSnapshot's map, or anything Headers-like). */
export function headerPairs(headers: MockRequest['headers']): Array<[string, string]> {
  // SAFETY: the mock origin passes a HeaderSnapshot (its `entries` map) and tests a Headers object; both are checked for here.
  const h = headers as { entries?: unknown; forEach?: (cb: (value: string, name: string) => void) => void };
  if (h.entries instanceof Map) return [...(h.entries as Map<string, string>)];
  const pairs: Array<[string, string]> = [];
  if (typeof h.forEach === 'function')
    h.forEach((value, name) => {
      pairs.push([name.toLowerCase(), value]);
    });
  return pairs;
}

/** The upstream URL of a request: the upstream's base URL followed by the request's path and query as the client sent them. */
export function upstreamUrl(config: UpstreamConfig, request: MockRequest): URL {
  const base = new URL(config.url);
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  return new URL(`${base.origin}${prefix}${request.path}${request.query === '' ? '' : `?${request.query}`}`);
}

export async function forward(config: UpstreamConfig, request: MockRequest, deps: ForwardDeps): Promise<Forwarded> {
  const started = deps.now();
  const url = upstreamUrl(config, request);
  const host = url.host;
  const failed = (template: Parameters<typeof problem>[0], detail: string): Forwarded => ({ ok: false, problem: problem(template, detail, { upstream: host }), latencyMs: deps.now() - started });
  const refused = urlRefusal(url, deps.policy);
  if (refused !== undefined) return failed(UPSTREAM_REFUSED, `The upstream ${host} is not fetched: ${refused}.`);

  const headers = new Headers();
  for (const [name, value] of headerPairs(request.headers)) if (!HOP_BY_HOP.has(name) && !OURS.test(name)) headers.set(name, value);
  for (const [name, value] of Object.entries(outboundHeaders(config))) headers.set(name, value);
  const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
  // A timer of our own races the fetch: an abort signal alone does not end every wait (workerd).
  const controller = new AbortController();
  const signal = controller.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('timeout'));
    }, config.timeout_ms);
  });
  let res: Response;
  try {
    // SAFETY: the request body is bytes read from the client's request: a valid fetch body.
    const body = hasBody ? (request.body as unknown as BodyInit) : undefined;
    res = await Promise.race([deps.fetch(url.href, { method: request.method, headers, body, redirect: 'manual', signal }), deadline]);
  } catch (error) {
    clearTimeout(timer);
    if (signal.aborted) return failed(UPSTREAM_TIMEOUT, `The upstream ${host} did not answer within ${config.timeout_ms} ms.`);
    return failed(UPSTREAM_UNREACHABLE, `The upstream ${host} could not be reached (${reason(error)}).`);
  }
  const maxBytes = deps.maxBytes ?? 10 * 1024 * 1024;
  try {
    const body = await Promise.race([readResponseCapped(res, maxBytes), deadline]).finally(() => clearTimeout(timer));
    if (body === null) return failed(UPSTREAM_TOO_LARGE, `The upstream ${host} answered more than ${maxBytes} bytes.`);
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!DROPPED_IN_RESPONSE.has(name)) out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
    });
    return { ok: true, status: res.status, headers: out, body, latencyMs: deps.now() - started };
  } catch (error) {
    if (signal.aborted) return failed(UPSTREAM_TIMEOUT, `The upstream ${host} did not finish its answer within ${config.timeout_ms} ms.`);
    return failed(UPSTREAM_UNREACHABLE, `The upstream ${host} broke off its answer (${reason(error)}).`);
  }
}

/** A short reason without URLs (which could carry what the client sent). */
function reason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/https?:\/\/\S+/g, '<url>').slice(0, 200);
}
