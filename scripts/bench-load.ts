/**
 * `npm run bench:load`: the load engine's figures, not a test. In one run on this machine:
 *  (a) the highest rate the engine sustains (≥ 99% of the asked rate achieved, < 1% dropped)
 *      against a bare local worker, stepping the rate up (one rate no shard count keeps does not
 *      end the ladder; two in a row do: this VM varies from run to run), with the shard
 *      count used and the CPU per request of the engine's workerd processes and of the target's
 *      (from /proc);
 *  (b) the baseline on the same worker in the same run: wrk when installed, and autocannon
 *      (50 connections, as fast as they go; the median of BENCH_BASELINE_ROUNDS rounds, 3); the
 *      ratio (a)/(b);
 *  (c) a run at BENCH_LOAD_RATE (500/s) for BENCH_LOAD_SECONDS (60) on the sample mock: achieved
 *      rate, percentiles, dropped iterations.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Miniflare } from 'miniflare';
import { startMock } from '../cli/api';
import { startEngine } from '../cli/engine-runtime';
import { defaultEngineProcesses } from '../cli/engine-shard-hosts';
import { COMPATIBILITY_DATE } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';
import type { MockPlan } from '../src/plan';
import type { LoadSummary } from '../src/testing/load';

const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 5);
const RATES = (process.env.BENCH_RATES ?? '1000,2000,3000,4000,5000,6000,7000,8000,9000,10000,11000,12000,13000,14000,15000,16000').split(',').map(Number);
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 500);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
/** workerd processes the engine spreads shards over (cli/engine-shard-hosts.ts), and the shard counts tried at each rate (per process). */
const PROCESSES = defaultEngineProcesses();
const SHARDS_PER_PROCESS = (process.env.BENCH_SHARDS_PER_PROCESS ?? '4,6').split(',').map(Number);
const BASELINE_ROUNDS = Number(process.env.BENCH_BASELINE_ROUNDS ?? 3);

/** A plan with one operation, GET /, for the bare worker. */
const BARE_PLAN = {
  format: 1, version: 'bare', title: 'bare', apiVersion: '1', specVersion: '3.1.0', basePath: '',
  operations: [{ id: 'GET /', method: 'get', path: '/', tags: [], parameters: [], security: [], responses: [{ status: '200', description: 'ok', headers: [], contents: [] }] }],
  schemas: {}, securitySchemes: {}, warnings: [],
} as unknown as MockPlan;

/** The workerd processes this process started (other sessions on the machine run their own), shard hosts included. */
function workerdPids(): Set<number> {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = out.split('\n').map((l) => l.trim().split(/\s+/));
  return new Set(rows.filter((r) => Number(r[1]) === process.pid && r.slice(2).join(' ').includes('workerd')).map((r) => Number(r[0])));
}

