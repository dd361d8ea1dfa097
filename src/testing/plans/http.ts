/** One step's request, sent with a time limit, and its response read up to a byte limit. */
import { readResponseCapped } from '../../net';
import type { FetchLike } from './admin-actions';
import type { ObservedResponse } from './checks';

export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type Sent = { ok: true; response: ObservedResponse } | { ok: false; reason: string; timedOut: boolean };

export async function send(request: OutgoingRequest, fetchImpl: FetchLike, options: { timeoutMs: number; maxBytes: number; signal: AbortSignal; now: () => number }): Promise<Sent> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout.signal]);
  const started = options.now();
  try {
    const res = await fetchImpl(request.url, { method: request.method, headers: request.headers, body: request.body, signal, redirect: 'manual' });
    const bytes = await readResponseCapped(res, options.maxBytes);
    const truncated = bytes === null;
    const text = bytes === null ? '' : new TextDecoder().decode(bytes);
    const latencyMs = options.now() - started;
    const contentType = res.headers.get('content-type') ?? '';
    return { ok: true, response: { status: res.status, headers: res.headers, body: truncated ? undefined : decode(text, contentType), contentType, latencyMs, truncated } };
  } catch (error) {
    if (timeout.signal.aborted) return { ok: false, reason: `no response within ${options.timeoutMs} ms`, timedOut: true };
    if (options.signal.aborted) return { ok: false, reason: 'cancelled', timedOut: false };
    return { ok: false, reason: `the request failed: ${error instanceof Error ? error.message : String(error)}`, timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

function decode(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
