/**
 * `fetch` for a public URL (`https://n.sub.workers.dev/x`) answered by the fake's edge: the request
 * goes to the edge port with the URL's host in the Host header, which Node's fetch cannot set.
 */
import { Agent, request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';

export function createEdgeFetch(edgeUrl: string) {
  const edge = new URL(edgeUrl);
  // Idle connections close after 10 s on this side, well inside the edge server's 30 s, so a
  // request never goes out on a connection the server is closing.
  const agent = new Agent({ keepAlive: true, timeout: 10_000 });
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const target = new URL(input);
    const headers = new Headers(init.headers);
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: edge.hostname,
          port: edge.port,
          method: init.method ?? 'GET',
          path: target.pathname + target.search,
          headers: { ...Object.fromEntries(headers), host: target.host, ...(body ? { 'content-length': String(body.length) } : {}) },
          signal: init.signal ?? undefined,
          agent,
        },
        (res) => {
          const out = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const status = res.statusCode ?? 502;
          const noBody = status === 204 || status === 304 || init.method === 'HEAD';
          // SAFETY: Readable.toWeb of an IncomingMessage yields the byte stream Response accepts.
          const stream = noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
          if (noBody) res.resume();
          resolve(new Response(stream, { status, statusText: res.statusMessage, headers: out }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
