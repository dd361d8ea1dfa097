/**
 * A real API for the proxy tests: a Node http server on loopback with latency, errors, answers
 * that break the spec (proxy-api.yaml), a counter that answers differently each time, and an echo
 * of what it received (the injected credentials included).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface TestUpstream {
  url: string;
  /** Requests received, newest last: method, path and headers. */
  seen: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

const ITEMS = [
  { id: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', name: 'lamp', price: 12.5, createdAt: '2026-12-05T10:00:00.000Z' },
  { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'desk', price: 99, createdAt: '2026-12-05T10:01:00.000Z' },
];

export async function startTestUpstream(): Promise<TestUpstream> {
  const seen: TestUpstream['seen'] = [];
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    seen.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${Math.random().toString(36).slice(2)}${Date.now()}`, ...headers });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      const path = url.pathname.replace(/^\/v1/, '');
      if (path === '/items') return json(200, ITEMS);
      if (path.startsWith('/items/')) {
        const item = ITEMS.find((i) => i.id === path.slice(7));
        return item ? json(200, { ...item, id: crypto.randomUUID(), createdAt: new Date().toISOString() }) : json(404, { error: 'no such item' });
      }
      if (path === '/payments') return json(201, { id: 'pay_1', state: 'live' });
      // Breaks the spec: count must be an integer.
      if (path === '/broken') return json(200, { count: 'many', extra: 'ü' });
      if (path === '/slow') return void setTimeout(() => json(200, {}), 3000).unref();
      if (path === '/counter') {
        counter += 1;
        return setTimeout(() => json(200, { n: counter }), 60);
      }
      if (path === '/missing') return json(501, { error: 'not implemented upstream' });
      if (path === '/echo') return json(200, { authorization: req.headers.authorization ?? null, apiKey: req.headers['x-api-key'] ?? null });
      json(404, { error: 'unknown' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
