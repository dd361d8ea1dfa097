/**
 * `npx tsx scripts/bench-journal.ts`: how long WireMock-journal searches (POST /__admin/requests/
 * count and /find) take over a full scan window — 10,000 logged requests, the most a search looks
 * at. Figures, not a test. The rows go straight into the mock's local D1 (bench-logs-data.ts);
 * every search goes through the admin API over HTTP; each figure is the median of RUNS calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cli/build-worker';
import { startLocalStack } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';
import { fillSql, textsSql } from './bench-logs-data';

const ROWS = 10_000;
const RUNS = Number(process.env.BENCH_JOURNAL_RUNS ?? 5);

const CASES: Array<[string, string, unknown]> = [
  ['count', 'everything', {}],
  ['count', 'method + urlPath', { method: 'GET', urlPath: '/v1/books' }],
  ['count', 'urlPathPattern', { urlPathPattern: '/v1/books/[^/]+' }],
  ['count', 'header matches', { headers: { 'User-Agent': { matches: 'bench-client/[0-3]' } } }],
  ['count', 'matchesJsonPath filter', { bodyPatterns: [{ matchesJsonPath: '$[?(@.quantity > 5)]' }] }],
  ['count', 'equalToJson ignoreExtraElements', { bodyPatterns: [{ equalToJson: { quantity: 3 }, ignoreExtraElements: true }] }],
  ['count', '(a+)+b-style pattern', { urlPathPattern: '(/|v|1|b|o|k|s|[a-z0-9-]+)+!' }],
  ['find', 'method POST (≈40% rows)', { method: 'POST' }],
];

async function main() {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'examples', 'bookshop.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const stateDir = mkdtempSync(join(tmpdir(), 'mockloop-bench-journal-'));
  const { freePort } = await import('../test/helpers/stack');
  const stack = await startLocalStack({ stateDir, mocks: [{ name: 'bench', port: await freePort(), adminPort: await freePort(), adminToken: 'bench' }] });
  try {
    await stack.installPlan('bench', compiled.plan);
    const db = await stack.miniflare.getD1Database('DB', 'mock-bench');
    await db.prepare(textsSql()).run();
    await db.prepare(fillSql(0, ROWS)).run();
    const admin = stack.mocks[0].adminUrl;
    console.log(`${ROWS.toLocaleString('en')} logged requests; median of ${RUNS} calls, ms`);
    for (const [kind, label, pattern] of CASES) {
      const call = async () => {
        const t = performance.now();
        const res = await fetch(`${admin}/__admin/requests/${kind}`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify(pattern) });
        const json = (await res.json()) as { count?: number; requests?: unknown[] };
        if (!res.ok) throw new Error(`${label}: ${res.status} ${JSON.stringify(json)}`);
        return { ms: performance.now() - t, n: json.count ?? json.requests?.length ?? 0 };
      };
      await call();
      const times: number[] = [];
      let n = 0;
      for (let r = 0; r < RUNS; r++) {
        const out = await call();
        times.push(out.ms);
        n = out.n;
      }
      times.sort((a, b) => a - b);
      console.log(`${kind.padEnd(6)} ${label.padEnd(36)} ${times[times.length >> 1].toFixed(0).padStart(6)} ms  (${n} matched)`);
    }
  } finally {
    await stack.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
