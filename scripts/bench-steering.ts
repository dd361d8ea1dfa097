/**
 * (e) What steering costs the mock origin: req/s of the sample mock's GET /v1/books with nothing
 * active, with a scenario active whose rule answers that very operation (a named example and an
 * extra header), and with stateful CRUD on (the list read from the MockState DO on every request).
 * Rounds alternate between the states on one running mock, so a load that comes and goes weighs on
 * all alike; the medians are compared. Part of `npm run bench`; alone: `tsx scripts/bench-steering.ts`.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cli/build-worker';
import { startLocalStack } from '../cli/local-runtime';
import { compileSpecAt } from '../cli/spec-source';

const SECONDS = process.env.BENCH_SECONDS ?? '10';
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? '50';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function rps(url: string, seconds = SECONDS): number {
  const out = execFileSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, url], { encoding: 'utf8' });
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (non2xx) console.warn(`  warning: ${non2xx[1]} non-2xx responses`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchSteering(): Promise<string[]> {
  const compiled = await compileSpecAt(join(PROJECT_ROOT, 'examples', 'bookshop.yaml'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problem));
  const stack = await startLocalStack({ stateDir: false, mocks: [{ name: 'bookshop', port: await freePort(), adminPort: await freePort(), adminToken: 'bench' }] });
  try {
    await stack.installPlan('bookshop', compiled.plan);
    const mock = stack.mocks[0];
    const url = `${mock.mockUrl}${compiled.plan.basePath}/books`;
    const admin = async (path: string, body: unknown, method = 'POST') => {
      const res = await fetch(mock.adminUrl + path, { method, body: JSON.stringify(body), headers: { authorization: 'Bearer bench', 'content-type': 'application/json' } });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    };
    await admin('/api/mock-data/scenarios', {
      name: 'bench',
      rules: [
        { endpoint: '/books', method: 'GET', example: 'firstPage', headers: { 'x-bench': '1' } },
        { endpoint: '/authors', method: 'GET', status: 400 },
      ],
    });
    const states: Record<string, () => Promise<void>> = {
      none: async () => {
        await admin('/api/settings', { stateful: false }, 'PATCH');
        await admin('/api/mock-data/scenarios/active', { name: null }, 'PUT');
      },
      scenario: async () => admin('/api/mock-data/scenarios/active', { name: 'bench' }, 'PUT'),
      stateful: async () => {
        await admin('/api/mock-data/scenarios/active', { name: null }, 'PUT');
        await admin('/api/settings', { stateful: true }, 'PATCH');
      },
    };
    await admin('/api/mock-data/records', {
      collection: '/books',
      items: Array.from({ length: 20 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, title: `Book ${i}`, authorId: '9b2e4c6a-1f3d-4e5b-8a7c-0d1e2f3a4b5c', isbn: '9780441013593', price: 1, genre: 'poetry', createdAt: '2024-01-01T00:00:00Z' })),
    });
    const results: Record<string, number[]> = { none: [], scenario: [], stateful: [] };
    rps(url, '3'); // warm-up
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, enter] of Object.entries(states)) {
        await enter();
        results[name].push(rps(url));
      }
      console.log(`  round ${round}: none ${results.none.at(-1)?.toFixed(0)}, scenario ${results.scenario.at(-1)?.toFixed(0)}, stateful ${results.stateful.at(-1)?.toFixed(0)} req/s`);
    }
    const none = median(results.none);
    const scenario = median(results.scenario);
    const stateful = median(results.stateful);
    return [
      `(e) steering, GET /v1/books (median of ${ROUNDS} rounds)`,
      `    none active                   ${none.toFixed(0).padStart(7)} req/s`,
      `    scenario rule answers it      ${scenario.toFixed(0).padStart(7)} req/s  → scenario/none ${(scenario / none).toFixed(2)}`,
      `    stateful list (20 records)    ${stateful.toFixed(0).padStart(7)} req/s  → stateful/none ${(stateful / none).toFixed(2)}`,
    ];
  } finally {
    await stack.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchSteering()).join('\n'));
  process.exit(0);
}
