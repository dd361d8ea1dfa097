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
