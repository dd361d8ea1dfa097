/**
 * `npx tsx scripts/bench-cf-scale.ts [--mocks 100] [--edge-mocks 10] [--seconds 5] [--rounds 3] [--connections 16]`
 * Figures for the closing note, not a test; against the local Cloudflare fake (scripts/cf-fake):
 *  (a) --mocks N mocks deployed then destroyed through the API (the Cloudflare deployer, as
 *      `mockloop deploy` and the MCP worker use it) with the fake storing scripts WITHOUT running
 *      them (runScripts: false): the API path alone — time per deploy and destroy, API calls,
 *      what is left behind. Running them, the fake restarts workerd with every script on each
 *      change, so a deploy costs more the more mocks exist; (b) shows that growth;
 *  (b) --edge-mocks K mocks deployed with the edge running them: time of each deploy in order;
 *  (c) req/s of GET /v1/books of the sample mock through the fake's edge (Host-routed, a Node proxy
 *      in front of workerd) vs the same plan served locally (the local deployer with its state on disk, as `mockloop mock`), with
 *      the same Node keep-alive client (a child process), in alternating rounds; the ratio of the
 *      medians. The fake's edge is not Cloudflare's: the ratio is the cost of the fake's Node proxy.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { LocalDeployer } from '../cli/local-deployer';
import { buildMockWorker } from '../cli/build-worker';
import { readMigrations } from '../cli/migrations';
import { compileSpecAt } from '../cli/spec-source';
import { CloudflareDeployer } from '../src/deploy/cloudflare';
import type { MockPlan } from '../src/plan';
import { type CloudflareFake, startCloudflareFake } from './cf-fake';

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    mocks: { type: 'string', default: '100' },
    'edge-mocks': { type: 'string', default: '10' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
  },
});
const MOCKS = Number(values.mocks);
const EDGE_MOCKS = Number(values['edge-mocks']);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);

const compiled = await compileSpecAt('examples/bookshop.yaml');
if (!compiled.ok) throw new Error(compiled.problem.detail);
const plan = compiled.plan;
const script = await readFile(await buildMockWorker(), 'utf8');
const migrations = await readMigrations();

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function deployerFor(cf: CloudflareFake): CloudflareDeployer {
  return new CloudflareDeployer({ token: cf.token, accountId: cf.accountId, baseUrl: cf.apiUrl, script, migrations, adminTokenFor: async () => 'bench-admin-token-0123456789abcdef' });
}

async function deployMany(deployer: CloudflareDeployer, count: number, p: MockPlan): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const outcome = await deployer.deployPlan({ name: `many-${i}` }, p);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problem));
    times.push(performance.now() - started);
  }
  return times;
}

/** (a) the API path: N deploys and N destroys with scripts stored, not run. */
async function apiPath(): Promise<void> {
  if (MOCKS <= 0) return;
  const cf = await startCloudflareFake({ subdomain: 'bench', runScripts: false });
  try {
    const deployer = deployerFor(cf);
    // The account's first deploy creates the database and applies the migrations: not counted.
    const warm = await deployer.deployPlan({ name: 'warmup' }, plan);
    if (!warm.ok) throw new Error(JSON.stringify(warm.problem));
    const calls0 = cf.calls.length;
    const started = performance.now();
    const deploys = await deployMany(deployer, MOCKS, plan);
    const deployed = performance.now();
    const calls1 = cf.calls.length;
    const destroys: number[] = [];
    for (let i = 0; i < MOCKS; i++) {
      const t = performance.now();
      const outcome = await deployer.destroy(`many-${i}`);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problem));
      destroys.push(performance.now() - t);
    }
    const done = performance.now();
    const rows = (await deployer.list()).filter((m) => m.name.startsWith('many-')).length;
    const scripts = [...cf.state.scripts.keys()].filter((n) => n.startsWith('many-')).length;
    console.log(`(a) API path, scripts stored not run: ${MOCKS} mocks`);
    console.log(`    deploy:  total ${s(deployed - started)}, per deploy median ${deploys.length ? pct(deploys, 50).toFixed(0) : 0} ms, p90 ${pct(deploys, 90).toFixed(0)} ms, ${((calls1 - calls0) / MOCKS).toFixed(1)} API calls each`);
    console.log(`    destroy: total ${s(done - deployed)}, per destroy median ${pct(destroys, 50).toFixed(0)} ms, ${((cf.calls.length - calls1) / MOCKS).toFixed(1)} API calls each`);
    console.log(`    left behind: ${rows} registry rows, ${scripts} scripts`);
  } finally {
    await cf.close();
  }
}

