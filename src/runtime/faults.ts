/**
 * Faults: a tagged union and the one place that applies them. Each fault wraps the answer
 * (`next`): `error` answers instead of it, the others change what it answered. A new fault is a
 * case here, its field in the scenario model and a line in the compiler (src/scenarios/compile.ts).
 * Randomness comes in with the scene (seeded by a rule's fault seed).
 */
import type { PlanOperation } from '../plan';
import { problem } from '../problem';
import type { Delivery, MockRequest, MockResponse, Responder } from './contract';
import { INJECTED_FAULT } from './errors';

/** Longest delay a rule may ask for: a request waits this long at most. */
export const MAX_DELAY_MS = 60_000;

export type Latency =
  | { type: 'fixed'; ms: number }
  | { type: 'uniform'; min_ms: number; max_ms: number }
  /** Log-normal around `median_ms` with spread `sigma` of ln(delay), capped at `max_ms` (default MAX_DELAY_MS). */
  | { type: 'lognormal'; median_ms: number; sigma: number; max_ms?: number };

export type Fault =
  /** A share `rate` of requests is answered with an error (one of `status`, else a declared 5xx/429, else 503). */
  | { type: 'error'; rate: number; status?: number | number[]; retryAfter?: number }
  /** The status and headers with no body. */
  | { type: 'empty' }
  /** A truncated body that no longer parses. */
  | { type: 'malformed' }
  /** The body sent `chunkBytes` at a time, `intervalMs` apart. */
  | { type: 'dribble'; chunkBytes: number; intervalMs: number }
  /** A wait before answering. */
  | { type: 'latency'; latency: Latency };

/** What a fault may use: the request it steers and the responder for an answer of its own. */
export interface FaultScene {
  op: PlanOperation;
  request: MockRequest;
  /** Who injected the fault (a scenario's name or `override`), for the problem's detail. */
  source: string;
  random: () => number;
  responder: Responder;
  /** Finishes a response made instead of the answer (the rule's headers). */
  finish(res: MockResponse): MockResponse;
}

/** One fault around the answer `next`. */
export async function applyFault(fault: Fault, next: () => Promise<MockResponse>, scene: FaultScene): Promise<MockResponse> {
  switch (fault.type) {
    case 'error':
      return scene.random() < fault.rate ? scene.finish(injectedError(fault, scene)) : next();
    case 'empty':
      return { ...(await next()), body: null };
    case 'malformed': {
      const res = await next();
      return { ...res, body: malformBody(res.body) };
    }
    case 'dribble': {
      const res = await next();
      return res.body === null ? res : delivered(res, { dribble: { chunkBytes: fault.chunkBytes, intervalMs: fault.intervalMs } });
    }
    case 'latency': {
      const res = await next();
      const delayMs = sampleDelay(fault.latency, scene.random);
      return delayMs > 0 ? delivered(res, { delayMs }) : res;
    }
  }
}

/** The operation's own declared response for the status, else problem+json; 429 and 503 carry Retry-After. */
function injectedError(fault: Extract<Fault, { type: 'error' }>, { op, request, source, random, responder }: FaultScene): MockResponse {
  const status = errorStatus(op, fault.status, random);
  const detail = `An error injected by ${source === 'override' ? 'an override' : `scenario "${source}"`} (error_rate ${fault.rate}).`;
  const res = responder.fail(op, status, problem({ ...INJECTED_FAULT, status }, detail), request);
  if ((status === 429 || status === 503) && res.headers['retry-after'] === undefined) res.headers['retry-after'] = String(fault.retryAfter ?? 1);
  return res;
}

function delivered(res: MockResponse, change: Partial<Delivery>): MockResponse {
  return { ...res, delivery: { delayMs: 0, ...res.delivery, ...change } };
}

/** A delay in ms: fixed, uniform in [min, max], or log-normal around a median (capped). */
export function sampleDelay(latency: Latency, random: () => number): number {
  if (latency.type === 'fixed') return latency.ms;
  if (latency.type === 'uniform') return Math.round(latency.min_ms + random() * (latency.max_ms - latency.min_ms));
  // Box–Muller: one standard normal draw from two uniforms (1 - u keeps the log finite).
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const value = Math.exp(Math.log(latency.median_ms) + latency.sigma * normal);
  return Math.round(Math.min(value, latency.max_ms ?? MAX_DELAY_MS));
}

/**
 * The error status to answer with: one the fault names, else one of the operation's own declared
 * 5xx or 429 responses, else 503.
 */
export function errorStatus(operation: PlanOperation, given: number | number[] | undefined, random: () => number): number {
  if (given !== undefined) return Array.isArray(given) ? given[Math.floor(random() * given.length)] : given;
  const declared = operation.responses.map((r) => r.status).filter((s) => /^(5\d\d|429)$/.test(s));
  if (declared.length === 0) return 503;
  return Number(declared[Math.floor(random() * declared.length)]);
}

/** A body that no longer parses: cut in half, and made invalid where half of it still parses. */
export function malformBody(body: string | Uint8Array | null): string {
  const text = body === null ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body);
  let broken = text.slice(0, Math.floor(text.length / 2));
  if (broken === '' || parses(broken)) broken += '{"';
  return broken;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Splits a body into chunks of `size` bytes for a dribbled response. */
export function chunksOf(body: string | Uint8Array, size: number): Uint8Array[] {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.byteLength; i += size) chunks.push(bytes.subarray(i, Math.min(i + size, bytes.byteLength)));
  return chunks;
}
