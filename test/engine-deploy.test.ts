/**
 * The test engine on a deployed stack (docs/decisions/0023), against the Cloudflare fake with its
 * edge running the scripts: the engine deployed first with wrangler (as the README says, for the MCP
 * worker), then `mockloop deploy` makes it its own build once (Durable Object classes by migration,
 * bound to the shared D1, MOCK_HOSTS the account's workers.dev, the operator's settings kept) and
 * binds the mock to it; a load run started on the DEPLOYED mock's admin API finishes with a
 * k6-shaped summary and exactly as many requests as the mock logged. The engine refuses a target
 * that is not one of the stack's mocks, and the API refuses a service binding to no Worker.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecAt } from '../cli/spec-source';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import { cfApi, type DeployJson, deployEnv, deployJson, uploadForm } from './helpers/cf-fake';
import { runCli } from './helpers/cli-async';
import { BOOKSHOP } from './helpers/stack';

const ROOT = join(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

let cf: CloudflareFake;
let env: Record<string, string>;
/** The deployed sample mock (the first test deploys it). */
let shop: DeployJson;

beforeAll(async () => {
  cf = await startCloudflareFake({ subdomain: 'acme' });
  env = deployEnv(cf);
});

afterAll(async () => {
  await cf?.close();
});

const deploy = (args: string[]) => deployJson(cf, args);


function bindingsOf(script: string) {
  const found = cf.state.scripts.get(script);
  return found?.versions.at(-1)?.bindings ?? [];
}

interface RunView {
  id: string;
  status: string;
  target: string;
  summary: { metrics: { http_reqs: { values: { count: number } }; http_req_duration: { values: Record<string, number> }; http_req_failed: { values: { rate: number } } } };
}

