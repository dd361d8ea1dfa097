/**
 * `npm run bench:plans`: what the test-plan runner costs over bare requests. Against one in-memory
 * bookshop mock, the same 200 GETs are sent (a) by a plain sequential fetch loop and (b) by
 * runTestPlan (20 iterations × 10 steps, each with a status check, a JSONPath assertion, schema
 * conformance to the spec and a variable extraction). Figures, not a test: alternating rounds,
 * medians of ROUNDS, and the ratio (b)/(a) in the same run.
 */
import { join } from 'node:path';
import { startMock } from '../cli/api';
import { PROJECT_ROOT } from '../cli/build-worker';
import type { MockPlan } from '../src/plan';
import { checkTestPlan, planLookup, runTestPlan } from '../src/testing/plans';

const ROUNDS = Number(process.env.BENCH_PLAN_ROUNDS ?? 5);
const BOOK = '/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11';

async function main() {
  const mock = await startMock({ spec: join(PROJECT_ROOT, 'examples', 'bookshop.yaml'), name: 'bench-plans' });
  try {
    const full = (await (await fetch(`${mock.adminUrl}/api/plan?full=true`, { headers: { authorization: `Bearer ${mock.token}` } })).json()) as MockPlan;
    const lookup = planLookup(full);
    const steps = Array.from({ length: 10 }, (_, i) => ({
      name: `step ${i}`,
      request: { path: i % 2 ? BOOK : '/books', query: i % 2 ? undefined : { limit: 2 } },
      expect: { status: 200, schema: true, assert: [{ path: i % 2 ? '$.id' : '$.items[0].id', type: 'string' }] },
      extract: { [`v${i}`]: { path: i % 2 ? '$.id' : '$.items[0].id' } },
    }));
    const checked = checkTestPlan({ name: 'bench', isolate: false, steps, iterations: Array.from({ length: 20 }, (_, i) => ({ name: `i${i}` })) });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
    const urls = Array.from({ length: 200 }, (_, i) => `${mock.url}${i % 2 ? BOOK : '/books?limit=2'}`);
    const bare: number[] = [];
    const plan: number[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      let t = performance.now();
      for (const url of urls) await (await fetch(url)).text();
      const a = performance.now() - t;
      t = performance.now();
      const out = await runTestPlan(checked.value, { target: mock.url, fetch, lookup });
      const b = performance.now() - t;
      if (!out.ok || out.result.status !== 'passed') throw new Error(`the plan did not pass: ${JSON.stringify(out.ok ? out.result.failures.slice(0, 3) : out.reason)}`);
      if (round > 0) {
        bare.push(a);
        plan.push(b);
      }
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [a, b] = [med(bare), med(plan)];
    console.log(`200 requests, median of ${ROUNDS} rounds (after one warm-up):`);
    console.log(`  bare fetch loop:  ${a.toFixed(0)} ms  (${(a / 200).toFixed(2)} ms/request)`);
    console.log(`  runTestPlan:      ${b.toFixed(0)} ms  (${(b / 200).toFixed(2)} ms/step with status, JSONPath, schema and extraction)`);
    console.log(`  ratio plan/bare:  ${(b / a).toFixed(2)}`);
  } finally {
    await mock.close();
  }
}

await main();
