/**
 * `npm run bench:logs`: log search and analysis latency at 10^4, 10^5 and 10^6 logged requests.
 * Figures, not a test. The rows go straight into the mock's local D1 (workerd via Miniflare,
 * on disk under a temporary state dir, as `mockloop mock` keeps it) by INSERT … SELECT over a
 * recursive counter, with realistic variety: ten operations, 2xx/4xx/5xx with an error burst,
 * skewed latencies, sessions, correlation ids, request bodies on writes, short bodies inline and
 * long ones stored once in log_texts. Every query then goes through the admin API over HTTP, as
 * the admin page and the MCP server send it; each figure is the median of RUNS calls.
 * BENCH_LOG_SIZES=10000,100000 picks other sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cli/build-worker';
import { startLocalStack } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';
import { BASE_TS, CHUNK, fillSql, STEP_MS, textsSql } from './bench-logs-data';

const SIZES = (process.env.BENCH_LOG_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_LOG_RUNS ?? 5);
interface Timed {
  label: string;
  ms: number;
  note: string;
}

async function main() {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'examples', 'bookshop.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const stateDir = mkdtempSync(join(tmpdir(), 'mockloop-bench-logs-'));
  const { freePort } = await import('../test/helpers/stack');
  const stack = await startLocalStack({ stateDir, mocks: [{ name: 'bench', port: await freePort(), adminPort: await freePort(), adminToken: 'bench' }] });
  try {
    await stack.installPlan('bench', compiled.plan);
    const db = await stack.miniflare.getD1Database('DB', 'mock-bench');
    await db.prepare(textsSql()).run();
    const admin = stack.mocks[0].adminUrl;
    const call = async (path: string): Promise<{ ms: number; json: Record<string, unknown> }> => {
      const t = performance.now();
      const res = await fetch(admin + path, { headers: { authorization: 'Bearer bench' } });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return { ms: performance.now() - t, json };
    };
    const median = async (path: string, note: (json: Record<string, unknown>) => string): Promise<Timed> => {
      await call(path); // warm: the isolate, the plan, SQLite's page cache
      const times: number[] = [];
      let last: Record<string, unknown> = {};
      for (let r = 0; r < RUNS; r++) {
        const { ms, json } = await call(path);
        times.push(ms);
        last = json;
      }
      times.sort((a, b) => a - b);
      return { label: path, ms: times[times.length >> 1], note: note(last) };
    };
    const total = (j: Record<string, unknown>) => `total ${j.total}`;
    const requests = (j: Record<string, unknown>) => `requests ${(j.summary as { requests: number }).requests}`;

    let filled = 0;
    for (const size of SIZES) {
      const t = performance.now();
      while (filled < size) {
        const to = Math.min(size, filled + CHUNK);
        await db.prepare(fillSql(filled, to)).run();
        filled = to;
      }
      const fillSeconds = (performance.now() - t) / 1000;
      const lastTs = BASE_TS + (size - 1) * STEP_MS;
      const hourAgo = new Date(lastTs - 3_600_000).toISOString();
      const session = `ci-run-${Math.floor((size - 1) / 2000 / 2)}`;
      console.log(`\n${size.toLocaleString('en')} rows (filled in ${fillSeconds.toFixed(1)} s; median of ${RUNS} calls each, ms)`);
      const cases: Array<[string, (j: Record<string, unknown>) => string]> = [
        ['/api/logs/search?limit=50', total],
        ['/api/logs/search?status=5xx&limit=50', total],
        ['/api/logs/search?status=4xx&operation=getBook', total],
        [`/api/logs/search?session_id=${session}`, total],
        [`/api/logs/search?correlation_id=corr-${size >> 1}`, total],
        [`/api/logs/search?time_from=${hourAgo}`, total],
        ['/api/logs/search?method=POST&time_from=' + hourAgo, total],
        ['/api/logs/search?q=neuromancer', total],
        ['/api/logs/search?q=giftwrap', total],
        ['/api/logs/search?q=anathem&time_from=' + hourAgo, total],
        ['/api/logs/search?path_glob=/v1/orders/*', total],
        [`/api/logs/search?path_regex=${encodeURIComponent('^/v1/authors/a-1[0-9]$')}`, total],
        ['/api/logs/analyze', requests],
        [`/api/logs/analyze?time_from=${hourAgo}`, requests],
        [`/api/logs/analyze?time_from=${hourAgo}&group_by=minute`, requests],
        [`/api/logs/analyze?session_id=${session}`, requests],
        ['/api/logs/analyze?group_by=session', requests],
        ['/api/logs/analyze?status=5xx&group_by=status', requests],
        ['/api/stats', (j) => `requests ${j.requests}`],
      ];
      for (const [path, note] of cases) {
        const r = await median(path, note);
        console.log(`  ${r.ms.toFixed(1).padStart(8)}  ${r.label.replace(/time_from=[^&]+/, 'time_from=<last hour>')}  (${r.note})`);
      }
    }
  } finally {
    await stack.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
