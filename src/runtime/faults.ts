/**
 * Fault injection, pure: delays drawn from a latency model, which error to answer with, and what a
 * broken body looks like. Randomness comes in as a parameter (seeded by a rule's fault seed).
 */
import type { PlanOperation } from '../plan';
import { type Fault, type Latency, MAX_DELAY_MS } from '../scenarios/model';

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
export function errorStatus(operation: PlanOperation, fault: Fault, random: () => number): number {
  const given = fault.error_status;
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
