/**
 * Short figures for the Cloudflare fake (about 30 s): a new Worker uploaded, enabled on workers.dev
 * and answering (median of 5); an update in place (median of 5); sequential requests through the
 * edge (Worker + Durable Object) and to the API.
 * Run: `npx tsx scripts/cf-fake/bench.ts`
 */
import { cfApi, counterWorker, uploadForm } from '../../test/helpers/cf-fake';
import { startCloudflareFake } from './index';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cf = await startCloudflareFake();
try {
  const db = await cfApi<{ uuid: string }>(cf, 'POST', '/{account}/d1/database', { name: 'bench' });
  await cfApi(cf, 'POST', `/{account}/d1/database/${db.json.result.uuid}/query`, { sql: 'CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT)' });
  const bindings = [
    { type: 'd1', name: 'DB', id: db.json.result.uuid },
    { type: 'durable_object_namespace', name: 'COUNTER', class_name: 'Counter' },
  ];
  const created: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const calls = cf.calls.length;
    await cfApi(cf, 'PUT', `/{account}/workers/scripts/w${i}`, uploadForm(counterWorker('x'), { bindings, migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] } }));
    await cfApi(cf, 'POST', `/{account}/workers/scripts/w${i}/subdomain`, { enabled: true });
    await (await cf.edgeFetch(`https://w${i}.${cf.subdomain}.workers.dev/`)).text();
    created.push(performance.now() - started);
    if (i === 0) console.log(`API calls for a new Worker: ${cf.calls.length - calls}`);
  }
  const updated: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await cfApi(cf, 'PUT', '/{account}/workers/scripts/w0', uploadForm(counterWorker(`u${i}`), { bindings }));
    await (await cf.edgeFetch(`https://w0.${cf.subdomain}.workers.dev/`)).text();
    updated.push(performance.now() - started);
  }
  console.log(`new Worker (upload + workers.dev + first answer), median of 5: ${median(created).toFixed(0)} ms`);
  console.log(`update in place with ${cf.state.scripts.size} Workers running, median of 5: ${median(updated).toFixed(0)} ms`);

  const requests = 300;
  let started = performance.now();
  for (let i = 0; i < requests; i++) await (await cf.edgeFetch(`https://w1.${cf.subdomain}.workers.dev/count`)).text();
  const edge = requests / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < requests; i++) await (await fetch(`${cf.apiUrl}/user/tokens/verify`, { headers: { authorization: `Bearer ${cf.token}` } })).text();
  const api = requests / ((performance.now() - started) / 1000);
  console.log(`sequential req/s: edge (Worker + Durable Object) ${edge.toFixed(0)}, API (token verify) ${api.toFixed(0)}`);
} finally {
  await cf.close();
}
