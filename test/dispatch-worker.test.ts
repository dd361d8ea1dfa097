/**
 * The dispatch Worker of a Workers for Platforms target, on the local Cloudflare fake (whose
 * `dispatch_namespace` binding is a workerd wrapped binding over the namespace's scripts): a mock
 * deployed with `--target dispatch:mocks --dispatch-domain mocks.example.com` answers on
 * `<mock>.mocks.example.com` and on its admin hostname through it; stop, start and destroy take
 * effect there.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDispatchWorker } from '../cli/build-worker';
import { cloudflareDeployerFromEnv } from '../cli/cloudflare-deployer';
import { compileSpecAt } from '../cli/spec-source';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import type { CloudflareDeployer } from '../src/deploy/cloudflare';
import { cfApi, uploadForm } from './helpers/cf-fake';
import { BOOKSHOP } from './helpers/stack';

let cf: CloudflareFake;
let deployer: CloudflareDeployer;
const ADMIN_TOKEN = 'dispatch-admin-token-0123456789abcdef';

beforeAll(async () => {
  cf = await startCloudflareFake({ subdomain: 'acme', zones: ['example.com'] });
  expect((await cfApi(cf, 'POST', '/{account}/workers/dispatch/namespaces', { name: 'mocks' })).status).toBe(200);
  const made = cloudflareDeployerFromEnv(
    { target: { kind: 'dispatch', namespace: 'mocks' }, dispatchDomain: 'mocks.example.com' },
    { CLOUDFLARE_API_TOKEN: cf.token, CLOUDFLARE_ACCOUNT_ID: cf.accountId, CLOUDFLARE_API_BASE_URL: cf.apiUrl },
  );
  if (Array.isArray(made)) throw new Error(`missing ${made.join(', ')}`);
  deployer = made;
});

afterAll(async () => {
  await cf?.close();
});

const status = async (url: string, token?: string) => (await cf.edgeFetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})).status;

describe('the dispatch Worker', { timeout: 300_000 }, () => {
  it('routes <mock>.<domain> and the admin hostname to the namespace script; stop, start and destroy show there', async () => {
    const compiled = await compileSpecAt(BOOKSHOP);
    if (!compiled.ok) throw new Error(compiled.problem.detail);
    const deployed = await deployer.deployPlan({ name: 'shop', adminHostname: 'shop-admin.example.com', adminToken: ADMIN_TOKEN }, compiled.plan);
    if (!deployed.ok) throw new Error(deployed.problem.detail);
    expect(deployed.mock).toMatchObject({ mockUrl: 'https://shop.mocks.example.com', adminUrl: 'https://shop-admin.example.com' });

    // The dispatch Worker, as wrangler.dispatch.toml describes it, uploaded and routed *.example.com/*.
    const [database] = (await cfApi<Array<{ uuid: string }>>(cf, 'GET', '/{account}/d1/database?name=mockloop')).json.result;
    const bindings = [
      { type: 'dispatch_namespace', name: 'DISPATCHER', namespace: 'mocks' },
      { type: 'd1', name: 'DB', id: database.uuid },
      { type: 'plain_text', name: 'DISPATCH_NAMESPACE', text: 'mocks' },
      { type: 'plain_text', name: 'DISPATCH_DOMAIN', text: 'mocks.example.com' },
      { type: 'plain_text', name: 'ROUTE_CACHE_MS', text: '0' },
    ];
    const source = readFileSync(await buildDispatchWorker(), 'utf8');
    const uploaded = await cfApi(cf, 'PUT', '/{account}/workers/scripts/mockloop-dispatch', uploadForm(source, { bindings }));
    expect(uploaded.json.errors).toEqual([]);
    const [zone] = (await cfApi<Array<{ id: string }>>(cf, 'GET', '/zones?name=example.com')).json.result;
    expect((await cfApi(cf, 'POST', `/zones/${zone.id}/workers/routes`, { pattern: '*.example.com/*', script: 'mockloop-dispatch' })).status).toBe(200);

    const books = await cf.edgeFetch('https://shop.mocks.example.com/v1/books');
    expect(books.status).toBe(200);
    expect(((await books.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(await status('https://shop-admin.example.com/api/plan')).toBe(401);
    expect(await status('https://shop-admin.example.com/api/plan', ADMIN_TOKEN)).toBe(200);
    const unknown = await cf.edgeFetch('https://nope.mocks.example.com/v1/books');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');

    expect(await deployer.stop('shop')).toMatchObject({ ok: true, mock: { status: 'stopped' } });
    expect(await status('https://shop.mocks.example.com/v1/books')).toBe(404);
    expect(await deployer.start('shop')).toMatchObject({ ok: true, mock: { status: 'running' } });
    expect(await status('https://shop.mocks.example.com/v1/books')).toBe(200);

    expect((await deployer.destroy('shop')).ok).toBe(true);
    expect(cf.state.namespaceScripts.get('mocks')?.has('shop')).toBe(false);
    expect(await status('https://shop.mocks.example.com/v1/books')).toBe(404);
  });
});