function cpuMs(pid: number): number {
  if (!existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status === 1; // wrk --version exits 1
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** wrk when installed (`apt-get install wrk`), and autocannon: 50 connections, as fast as they go; the median of a few rounds (this VM varies by ±20% from one run to the next). */
async function baselines(url: string): Promise<Array<{ tool: string; rps: number; rounds: number[] }>> {
  const out: Array<{ tool: string; rps: number; rounds: number[] }> = [];
  if (hasWrk()) {
    const rounds: number[] = [];
    for (let r = 0; r < BASELINE_ROUNDS; r++) {
      const text = execFileSync('wrk', ['-t2', '-c50', `-d${STEP_SECONDS}s`, url], { encoding: 'utf8' });
      rounds.push(Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0));
    }
    out.push({ tool: 'wrk', rps: median(rounds), rounds });
  }
  const rounds: number[] = [];
  for (let r = 0; r < BASELINE_ROUNDS; r++) {
    const result = await new Promise<{ requests: { average: number } }>((resolve) => {
      autocannon({ url, connections: 50, duration: STEP_SECONDS }).on('done', resolve as never);
    });
    rounds.push(result.requests.average);
  }
  out.push({ tool: 'autocannon', rps: median(rounds), rounds });
  return out;
}

interface View {
  status: string;
  summary: LoadSummary;
}

async function main(): Promise<void> {
  const bare = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [{ name: 'bare', modules: true, script: 'export default { fetch() { return new Response("ok"); } }', compatibilityDate: COMPATIBILITY_DATE, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }],
  });
  await bare.ready;
  // The bare worker's own workerd process: what answering costs it, beside what sending costs the engine.
  const barePids = [...workerdPids()];
  const bareCpu = () => barePids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const bareUrl = (await bare.unsafeGetDirectURL('bare')).href.replace(/\/$/, '');
  const mock = await startMock({ spec: 'examples/bookshop.yaml', name: 'bookshop' });
  const before = workerdPids();
  const engine = await startEngine({
    allowedHosts: [new URL(bareUrl).host, new URL(mock.url).host].join(','),
    vars: { LOAD_MAX_RATE: '20000', LOAD_MAX_SHARDS: '200' },
  });
  const enginePids = () => [...workerdPids()].filter((p) => !before.has(p));
  const engineCpu = () => enginePids().reduce((sum, pid) => sum + cpuMs(pid), 0);
  const run = async (body: Record<string, unknown>): Promise<View> => {
    const res = await engine.fetch('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = (await res.json()) as { id: string; detail?: string };
    if (res.status !== 202) throw new Error(started.detail);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const view = (await (await engine.fetch(`/runs/${started.id}`)).json()) as View;
      if (view.status !== 'running') return view;
    }
  };
  try {
    // (a) step the rate up until the engine no longer keeps it, trying a few shard counts at each rate.
    console.log(`engine: ${PROCESSES} workerd process(es) (MOCKLOOP_ENGINE_PROCESSES), ${STEP_SECONDS}s per step`);
    let best: { rate: number; achieved: number; shards: number; cpuPerRequestMs: number } | null = null;
    let missed = 0;
    for (const rate of RATES) {
      let kept: { rate: number; achieved: number; shards: number; cpuPerRequestMs: number } | null = null;
      for (const perProcess of SHARDS_PER_PROCESS) {
        const shards = perProcess * PROCESSES;
        const cpu0 = engineCpu();
        const target0 = bareCpu();
        const view = await run({ target: { url: bareUrl }, plan: BARE_PLAN, rate, durationMs: STEP_SECONDS * 1000, shards });
        // Shard hosts start on the first run that needs them: their CPU counts from then on.
        const cpu = engineCpu() - cpu0;
        const targetCpu = bareCpu() - target0;
        const m = view.summary.metrics;
        const achieved = m.http_reqs.values.count / STEP_SECONDS;
        const asked = rate * STEP_SECONDS;
        const ok = m.http_reqs.values.count >= 0.99 * asked && m.dropped_iterations.values.count < 0.01 * asked;
        const perRequest = cpu / m.http_reqs.values.count;
        const targetPerRequest = targetCpu / m.http_reqs.values.count;
        console.log(`engine at ${rate}/s, ${shards} shards: ${achieved.toFixed(0)}/s achieved, ${m.dropped_iterations.values.count} dropped, p95 ${m.http_req_duration.values['p(95)']} ms, ${perRequest.toFixed(3)} ms CPU per request (target ${targetPerRequest.toFixed(3)})${ok ? '' : '  ← not sustained'}`);
        if (process.env.BENCH_DEBUG) console.log(JSON.stringify(view.summary.series.map((s) => [s.t, s.reqs, s.dropped, s.p95])));
        if (ok && !kept) kept = { rate, achieved, shards, cpuPerRequestMs: perRequest };
        if (ok) break;
      }
      if (!kept) {
        if (++missed === 2) break;
        continue;
      }
      missed = 0;
      best = kept;
    }
    // (b) the baselines on the same worker.
    for (const base of await baselines(`${bareUrl}/`)) {
      console.log(`${base.tool} (50 connections, ${STEP_SECONDS}s, median of ${base.rounds.map((r) => r.toFixed(0)).join(', ')}): ${base.rps.toFixed(0)}/s`);
      if (best) console.log(`(a) engine max sustained ${best.rate}/s with ${best.shards} shards over ${PROCESSES} process(es); ratio to ${base.tool}: ${(best.rate / base.rps).toFixed(2)}; engine CPU ${best.cpuPerRequestMs.toFixed(3)} ms per request sent`);
    }
    if (!best) console.log('(a) the engine did not sustain the lowest rate tried');

    // (c) the sample mock.
    const compiled = await compileSpecAt('examples/bookshop.yaml');
    if (!compiled.ok) throw new Error('bookshop did not compile');
    const view = await run({ target: { url: mock.url }, plan: compiled.plan, rate: LOAD_RATE, durationMs: LOAD_SECONDS * 1000 });
    const m = view.summary.metrics;
    const d = m.http_req_duration.values;
    console.log(
      `(c) bookshop at ${LOAD_RATE}/s for ${LOAD_SECONDS}s: ${m.http_reqs.values.rate}/s achieved (${m.http_reqs.values.count} requests, ${view.summary.state.shards} shards), ` +
        `med ${d.med} ms, p90 ${d['p(90)']} ms, p95 ${d['p(95)']} ms, p99 ${d['p(99)']} ms, max ${d.max} ms, failed ${(m.http_req_failed.values.rate * 100).toFixed(2)}%, dropped ${m.dropped_iterations.values.count}`,
    );
  } finally {
    await engine.dispose();
    await mock.close();
    await bare.dispose();
  }
}

await main();
