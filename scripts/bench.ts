/**
 * `npm run bench`: figures, not a test. In one run on this machine:
 *  (a) req/s and p50/p99 of a list endpoint of the sample mock, logging on, served exactly as
 *      `mockloop mock` serves it (workerd via Miniflare, direct sockets);
 *  (b) the same load on a bare worker returning the same body under plain `workerd serve`;
 *  (c) compile time of the largest spec in ../shared/specs;
 *  (d) log rows present after a fixed-count run / requests sent;
 *  (e) req/s with a scenario active and with stateful CRUD on, against none (scripts/bench-steering.ts);
 *  (f) req/s of a proxied GET against the same GET straight to the upstream (scripts/bench-proxy.ts).
 * (a) and (b) run in alternating rounds (BENCH_ROUNDS, default 3) with both servers up, and the
 * medians are compared, so a load that comes and goes on the machine weighs on both alike.
 * Also the log pipeline: the same load with one D1 write per request (LOG_BATCH_ROWS=1).
 * Needs `wrk` (Debian: apt-get install wrk).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPATIBILITY_DATE, startLocalStack } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';
import { PROJECT_ROOT } from '../cli/build-worker';
import { benchProxy } from './bench-proxy';
import { benchSteering } from './bench-steering';

const DURATION = process.env.BENCH_SECONDS ?? '10';
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? '50';
const EXACT_REQUESTS = Number(process.env.BENCH_EXACT ?? 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

function wrk(url: string, seconds = DURATION): WrkResult {
  const out = execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const pct = (p: string) => toMs(new RegExp(`\\s${p}%\\s+([\\d.]+\\w+)`).exec(out)?.[1] ?? '0ms');
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (non2xx) console.warn(`  warning: ${non2xx[1]} non-2xx responses`);
  return { rps, p50: pct('50'), p99: pct('99'), requests };
}

function toMs(text: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return 0;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** The median of each figure across rounds. */
function medianResult(results: WrkResult[]): WrkResult {
  const median = (pick: (r: WrkResult) => number) => {
    const values = results.map(pick).sort((x, y) => x - y);
    return values[Math.floor(values.length / 2)];
  };
  return { rps: median((r) => r.rps), p50: median((r) => r.p50), p99: median((r) => r.p99), requests: median((r) => r.requests) };
}

async function freePortPair(): Promise<[number, number]> {
  const { createServer } = await import('node:net');
  const one = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
  return [await one(), await one()];
}

async function serveSample(vars: Record<string, string> = {}) {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'examples', 'bookshop.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const [port, adminPort] = await freePortPair();
  const stack = await startLocalStack({ stateDir: false, mocks: [{ name: 'bookshop', port, adminPort, adminToken: 'bench', vars }] });
  await stack.installPlan('bookshop', compiled.plan);
  const mock = stack.mocks[0];
  const total = async () => {
    const res = await fetch(`${mock.adminUrl}/api/requests?limit=1`, { headers: { authorization: 'Bearer bench' } });
    return ((await res.json()) as { total: number }).total;
  };
  return { stack, url: `${mock.mockUrl}${compiled.plan.basePath}/books`, total };
}

async function settle(total: () => Promise<number>, expected: number): Promise<number> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = await total();
    if (now >= expected || now === last) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 200));
  }
  return last;
}

/** Sends exactly n requests, `concurrency` at a time, and counts the answers. */
async function exactRun(url: string, n: number, concurrency: number): Promise<number> {
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status === 200) ok++;
      }
    }),
  );
  return ok;
}

async function bareWorker(body: string): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mockloop-bare-'));
  const [port] = await freePortPair();
  writeFileSync(
    join(dir, 'bare.js'),
    `const body = ${JSON.stringify(body)};\nexport default { fetch() { return new Response(body, { headers: { 'content-type': 'application/json' } }); } };\n`,
  );
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .bare) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const bare :Workerd.Worker = ( modules = [ (name = "bare.js", esModule = embed "bare.js") ], compatibilityDate = "${COMPATIBILITY_DATE}" );
`,
  );
  const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'workerd'), ['serve', join(dir, 'config.capnp')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

async function compileLargest(): Promise<{ file: string; ms: number; operations: number } | null> {
  const dir = join(PROJECT_ROOT, '..', 'shared', 'specs');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
  } catch {
    return null;
  }
  const largest = files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  const times: number[] = [];
  let operations = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const out = await compileSpecAt(join(dir, largest));
    times.push(performance.now() - t);
    if (out.ok) operations = out.plan.operations.length;
  }
  times.sort((a, b) => a - b);
  return { file: largest, ms: times[2], operations };
}

async function main() {
  console.log(`wrk -t2 -c${CONNECTIONS} -d${DURATION}s, node ${process.version}\n`);

  const sample = await serveSample();
  const body = await (await fetch(sample.url)).text();
  const bare = await bareWorker(body);
  wrk(sample.url, '3'); // warm-up runs
  wrk(bare.url, '3');
  const as: WrkResult[] = [];
  const bs: WrkResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const a = wrk(sample.url);
    const b = wrk(bare.url);
    as.push(a);
    bs.push(b);
    console.log(`  round ${round}: (a) ${a.rps.toFixed(0)} req/s, (b) ${b.rps.toFixed(0)} req/s, a/b ${(a.rps / b.rps).toFixed(2)}`);
  }
  bare.stop();
  const a = medianResult(as);
  const b = medianResult(bs);
  await settle(sample.total, as.reduce((n, r) => n + r.requests, 0));
  const before = await sample.total();
  const okCount = await exactRun(sample.url, EXACT_REQUESTS, Number(CONNECTIONS));
  const rows = (await settle(sample.total, before + EXACT_REQUESTS)) - before;
  await sample.stack.dispose();

  const unbatched = await serveSample({ LOG_BATCH_ROWS: '1' });
  await exactRun(unbatched.url, 2000, 50);
  const u = wrk(unbatched.url);
  const uRows = await settle(unbatched.total, u.requests + 2000);
  await unbatched.stack.dispose();

  const c = await compileLargest();

  const fmt = (r: WrkResult) => `${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`;
  console.log(`GET /v1/books (${body.length} B JSON)`);
  console.log(`(a) mockloop mock, logging on     ${fmt(a)}  (median of ${ROUNDS} rounds)`);
  console.log(`(b) bare worker, workerd serve    ${fmt(b)}  (median of ${ROUNDS} rounds)`);
  console.log(`    a/b throughput ${(a.rps / b.rps).toFixed(2)}  (target >= 0.7);  p99 a/b ${(a.p99 / Math.max(b.p99, 0.001)).toFixed(2)}  (target <= 2)`);
  console.log(`    one D1 write per request      ${fmt(u)}  → batched/unbatched ${(a.rps / u.rps).toFixed(2)}; rows ${uRows} for ${u.requests + 2000} answered`);
  if (c) console.log(`(c) compile ${c.file} (${c.operations} operations): ${c.ms.toFixed(0)} ms (median of 5)`);
  else console.log('(c) skipped: ../shared/specs is absent');
  console.log(`(d) log rows after ${EXACT_REQUESTS} requests (${okCount} answered 200): ${rows} → ${((rows / EXACT_REQUESTS) * 100).toFixed(2)}%`);
  console.log((await benchSteering()).join('\n'));
  console.log((await benchProxy()).join('\n'));
}

await main();
process.exit(0);
