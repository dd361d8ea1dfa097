/**
 * False positives of the security probes on clean targets: every spec in ../shared/specs served as
 * a mock of this stack (validation and security on, CORS off), probed with every check but
 * invalid-credentials (a mock checks presence, not validity) and without a second identity (a
 * mock knows no owners). Prints, per spec, the requests sent and every finding above "info".
 * Run: npx tsx scripts/probe-shared-specs.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_NAMES, runProbes, severityRank } from '../src/testing/probes';
import { nodeProbeFetch, startLocalCanary } from '../cli/probe-transport';
import { compileOrThrow, SHARED_SPECS, startTestStack } from '../test/helpers/stack';
const files = readdirSync(SHARED_SPECS).filter((f) => /\.(ya?ml|json)$/.test(f));
const plans = await Promise.all(files.map((f) => compileOrThrow(join(SHARED_SPECS, f))));
const stack = await startTestStack(files.map((_, i) => ({ name: `spec${i}`, plan: plans[i] })));
const canary = await startLocalCanary(0);
const checks = CHECK_NAMES.filter((c) => c !== 'invalid-credentials');
let total = 0;
for (const [i, f] of files.entries()) {
  const mock = stack.mocks[`spec${i}`];
  await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ cors: false }), headers: { 'content-type': 'application/json' } });
  const t0 = Date.now();
  try {
    const r = await runProbes(mock.plan, { target: mock.url, fetch: nodeProbeFetch(), canary, checks, ratePerSecond: 1e5 });
    const above = r.findings.filter((x) => severityRank(x.severity) > 0);
    total += above.length;
    console.log(`${f}: ${r.requests} req, ${r.status}, ${Date.now() - t0} ms, ${above.length} above info, ${r.findings.length} all`);
    for (const x of above.slice(0, 8)) console.log(`   [${x.severity}] ${x.check} ${x.operation}: ${x.title} | ${x.evidence.status} ${x.evidence.excerpt.slice(0, 140).replace(/\s+/g, ' ')}`);
  } catch (e) {
    console.log(`${f}: CRASH ${e instanceof Error ? e.stack : e}`);
  }
}
console.log('total above info', total);
await canary.close();
await stack.dispose();
