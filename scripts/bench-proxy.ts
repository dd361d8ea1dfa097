/**
 * Proxy throughput: req/s of a GET proxied by a mock (proxy mode, upstream answer validated
 * against the spec and logged) against the same GET sent straight to the upstream. The upstream
 * is a Node http server in a child process; the load is keep-alive HTTP/1.1 from this process,
 * BENCH_CONNECTIONS at a time for BENCH_SECONDS, in alternating rounds (BENCH_ROUNDS); the medians
 * are compared. Part of `npm run bench`; alone: `tsx scripts/bench-proxy.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cli/build-worker';
import { startLocalStack } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const UPSTREAM = `
const http = require('node:http');
const body = JSON.stringify([{ id: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', name: 'lamp', price: 12.5, createdAt: '2026-12-05T10:00:00.000Z' }, { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'desk', price: 99 }]);
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Completed 200 answers per second over `seconds`, `connections` keep-alive requests in flight. */
async function load(url: string, seconds: number, connections: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const deadline = Date.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) ok++;
          else failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  agent.destroy();
  if (failed > 0) console.warn(`  warning: ${failed} failed or non-200 answers from ${url}`);
  return ok / ((Date.now() - started) / 1000);
}

async function startUpstream(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', UPSTREAM, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the upstream exited (${code})`)));
  });
  return child;
}

export async function benchProxy(): Promise<string[]> {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'test', 'fixtures', 'proxy-api.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const upstreamPort = await freePort();
  const upstream = await startUpstream(upstreamPort);
  const stack = await startLocalStack({ stateDir: false, mocks: [{ name: 'proxied', port: await freePort(), adminPort: await freePort(), adminToken: 'bench' }] });
  try {
    await stack.installPlan('proxied', compiled.plan);
    const mock = stack.mocks[0];
    const res = await fetch(`${mock.adminUrl}/api/settings`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ upstream: { url: `http://127.0.0.1:${upstreamPort}`, auth: { type: 'bearer', token: 'bench-token-123' } } }),
    });
    if (!res.ok) throw new Error(`setting the upstream: ${res.status} ${await res.text()}`);
    const proxiedUrl = `${mock.mockUrl}/v1/items`;
    const directUrl = `http://127.0.0.1:${upstreamPort}/v1/items`;
    const check = await fetch(proxiedUrl);
    if (check.headers.get('x-mockloop-source') !== 'upstream') throw new Error('the mock did not proxy');
    await load(proxiedUrl, 2, CONNECTIONS);
    const mode = async (m: string) => {
      const r = await fetch(`${mock.adminUrl}/api/settings`, { method: 'PATCH', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ upstream: { mode: m } }) });
      if (!r.ok) throw new Error(`mode ${m}: ${r.status}`);
    };
    const direct: number[] = [];
    const proxied: number[] = [];
    const mocked: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      direct.push(await load(directUrl, SECONDS, CONNECTIONS));
      await mode('proxy');
      proxied.push(await load(proxiedUrl, SECONDS, CONNECTIONS));
      await mode('mock');
      mocked.push(await load(proxiedUrl, SECONDS, CONNECTIONS));
    }
    const d = median(direct);
    const p = median(proxied);
    const m = median(mocked);
    return [
      `(f) proxy: GET /v1/items through the mock (proxy mode, validated, logged) vs straight to the upstream, ${CONNECTIONS} connections, ${ROUNDS}×${SECONDS}s rounds`,
      `    direct ${d.toFixed(0)} req/s, proxied ${p.toFixed(0)} req/s → ratio proxied/direct ${(p / d).toFixed(3)}; the same mock answering itself (mode mock): ${m.toFixed(0)} req/s`,
    ];
  } finally {
    await stack.dispose();
    upstream.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchProxy()) console.log(line);
}
