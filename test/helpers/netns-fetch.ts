/**
 * Run inside a fresh network namespace by test/spec-fetch-netns.test.ts: a "public" server on
 * 93.184.215.14 (an address given to this namespace's loopback device; nothing leaves it) and an
 * "internal" one on 127.0.0.1, with a resolver that answers the public address first and loopback
 * after (DNS rebinding). Prints what each fetch gave, as JSON.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchSpecText } from '../../cli/spec-fetch';
import { PUBLIC_ONLY } from '../../src/net';

const PUBLIC = '93.184.215.14';

async function listen(host: string, handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  // SAFETY: a server listening on a TCP port has an AddressInfo address.
  return (server.address() as AddressInfo).port;
}

const internal = await listen('127.0.0.1', (_req, res) => res.end('internal: admin token here'));
const pub = await listen(PUBLIC, (req, res) => {
  if (req.url === '/to-internal-ip') return res.writeHead(302, { location: `http://127.0.0.1:${internal}/` }).end();
  if (req.url === '/to-internal-name') return res.writeHead(302, { location: `http://internal.example.com:${internal}/` }).end();
  res.end('openapi: 3.1.0 (public)');
});

let lookups = 0;
const rebinding = async (host: string) => {
  lookups += 1;
  if (host === 'internal.example.com') return [{ address: '127.0.0.1', family: 4 }];
  return lookups === 1 ? [{ address: PUBLIC, family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
};

const attempt = (url: string) =>
  fetchSpecText(url, { policy: PUBLIC_ONLY, resolve: rebinding }).then(
    (text) => ({ ok: true, text }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );

const results = {
  public: await attempt(`http://api.example.com:${pub}/spec.yaml`),
  lookupsForPublic: lookups,
  redirectToInternalIp: await attempt(`http://${PUBLIC}:${pub}/to-internal-ip`),
  redirectToInternalName: await attempt(`http://${PUBLIC}:${pub}/to-internal-name`),
};
console.log(JSON.stringify(results));
process.exit(0);
