/**
 * Reaching a deployed mock's public URL. Normally a plain fetch; with MOCKLOOP_EDGE_URL set (the
 * local Cloudflare fake's edge, `npm run cf:fake`), the request goes to that origin with the
 * URL's host in the Host header, which Node's fetch cannot set, hence node:http.
 */
import { request } from 'node:http';

export function edgeFetch(url: string, init: { headers?: Record<string, string> } = {}, edge = process.env.MOCKLOOP_EDGE_URL): Promise<{ status: number; text: string }> {
  if (!edge) return fetch(url, { headers: init.headers }).then(async (res) => ({ status: res.status, text: await res.text() }));
  const target = new URL(url);
  const via = new URL(edge);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: via.hostname, port: via.port, path: target.pathname + target.search, method: 'GET', headers: { ...init.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * A fetch for admin clients of a deployed mock: plain fetch, or through MOCKLOOP_EDGE_URL as
 * above, with any method and a text body.
 */
export function edgeFetchFor(edge = process.env.MOCKLOOP_EDGE_URL): (input: string, init?: RequestInit) => Promise<Response> {
  if (!edge) return (input, init) => fetch(input, init);
  return (input, init = {}) => {
    const target = new URL(input);
    const via = new URL(edge);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    return new Promise((resolve, reject) => {
      const req = request({ host: via.hostname, port: via.port, path: target.pathname + target.search, method: init.method ?? 'GET', headers: { ...headers, host: target.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
          const status = res.statusCode ?? 500;
          const empty = status === 204 || status === 205 || status === 304 || chunks.length === 0;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
  };
}

/** Polls `<adminUrl>/health` until it reports `planVersion`, or `timeoutMs` passes. */
export async function waitForPlan(adminUrl: string, planVersion: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await edgeFetch(`${adminUrl}/health`);
      if (res.status === 200 && (JSON.parse(res.text) as { planVersion?: string }).planVersion === planVersion) return true;
    } catch {
      // Not resolvable yet (a new workers.dev host takes a moment): try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
