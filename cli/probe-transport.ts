/**
 * The Node side of a probe run: the transport (node:http, because fetch refuses TRACE and the
 * probes need it), bounded per request in time and bytes, and the local SSRF canary.
 */
import { createServer, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Canary, ProbeRequest, ProbeResponse } from '../src/testing/probes';

const MAX_BODY = 64 * 1024;

export interface TransportOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
}

/** Sends one probe request; never follows redirects; reads at most `maxBodyBytes` of the answer. */
export function nodeProbeFetch(options: TransportOptions = {}): (request: ProbeRequest, signal: AbortSignal) => Promise<ProbeResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? MAX_BODY;
  return (probe, signal) =>
    new Promise((resolve, reject) => {
      const url = new URL(probe.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const body = probe.body === undefined ? undefined : Buffer.from(probe.body, 'utf8');
      const req = send(url.href, {
        method: probe.method,
        headers: { ...probe.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        signal,
        timeout: timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`${probe.method} ${url.origin}${url.pathname}: no answer within ${timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBody) {
            truncated = true;
            res.destroy();
            return;
          }
          chunks.push(chunk.subarray(0, maxBody - size));
          size += chunk.length;
          if (size > maxBody) truncated = true;
        });
        const done = () => resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks).toString('utf8'), truncated });
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => done());
      });
      req.end(body);
    });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export interface LocalCanary extends Canary {
  close(): Promise<void>;
}

/**
 * A canary on loopback: `url(token)` is `http://127.0.0.1:<port>/canary/<token>`; every request
 * to it is recorded. `graceMs`: how long `hits()` waits for late (asynchronous) fetches.
 */
export async function startLocalCanary(graceMs = 1000): Promise<LocalCanary> {
  const hits = new Set<string>();
  const server = createServer((req, res) => {
    const token = /^\/canary\/([\w-]{1,64})/.exec(req.url ?? '')?.[1];
    if (token) hits.add(token);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (token) => `http://127.0.0.1:${port}/canary/${token}`,
    hits: async () => {
      if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
      return [...hits];
    },
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}
