/** One step's request, sent with a time limit, and its response read up to a byte limit. */
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
    const { text, truncated } = await readCapped(res, options.maxBytes);
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

async function readCapped(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { text: '', truncated: true };
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(all), truncated: false };
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
