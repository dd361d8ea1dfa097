/** Serves a Fetch-style handler on a Node HTTP server (the API and the edge both use it). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request, raw: IncomingMessage) => Promise<Response>;

export function toRequest(req: IncomingMessage, origin: string): Request {
  const url = /^https?:\/\//i.test(req.url ?? '') ? (req.url as string) : `${origin}${req.url ?? '/'}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    // SAFETY: Readable.toWeb of an IncomingMessage yields the byte stream Request accepts.
    body: hasBody ? (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>) : undefined,
    duplex: hasBody ? 'half' : undefined,
    // SAFETY: `duplex` is a Node fetch option that RequestInit's declaration lacks.
  } as RequestInit);
}

export async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  // SAFETY: Node's Headers has getSetCookie (workers-types' declaration lacks it).
  const cookies = (response.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  // SAFETY: a Fetch ReadableStream is what Readable.fromWeb reads.
  const body = Readable.fromWeb(response.body as unknown as import('node:stream/web').ReadableStream<Uint8Array>);
  await new Promise<void>((resolve) => {
    body.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', resolve);
    body.pipe(res);
  });
}

export async function listen(handler: FetchHandler, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host ?? `${host}:${port}`}`;
    handler(toRequest(req, origin), req)
      .then((response) => send(res, response))
      .catch((error) => {
        console.error('[cf-fake] handler failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
  });
  // Longer than any client's idle keep-alive (undici 4 s, edgeFetch 10 s): the client closes first.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // SAFETY: a server listening on a TCP host:port reports an AddressInfo.
  return { server, port: (server.address() as AddressInfo).port };
}
