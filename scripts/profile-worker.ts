/**
 * `tsx scripts/profile-worker.ts [seconds] [path]`: a V8 CPU profile of the mock worker under wrk
 * load, summarised as self time by function and by source file. The worker is served as
 * `mockloop mock` serves it (Miniflare, direct sockets, logging on) plus an inspector port; the
 * profile is taken over the Chrome DevTools Protocol from every isolate workerd exposes, so the
 * D1 and Durable Object wrappers show up beside the mock worker.
 *
 * Environment: PROFILE_CONNECTIONS (wrk -c, default 50), PROFILE_VARS (JSON of extra bindings,
 * e.g. '{"LOG_BATCH_ROWS":"1"}'), PROFILE_TOP (rows per table, default 25),
 * PROFILE_OUT (also write the raw .cpuprofile files to this directory).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { buildMockWorker, PROJECT_ROOT } from '../cli/build-worker';
import { COMPATIBILITY_DATE } from '../cli/local-runtime';
import { applyMigrations } from '../cli/migrations';
import { compileSpecAt } from '../cli/spec-source';

const SECONDS = Number(process.argv[2] ?? 5);
const PATH = process.argv[3] ?? '/books';
const CONNECTIONS = process.env.PROFILE_CONNECTIONS ?? '50';
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const VARS: Record<string, string> = JSON.parse(process.env.PROFILE_VARS ?? '{}');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One CDP session over the inspector's WebSocket: `send` resolves with the command's result. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id === undefined) return;
    const done = waiting.get(message.id);
    waiting.delete(message.id);
    done?.(message.error ? { error: message.error } : message.result);
  });
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = next++;
      ws.send(JSON.stringify({ id, method, params }));
      // SAFETY: the caller names the result type of the CDP method it sends.
      return new Promise((resolve) => waiting.set(id, resolve as (result: unknown) => void));
    },
    close: () => ws.close(),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** The bundle keeps esbuild's `// path/to/source.ts` markers: line → source file. */
function sourceMapper(bundle: string): (line: number) => string {
  const starts: Array<{ line: number; file: string }> = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:src|workers|node_modules)\/\S+)$/.exec(text);
    if (m) starts.push({ line: i, file: m[1].replace(/^node_modules\/(\.pnpm\/)?/, 'npm:') });
  });
  return (line) => {
    let file = '(bundle)';
    for (const s of starts) {
      if (s.line > line) break;
      file = s.file;
    }
    return file;
  };
}

function summarise(name: string, profile: CpuProfile, fileOf: (url: string, line: number) => string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') continue;
    const file = frame.url === '' ? '(native)' : fileOf(frame.url, frame.lineNumber);
    const key = `${frame.functionName || '(anonymous)'}  ${file}${frame.url === '' ? '' : `:${frame.lineNumber + 1}`}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const busy = [...byFile.values()].reduce((a, b) => a + b, 0);
  if (busy === 0) return;
  console.log(`\n== ${name}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s not idle`);
  const table = (title: string, map: Map<string, number>) => {
    console.log(`-- self time by ${title} (% of non-idle)`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`${((us / busy) * 100).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
    }
  };
  table('function', byFunction);
  table('file', byFile);
  table('function, including callees', inclusive(profile, self, fileOf));
  if (process.env.PROFILE_CALLERS) table(`callers of ${process.env.PROFILE_CALLERS}`, callersOf(profile, self, process.env.PROFILE_CALLERS));
}

/** Time under each function (self plus callees), each function counted once per stack. */
function inclusive(profile: CpuProfile, self: Map<number, number>, fileOf: (url: string, line: number) => string): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const key = `${frame.functionName || '(anonymous)'}  ${frame.url === '' ? '(native)' : `${fileOf(frame.url, frame.lineNumber)}:${frame.lineNumber + 1}`}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + us);
    }
  }
  return out;
}

/** Self time of the frames named `name`, by the function that called them. */
function callersOf(profile: CpuProfile, self: Map<number, number>, name: string): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || (frame.functionName || '(anonymous)') !== name || frame.url !== '') continue;
    const caller = byId.get(parent.get(id) ?? -1)?.callFrame;
    const key = caller ? `${caller.functionName || '(anonymous)'}:${caller.lineNumber + 1}` : '(none)';
    out.set(key, (out.get(key) ?? 0) + us);
  }
  return out;
}

async function main() {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'examples', 'bookshop.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const scriptPath = await buildMockWorker();
  const fileInBundle = sourceMapper(readFileSync(scriptPath, 'utf8'));
  const [port, adminPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
  const host = '127.0.0.1';
  // The same worker options as cli/local-runtime.ts, plus the inspector.
  const miniflare = new Miniflare({
    host,
    port: 0,
    inspectorPort,
    workers: [
      {
        name: 'mock-bookshop',
        modules: true,
        scriptPath,
        compatibilityDate: COMPATIBILITY_DATE,
        bindings: { MOCK_ID: 'bookshop', ADMIN_TOKEN: 'profile', ...VARS },
        d1Databases: { DB: 'mockloop' },
        durableObjects: { MOCK_STATE: 'MockState' },
        unsafeDirectSockets: [
          { host, port },
          { host, port: adminPort, entrypoint: 'Admin' },
        ],
      },
    ],
  });
  await miniflare.ready;
  const db = await miniflare.getD1Database('DB', 'mock-bookshop');
  // SAFETY: Miniflare's D1 proxy implements the D1Database methods applyMigrations uses.
  await applyMigrations(db as unknown as Parameters<typeof applyMigrations>[0]);
  const put = await fetch(`http://${host}:${adminPort}/api/plan`, {
    method: 'PUT',
    headers: { authorization: 'Bearer profile', 'content-type': 'application/json' },
    body: JSON.stringify(compiled.plan),
  });
  if (!put.ok) throw new Error(`install failed: ${put.status} ${await put.text()}`);
  const url = `http://${host}:${port}${compiled.plan.basePath}${PATH}`;
  execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, '-d3s', url]); // warm-up: JIT, caches, log table

  const targets = (await (await fetch(`http://${host}:${inspectorPort}/json`)).json()) as Array<{ title: string; webSocketDebuggerUrl: string }>;
  const sessions = [];
  for (const target of targets) {
    const session = await connect(target.webSocketDebuggerUrl);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    sessions.push({ title: target.title, session });
  }
  for (const { session } of sessions) await session.send('Profiler.start');
  const out = execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url], { encoding: 'utf8' });
  const profiles = [];
  for (const { title, session } of sessions) {
    const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
    profiles.push({ title, profile });
    session.close();
  }
  console.log(out.trim());
  if (process.env.PROFILE_OUT) mkdirSync(process.env.PROFILE_OUT, { recursive: true });
  for (const { title, profile } of profiles) {
    if (!profile) continue;
    if (process.env.PROFILE_OUT) writeFileSync(join(process.env.PROFILE_OUT, `${title.replace(/\W+/g, '_')}.cpuprofile`), JSON.stringify(profile));
    const fileOf = (u: string, line: number) => (u.endsWith('mock-worker.js') ? fileInBundle(line) : u.replace(/^.*\//, ''));
    summarise(title, profile, fileOf);
  }
  await miniflare.dispose();
}

await main();
process.exit(0);