/** (b) deploys with the edge running every script: each costs a workerd restart with all of them. */
async function edgePath(): Promise<void> {
  if (EDGE_MOCKS <= 0) return;
  const cf = await startCloudflareFake({ subdomain: 'bench' });
  try {
    const deployer = deployerFor(cf);
    const warm = await deployer.deployPlan({ name: 'warmup' }, plan);
    if (!warm.ok) throw new Error(JSON.stringify(warm.problem));
    const times = await deployMany(deployer, EDGE_MOCKS, plan);
    console.log(`(b) edge running the scripts: ${EDGE_MOCKS} deploys in order (1 … ${EDGE_MOCKS} scripts besides warmup): ${times.map((t) => (t / 1000).toFixed(1)).join(', ')} s`);
    for (let i = 0; i < EDGE_MOCKS; i++) await deployer.destroy(`many-${i}`);
  } finally {
    await cf.close();
  }
}

/**
 * Requests per second of GET `path` with CONNECTIONS keep-alive connections for SECONDS, through
 * `origin` with `host`, from a child process: the fake's edge is a Node server in this process,
 * and a client sharing its event loop would slow it down.
 */
async function load(origin: URL, host: string, path: string): Promise<{ rps: number; errors: number }> {
  const code = `
const { Agent, request } = require('node:http');
const [hostname, port, host, path, conns, secs] = process.argv.slice(1);
const agent = new Agent({ keepAlive: true, maxSockets: Number(conns) });
const deadline = performance.now() + Number(secs) * 1000;
let ok = 0, errors = 0;
const one = () => new Promise((resolve) => {
  const req = request({ hostname, port, path, headers: { host }, agent }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ok++; else errors++; resolve(); });
  });
  req.on('error', () => { errors++; resolve(); });
  req.end();
});
const started = performance.now();
Promise.all(Array.from({ length: Number(conns) }, async () => { while (performance.now() < deadline) await one(); })).then(() => {
  agent.destroy();
  console.log(JSON.stringify({ rps: ok / ((performance.now() - started) / 1000), errors }));
});`;
  const { stdout } = await run(process.execPath, ['-e', code, origin.hostname, origin.port, host, path, String(CONNECTIONS), String(SECONDS)]);
  return JSON.parse(stdout) as { rps: number; errors: number };
}

/** (c) the same mock through the fake's edge and served locally. */
async function ratio(): Promise<void> {
  const cf = await startCloudflareFake({ subdomain: 'bench' });
  // Local as `mockloop mock` serves it: D1 and Durable Objects persisted on disk, like the fake's.
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-cf-local-'));
  const localDeployer = new LocalDeployer({ stateDir });
  const started = await localDeployer.deployPlan({ name: 'local', adminToken: 'bench-admin-token-0123456789abcdef' }, plan);
  if (!started.ok) throw new Error(JSON.stringify(started.problem));
  const local = { url: started.mock.mockUrl + plan.basePath, close: () => localDeployer.dispose() };
  try {
    const deployed = await deployerFor(cf).deployPlan({ name: 'shop' }, plan);
    if (!deployed.ok) throw new Error(JSON.stringify(deployed.problem));
    const edge = { origin: new URL(cf.edgeUrl), host: new URL(deployed.mock.mockUrl).host };
    const mine = new URL(local.url);
    // Warm both (isolates, plan cache) before measuring.
    await load(edge.origin, edge.host, '/v1/books');
    await load(mine, mine.host, '/v1/books');
    const edgeRps: number[] = [];
    const localRps: number[] = [];
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const e = await load(edge.origin, edge.host, '/v1/books');
      const l = await load(mine, mine.host, '/v1/books');
      edgeRps.push(e.rps);
      localRps.push(l.rps);
      errors += e.errors + l.errors;
    }
    const e = pct(edgeRps, 50);
    const l = pct(localRps, 50);
    console.log(`(c) GET /v1/books, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s:`);
    console.log(`    edge (fake) ${e.toFixed(0)} req/s [${edgeRps.map((x) => x.toFixed(0)).join(', ')}], local ${l.toFixed(0)} req/s [${localRps.map((x) => x.toFixed(0)).join(', ')}], ratio edge/local ${(e / l).toFixed(2)}; non-200: ${errors}`);
  } finally {
    await local.close();
    await cf.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

await apiPath();
await edgePath();
await ratio();
