/**
 * Time to start a mock locally, two ways (docs/decisions/0005): (a) the local deployer, one
 * Miniflare (workerd process) per mock; (b) one shared Miniflare growing by setOptions, which
 * restarts every worker it holds. Run: npx tsx scripts/bench-deploy.ts
 */
import { Miniflare } from 'miniflare';
import { buildMockWorker } from '../cli/build-worker';
import { LocalDeployer } from '../cli/local-deployer';
import { COMPATIBILITY_DATE } from '../cli/local-runtime';
import { freePort } from '../cli/ports';

const MOCKS = 4;
const spec = new URL('../examples/bookshop.yaml', import.meta.url).pathname;

const deployer = new LocalDeployer({ stateDir: false });
const perMock: number[] = [];
for (let i = 0; i < MOCKS; i++) {
  const started = performance.now();
  const outcome = await deployer.deploy({ name: `bench-${i}`, source: { kind: 'location', location: spec } });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problem));
  perMock.push(performance.now() - started);
}
const stopStart = performance.now();
await deployer.stop('bench-0');
await deployer.start('bench-0');
const restart = performance.now() - stopStart;
await deployer.dispose();

const scriptPath = await buildMockWorker();
const workers: ConstructorParameters<typeof Miniflare>[0]['workers'] = [];
const shared: number[] = [];
let mf: Miniflare | undefined;
for (let i = 0; i < MOCKS; i++) {
  workers.push({
    name: `mock-${i}`,
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { MOCK_ID: `m${i}`, ADMIN_TOKEN: 'x'.repeat(20) },
    d1Databases: { DB: 'mockloop' },
    durableObjects: { MOCK_STATE: 'MockState' },
    unsafeDirectSockets: [{ host: '127.0.0.1', port: await freePort() }],
  });
  const started = performance.now();
  if (!mf) {
    mf = new Miniflare({ host: '127.0.0.1', port: 0, workers: [...workers] });
    await mf.ready;
  } else {
    await mf.setOptions({ host: '127.0.0.1', port: 0, workers: [...workers] });
  }
  shared.push(performance.now() - started);
}
await mf?.dispose();

const fmt = (xs: number[]) => xs.map((x) => `${Math.round(x)} ms`).join(', ');
console.log(`(a) one Miniflare per mock, deploy incl. compile + plan install: ${fmt(perMock)}; stop+start: ${Math.round(restart)} ms`);
console.log(`(b) one shared Miniflare, start / setOptions with 1..${MOCKS} workers (no plan install): ${fmt(shared)} — every call restarts all workers`);
