/**
 * Mocks on the (local, faked) Cloudflare edge, as a user drives them: `mockloop deploy` → requests
 * through the edge → `deployments` → update in place (log kept) → `destroy`; the real `wrangler
 * deploy` of a `mockloop wrangler` project; TTL expiry; and the failure paths (a missing
 * permission, 429 with Retry-After, a 500 after the upload of an update).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import { deployEnv, deployJson } from './helpers/cf-fake';
import { sweepExpired } from '../workers/mcp/sweep';
import { runCli } from './helpers/cli-async';
import { BOOKSHOP } from './helpers/stack';

const WRANGLER = join(import.meta.dirname, '..', 'node_modules', 'wrangler', 'bin', 'wrangler.js');

let cf: CloudflareFake;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'mockloop-deploy-'));

beforeAll(async () => {
  cf = await startCloudflareFake({ subdomain: 'acme' });
  env = deployEnv(cf);
});

afterAll(async () => {
  await cf?.close();
});

const deploy = (args: string[]) => deployJson(cf, args);

function bookshopVariant(title: string): string {
  const path = join(dir, `${title.replaceAll(' ', '-')}.yaml`);
  writeFileSync(path, readFileSync(BOOKSHOP, 'utf8').replace(/title: Bookshop API/, `title: ${title}`));
  return path;
}

// Each deploy starts a Worker in the fake's Miniflare: minutes on a busy machine.
describe('mockloop deploy to Cloudflare', { timeout: 600_000 }, () => {
  it('deploys, serves through the edge, lists, updates in place keeping the log, and destroys', async () => {
    const first = await deploy([BOOKSHOP, '--name', 'shop']);
    expect(first).toMatchObject({ name: 'shop', mock_url: 'https://shop.acme.workers.dev/v1', admin_url: 'https://shop.acme.workers.dev/__mockloop', operations: 13 });
    expect(first.admin_token).toMatch(/^[\w-]{40,}$/);
    const token = first.admin_token as string;

    const books = await cf.edgeFetch(`${first.mock_url}/books`);
    expect(books.status).toBe(200);
    expect(((await books.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const admin = (path: string) => cf.edgeFetch(`${first.admin_url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await cf.edgeFetch(`${first.admin_url}/api/plan`)).status).toBe(401);

    const listed = await runCli(['deployments', '--json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'shop', status: 'running', mockUrl: 'https://shop.acme.workers.dev', planVersion: first.plan_version, operations: 13 }),
    ]);
    expect(listed.stdout).not.toContain(token);

    // The update goes through a 429 on the upload (Retry-After honoured) and lands in place.
    cf.setFault({ method: 'PUT', path: `/accounts/${cf.accountId}/workers/scripts/shop`, status: 429, retryAfter: 1 });
    const uploadsBefore = cf.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/workers/scripts/shop')).length;
    const second = await deploy([bookshopVariant('Bookshop Two'), '--name', 'shop']);
    expect(cf.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/workers/scripts/shop')).length - uploadsBefore).toBe(2);
    expect(second.mock_url).toBe(first.mock_url);
    expect(second.plan_version).not.toBe(first.plan_version);
    expect(second.admin_token).toBeNull();
    const plan = (await (await admin('/api/plan')).json()) as { version: string; title: string };
    expect(plan).toMatchObject({ version: second.plan_version, title: 'Bookshop Two' });
    // The request logged before the update is still there.
    const logs = (await (await admin('/api/logs/search?limit=50')).json()) as { items: Array<{ path: string }> };
    expect(logs.items.map((r) => r.path)).toContain('/v1/books');

    // A 500 after the upload of an update: the previous version keeps serving.
    cf.setFault({ method: 'POST', path: `/accounts/${cf.accountId}/workers/scripts/shop/subdomain`, status: 500 });
    const broken = await runCli(['deploy', bookshopVariant('Bookshop Three'), '--name', 'shop', '--json'], env);
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ step: 'enable workers.dev', cloudflare: { status: 500, errors: [{ code: 10013 }] } });
    expect(JSON.parse(broken.stdout).detail).toMatch(/previous version was restored/);
    const served = (await (await cf.edgeFetch(`${first.admin_url}/health`)).json()) as { planVersion: string };
    expect(served.planVersion).toBe(second.plan_version);

    // An upstream set at deploy time: a deployed mock refuses a private one; a public one is kept.
    const privateUpstream = await runCli(['deploy', BOOKSHOP, '--name', 'shop', '--upstream', 'http://10.0.0.7:8080'], { ...env, MOCKLOOP_ADMIN_TOKEN: token });
    expect(privateUpstream.status).toBe(1);
    expect(privateUpstream.stderr).toMatch(/--upstream was refused: .*10\.0\.0\.7/);
    expect(privateUpstream.stderr + privateUpstream.stdout).not.toContain(token);
    const proxied = await runCli(['deploy', BOOKSHOP, '--name', 'shop', '--upstream', 'https://api.example.com'], { ...env, MOCKLOOP_ADMIN_TOKEN: token });
    expect(proxied.status).toBe(0);
    expect(proxied.stdout).toContain('every request goes to api.example.com');
    const settings = (await (await admin('/api/settings')).json()) as { upstream?: { url: string; mode: string } };
    expect(settings.upstream).toMatchObject({ url: 'https://api.example.com', mode: 'proxy' });
    const noToken = await runCli(['deploy', BOOKSHOP, '--name', 'shop', '--upstream', 'https://api.example.com'], env);
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain('MOCKLOOP_ADMIN_TOKEN');

    const destroyed = await runCli(['destroy', 'shop'], env);
    expect(destroyed.status).toBe(0);
    expect((await cf.edgeFetch(`${first.mock_url}/books`)).status).toBe(404);
    expect(JSON.parse((await runCli(['deployments', '--json'], env)).stdout)).toEqual([]);
    // Its Durable Object namespace went with the script.
    const namespaces = await fetch(`${cf.apiUrl}/accounts/${cf.accountId}/workers/durable_objects/namespaces`, { headers: { authorization: `Bearer ${cf.token}` } });
    const listedNamespaces = ((await namespaces.json()) as { result: Array<{ script: string }> }).result;
    expect(listedNamespaces.filter((ns) => ns.script === 'shop')).toEqual([]);
  });

  it('serves on custom hostnames, the admin API on its own hostname', async () => {
    const shop = await deploy([BOOKSHOP, '--name', 'hosted', '--hostname', 'shop.example.com', '--admin-hostname', 'admin-shop.example.com']);
    expect(shop).toMatchObject({ mock_url: 'https://shop.example.com/v1', admin_url: 'https://admin-shop.example.com' });
    expect((await cf.edgeFetch('https://shop.example.com/v1/books')).status).toBe(200);
    const plan = await cf.edgeFetch('https://admin-shop.example.com/api/plan', { headers: { authorization: `Bearer ${shop.admin_token}` } });
    expect(plan.status).toBe(200);
    // The reserved prefix is not used when the admin API has its own hostname.
    expect((await cf.edgeFetch('https://shop.example.com/__mockloop/health')).status).toBe(404);
    expect((await runCli(['destroy', 'hosted'], env)).status).toBe(0);
    expect((await cf.edgeFetch('https://shop.example.com/v1/books')).status).toBe(404);
    expect([...cf.state.domains.values()].map((d) => d.hostname)).toEqual([]);
  });

  it('deploys into a dispatch namespace with --target dispatch:<namespace>', async () => {
    const created = await fetch(`${cf.apiUrl}/accounts/${cf.accountId}/workers/dispatch/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cf.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mocks' }),
    });
    expect(created.status).toBe(200);
    // The fake serves a namespace's script at <script>.<namespace>.dispatch.<subdomain>.workers.dev, standing in for your dispatch Worker.
    const args = ['--target', 'dispatch:mocks', '--dispatch-domain', 'mocks.dispatch.acme.workers.dev'];
    const shop = await deploy([BOOKSHOP, '--name', 'dshop', ...args]);
    expect(shop.mock_url).toBe('https://dshop.mocks.dispatch.acme.workers.dev/v1');
    expect((await cf.edgeFetch(`${shop.mock_url}/books`)).status).toBe(200);
    expect(cf.calls.some((c) => c.method === 'PUT' && c.path === `/accounts/${cf.accountId}/workers/dispatch/namespaces/mocks/scripts/dshop`)).toBe(true);
    // The registry remembers the target: destroy needs only the name.
    expect((await runCli(['destroy', 'dshop'], env)).status).toBe(0);
    expect((await cf.edgeFetch(`${shop.mock_url}/books`)).status).toBe(404);
  });

  it('names the missing permission and never prints the token', async () => {
    cf.setFault({ method: 'GET', path: `/accounts/${cf.accountId}/d1/database`, status: 403 });
    const out = await runCli(['deploy', BOOKSHOP, '--name', 'denied', '--no-wait'], env);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/d1 find database/);
    expect(out.stderr).toMatch(/10000: Authentication error/);
    expect(out.stderr).toMatch(/needs the permission "D1 Write"/);
    expect(out.stdout + out.stderr).not.toContain(cf.token);
  });

  it('removes mocks past their TTL: destroy --expired, and the MCP worker\'s cron sweep', async () => {
    const short = await deploy([BOOKSHOP, '--name', 'brief', '--ttl', '1s', '--no-wait']);
    expect(Date.parse(short.expires_at ?? '')).toBeLessThanOrEqual(Date.now() + 1_000);
    const kept = await deploy([BOOKSHOP, '--name', 'kept', '--ttl', '1d', '--no-wait']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const swept = await runCli(['destroy', '--expired', '--json'], env);
    expect(JSON.parse(swept.stdout)).toEqual({ destroyed: ['brief'], failed: [] });
    expect((await cf.edgeFetch('https://brief.acme.workers.dev/v1/books')).status).toBe(404);
    expect((await cf.edgeFetch(`${kept.mock_url}/books`)).status).toBe(200);

    await deploy([BOOKSHOP, '--name', 'brief', '--ttl', '1s', '--no-wait']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const cron = await sweepExpired({ CLOUDFLARE_ACCOUNT_ID: cf.accountId, CLOUDFLARE_API_TOKEN: cf.token, CLOUDFLARE_API_BASE_URL: cf.apiUrl });
    expect(cron).toEqual({ destroyed: ['brief'], failed: [] });
    expect((await cf.edgeFetch('https://brief.acme.workers.dev/v1/books')).status).toBe(404);
    expect(await sweepExpired({})).toBeNull();
  });

  it('wrangler deploy of a `mockloop wrangler` project serves the mock', async () => {
    const out = join(dir, 'project');
    const written = await runCli(['wrangler', BOOKSHOP, '--name', 'wshop', '--out', out], env);
    expect(written.status).toBe(0);
    const deployed = await runCli(['deploy'], env, out, [process.execPath, WRANGLER]);
    expect(deployed.status, deployed.stderr).toBe(0);
    const books = await cf.edgeFetch('https://wshop.acme.workers.dev/v1/books');
    expect(books.status).toBe(200);
    const health = (await (await cf.edgeFetch('https://wshop.acme.workers.dev/__mockloop/health')).json()) as { planVersion: string };
    expect(health.planVersion).toBe((JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { version: string }).version);
  });
});