describe('the test engine on a deployed stack', { timeout: 300_000 }, () => {
  it('mockloop deploy takes over the engine wrangler deployed and a deployed mock load-tests itself through it', async () => {
    // The README's order for the MCP worker: the engine first, with wrangler (its own migrations and
    // D1 found by name), an operator's LOAD_ALLOWED_HOSTS set there.
    const wrangler = await runCli(['deploy', '-c', 'wrangler.engine.toml', '--var', 'LOAD_ALLOWED_HOSTS:api.partner.example'], env, ROOT, [process.execPath, WRANGLER]);
    expect(wrangler.status, wrangler.stderr).toBe(0);
    expect(cf.state.scripts.get('mockloop-engine')?.migrationTag).toBe('v2');

    shop = await deploy([BOOKSHOP, '--name', 'shop']);
    const token = shop.admin_token as string;

    // The engine: one Worker, its Durable Object classes created by migrations, no public URL.
    const engine = cf.state.scripts.get('mockloop-engine');
    expect(engine?.migrationTag).toBe('v2');
    expect([...(engine?.doClasses.keys() ?? [])].sort()).toEqual(['LoadShard', 'RunCoordinator', 'Scheduler']);
    expect(engine?.subdomain.enabled).toBe(false);
    const engineBindings = bindingsOf('mockloop-engine');
    expect(engineBindings).toContainEqual(expect.objectContaining({ type: 'd1', name: 'DB' }));
    expect(engineBindings).toContainEqual({ type: 'plain_text', name: 'MOCK_HOSTS', text: '*.acme.workers.dev' });
    // The deployer's build replaced wrangler's (its build binding was missing), keeping what the operator set.
    expect(engine?.versions).toHaveLength(2);
    expect(engineBindings).toContainEqual({ type: 'plain_text', name: 'LOAD_ALLOWED_HOSTS', text: 'api.partner.example' });
    // The mock: bound to it, with its own public origin as the target.
    expect(bindingsOf('shop')).toContainEqual({ type: 'service', name: 'ENGINE', service: 'mockloop-engine' });
    expect(bindingsOf('shop')).toContainEqual({ type: 'plain_text', name: 'MOCK_TARGET_ORIGIN', text: 'https://shop.acme.workers.dev' });

    // A second mock (another process, so nothing remembered): the engine is current, so it is not uploaded again.
    const other = await deploy([BOOKSHOP, '--name', 'other', '--no-wait']);
    expect(cf.state.scripts.get('mockloop-engine')?.versions).toHaveLength(2);
    expect(other.mock_url).toBe('https://other.acme.workers.dev/v1');

    const admin = (path: string, init: RequestInit = {}) => cf.edgeFetch(`${shop.admin_url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    const started = await admin('/api/load-runs', { method: 'POST', body: JSON.stringify({ rate: 20, iterations: 30, thresholds: ['rate<0.5'] }) });
    const startBody = (await started.json()) as { id: string; status: string };
    expect(started.status, JSON.stringify(startBody)).toBe(202);

    let view: RunView | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      view = (await (await admin(`/api/load-runs/${startBody.id}`)).json()) as RunView;
      if (view.status !== 'running' && view.status !== 'queued') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(view?.status).toBe('passed');
    expect(view?.target).toBe('https://shop.acme.workers.dev/v1');
    const metrics = view?.summary.metrics;
    expect(metrics?.http_reqs.values.count).toBe(30);
    expect(Object.keys(metrics?.http_req_duration.values ?? {})).toEqual(expect.arrayContaining(['avg', 'med', 'p(95)', 'p(99)']));
    expect(metrics?.http_req_failed.values.rate).toBeLessThan(0.5);
    // The run is a session of its own in the deployed mock's log: exactly the requests the engine counted.
    const logged = (await (await admin(`/api/logs/search?session_id=${startBody.id}&limit=200`)).json()) as { total: number; items: unknown[] };
    expect(logged.total).toBe(30);
    expect(logged.items).toHaveLength(30);
    const listed = (await (await admin('/api/load-runs')).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((r) => r.id)).toEqual([startBody.id]);
  });

  it('refuses a service binding to no Worker, and the engine refuses a target that is not a mock of the stack', async () => {
    const probe = `export default { fetch(request, env) { const url = new URL(request.url); return env.ENGINE.fetch('http://engine' + url.pathname, { method: request.method, headers: request.headers, body: request.body }); } };`;
    const missing = await cfApi(cf, 'PUT', '/{account}/workers/scripts/probe', uploadForm(probe, { bindings: [{ type: 'service', name: 'ENGINE', service: 'no-such-engine' }] }));
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0]).toMatchObject({ code: 10143, message: expect.stringContaining("references Worker 'no-such-engine' which was not found") });
    expect(cf.state.scripts.has('probe')).toBe(false);

    const bound = await cfApi(cf, 'PUT', '/{account}/workers/scripts/probe', uploadForm(probe, { bindings: [{ type: 'service', name: 'ENGINE', service: 'mockloop-engine' }] }));
    expect(bound.status, JSON.stringify(bound.json.errors)).toBe(200);
    await cfApi(cf, 'POST', '/{account}/workers/scripts/probe/subdomain', { enabled: true });
    const compiled = await compileSpecAt(BOOKSHOP);
    if (!compiled.ok) throw new Error('the sample spec compiles');
    const { plan } = compiled;
    const start = (target: string) =>
      cf.edgeFetch('https://probe.acme.workers.dev/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ target: { url: target }, plan, rate: 5, durationMs: 1000 }),
      });
    for (const target of ['https://api.example.org/v1', 'https://shop.acme.workers.dev.example.org/v1', 'http://10.0.0.7/v1']) {
      const refused = await start(target);
      const body = (await refused.json()) as { type: string; detail: string };
      expect(refused.status, `${target}: ${JSON.stringify(body)}`).toBe(403);
      expect(body.type).toMatch(/load-target-refused$/);
    }
    // The engine stays while mocks bind it: a delete without force is refused, as Cloudflare does.
    const kept = await cfApi(cf, 'DELETE', '/{account}/workers/scripts/mockloop-engine');
    expect(kept.status).toBe(400);
    expect(kept.json.errors[0]).toMatchObject({ code: 10142, message: expect.stringContaining("'shop'") });
    // Nothing was started by those.
    const runs = (await (await cf.edgeFetch('https://probe.acme.workers.dev/runs')).json()) as { items: Array<{ target: string }> };
    expect(runs.items.map((r) => r.target)).toEqual(['https://shop.acme.workers.dev/v1']);
  });
});
