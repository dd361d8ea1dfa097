/** The Cloudflare deployer's form and call sequence, against a scripted account (test-account.ts). */
import { describe, expect, it } from 'vitest';
import { compilePlan, type MockPlan } from '../../plan';
import { loadSpec } from '../../spec';
import { CloudflareDeployer } from './deployer';
import { createTestAccount, type TestAccount } from './test-account';
import type { UploadMetadata } from './upload-form';

const TOKEN = 'cf-secret-token-value-0123456789';

async function planOf(paths: Record<string, unknown>, version = '1.0.0'): Promise<MockPlan> {
  const text = JSON.stringify({ openapi: '3.1.0', info: { title: 'Shop', version }, paths });
  const loaded = await loadSpec({ text, location: 'spec.json' });
  if (!loaded.ok) throw new Error(loaded.problem.detail);
  return compilePlan(loaded.value);
}

const PATHS = { '/items': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } } } } } };
const MIGRATIONS = [
  { name: '0000_init.sql', sql: 'CREATE TABLE mocks (name text);' },
  { name: '0001_more.sql', sql: 'CREATE TABLE more (x text);' },
];

function deployerFor(account: TestAccount, extra: Partial<ConstructorParameters<typeof CloudflareDeployer>[0]> = {}) {
  return new CloudflareDeployer({
    token: TOKEN,
    accountId: 'acc123',
    baseUrl: 'https://api.test/client/v4',
    fetch: account.fetch,
    script: 'export default { fetch() { return new Response("hi") } }',
    migrations: MIGRATIONS,
    sleep: async () => {},
    now: () => 1_000_000,
    ...extra,
  });
}

function part(form: FormData | undefined, name: string): File {
  const value: unknown = form?.get(name);
  if (!(value instanceof File)) throw new Error(`no file part "${name}"`);
  return value;
}

async function metadataOf(form: FormData | undefined): Promise<UploadMetadata> {
  // SAFETY: the deployer writes the metadata part from an UploadMetadata value.
  return JSON.parse(await part(form, 'metadata').text()) as UploadMetadata;
}

describe('CloudflareDeployer', () => {
  it('uploads one metadata part and one ES module part with the mock bindings and the first migration', async () => {
    const account = createTestAccount();
    const outcome = await deployerFor(account).deployPlan({ name: 'shop', ttlMs: 3_600_000 }, await planOf(PATHS));
    expect(outcome.ok).toBe(true);
    const upload = account.calls.find((c) => c.method === 'PUT' && c.path === '/accounts/acc123/workers/scripts/shop');
    const form = upload?.form;
    expect([...(form?.keys() ?? [])]).toEqual(['metadata', 'mock-worker.js']);
    const module = part(form, 'mock-worker.js');
    expect(module.type).toBe('application/javascript+module');
    expect(await module.text()).toContain('export default');
    const metadata = await metadataOf(form);
    expect(metadata.main_module).toBe('mock-worker.js');
    expect(metadata.compatibility_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(metadata.migrations).toEqual({ new_tag: 'v1', steps: [{ new_sqlite_classes: ['MockState'] }] });
    expect(metadata.keep_bindings).toBeUndefined();
    const byName = Object.fromEntries(metadata.bindings.map((b) => [b.name, b]));
    expect(byName.DB).toEqual({ type: 'd1', name: 'DB', id: 'db-uuid-1' });
    expect(byName.MOCK_STATE).toEqual({ type: 'durable_object_namespace', name: 'MOCK_STATE', class_name: 'MockState' });
    expect(byName.MOCK_ID).toEqual({ type: 'plain_text', name: 'MOCK_ID', text: 'shop' });
    expect(byName.ADMIN_PATH_PREFIX).toEqual({ type: 'plain_text', name: 'ADMIN_PATH_PREFIX', text: '/__mockloop' });
    expect(byName.ADMIN_TOKEN.type).toBe('secret_text');
    expect(outcome.ok && outcome.mock.adminToken).toBe(byName.ADMIN_TOKEN.type === 'secret_text' && byName.ADMIN_TOKEN.text);
    expect(outcome.ok && outcome.mock).toMatchObject({
      mockUrl: 'https://shop.acme.workers.dev',
      adminUrl: 'https://shop.acme.workers.dev/__mockloop',
      expiresAt: 1_000_000 + 3_600_000,
    });
  });

  it('creates the database, applies every migration with its d1_migrations row, and writes the plan before the upload', async () => {
    const account = createTestAccount();
    await deployerFor(account).deployPlan({ name: 'shop' }, await planOf(PATHS));
    const sequence = account.calls.map((c) => `${c.method} ${c.path.replace('/accounts/acc123', '')}`);
    expect(sequence).toEqual([
      'GET /d1/database?name=mockloop',
      'POST /d1/database',
      'POST /d1/database/db-uuid-1/query',
      'POST /d1/database/db-uuid-1/query',
      'POST /d1/database/db-uuid-1/query',
      'GET /workers/subdomain',
      'GET /workers/services/shop',
      'POST /d1/database/db-uuid-1/query',
      'POST /d1/database/db-uuid-1/query',
      'PUT /workers/scripts/shop',
      'POST /workers/scripts/shop/subdomain',
      'POST /d1/database/db-uuid-1/query',
    ]);
    const sql = account.calls.filter((c) => c.path.endsWith('/query')).map((c) => JSON.stringify(c.body));
    expect(sql[1]).toContain("INSERT INTO d1_migrations (name) VALUES ('0000_init.sql')");
    expect(sql[4]).toContain('INSERT INTO plan_chunks');
    expect(sql[5]).toContain('INSERT INTO mocks');
    expect(sql[5]).toContain('INSERT INTO deployments');
  });

  it('updates in place: same URL, no new token, the secret kept, no migration when the tag is current, rollback target read first', async () => {
    const account = createTestAccount();
    const first = await deployerFor(account).deployPlan({ name: 'shop' }, await planOf(PATHS));
    const refused = await deployerFor(account).deployPlan({ name: 'shop' }, await planOf(PATHS, '2.0.0'));
    expect(refused.ok || refused.problem.status).toBe(409);
    account.calls.length = 0;
    const second = await deployerFor(account).deployPlan({ name: 'shop', replace: true }, await planOf(PATHS, '2.0.0'));
    expect(second.ok).toBe(true);
    expect(second.ok && first.ok && second.mock.mockUrl).toBe(first.ok && first.mock.mockUrl);
    expect(second.ok && second.mock.adminToken).toBe('');
    const metadata = await metadataOf(account.calls.find((c) => c.method === 'PUT')?.form);
    expect(metadata.migrations).toBeUndefined();
    expect(metadata.keep_bindings).toEqual(['secret_text']);
    expect(metadata.bindings.some((b) => b.name === 'ADMIN_TOKEN')).toBe(false);
    expect(account.calls.some((c) => c.method === 'GET' && c.path.endsWith('/scripts/shop/deployments'))).toBe(true);
  });

  it('a failure after the upload of an update rolls back; of a new mock, removes the script and its rows', async () => {
    const account = createTestAccount();
    const deployer = deployerFor(account);
    await deployer.deployPlan({ name: 'shop' }, await planOf(PATHS));
    account.failNext(/^POST .*\/scripts\/shop\/subdomain/, 500, [{ code: 10013, message: 'An unknown error has occurred' }]);
    const failed = await deployer.deployPlan({ name: 'shop', replace: true }, await planOf(PATHS, '2.0.0'));
    expect(failed.ok).toBe(false);
    expect(failed.ok || failed.problem).toMatchObject({ step: 'enable workers.dev', cloudflare: { status: 500, errors: [{ code: 10013 }] } });
    expect(failed.ok || failed.problem.detail).toContain('previous version was restored');
    const rollback = account.calls.find((c) => c.method === 'POST' && c.path.includes('/scripts/shop/deployments'));
    expect(rollback?.body).toMatchObject({ strategy: 'percentage', versions: [{ version_id: 'v1', percentage: 100 }] });

    account.failNext(/^POST .*\/scripts\/fresh\/subdomain/, 500, [{ code: 10013, message: 'An unknown error has occurred' }]);
    const fresh = await deployer.deployPlan({ name: 'fresh' }, await planOf(PATHS));
    expect(fresh.ok || fresh.problem.detail).toContain('Nothing of the new mock was left behind');
    expect(account.scripts.has('fresh')).toBe(false);
    expect(account.calls.some((c) => c.method === 'POST' && JSON.stringify(c.body).includes('DELETE FROM request_logs') && JSON.stringify(c.body).includes('fresh'))).toBe(true);
  });

  it('names the missing permission, honours Retry-After, and never shows the token', async () => {
    const account = createTestAccount();
    const waits: number[] = [];
    const deployer = deployerFor(account, { sleep: async (ms) => void waits.push(ms) });
    account.failNext(/^GET .*\/d1\/database/, 403, [{ code: 10000, message: `Authentication error for ${TOKEN}` }]);
    const denied = await deployer.deployPlan({ name: 'shop' }, await planOf(PATHS));
    expect(denied.ok || denied.problem).toMatchObject({ status: 403, step: 'd1 find database', permission: 'D1 Write' });
    expect(JSON.stringify(denied)).not.toContain(TOKEN);

    account.failNext(/^PUT .*\/scripts\/shop$/, 429, [{ code: 971, message: 'Please wait and consider throttling your request speed' }], { 'retry-after': '7' });
    const retried = await deployer.deployPlan({ name: 'shop' }, await planOf(PATHS));
    expect(retried.ok).toBe(true);
    expect(waits).toEqual([7000]);
    expect(account.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses a spec with a path under /__mockloop unless the admin API has its own hostname', async () => {
    const account = createTestAccount();
    const plan = await planOf({ ...PATHS, '/__mockloop/x': PATHS['/items'] });
    const refused = await deployerFor(account).deployPlan({ name: 'shop' }, plan);
    expect(refused.ok || refused.problem).toMatchObject({ status: 422, errors: [{ location: 'paths//__mockloop/x' }] });
    expect(account.calls).toHaveLength(0);
  });

  it('lists, stops and destroys through the registry', async () => {
    const account = createTestAccount();
    const deployer = deployerFor(account);
    await deployer.deployPlan({ name: 'shop', ttlMs: 1 }, await planOf(PATHS));
    await deployer.deployPlan({ name: 'kept' }, await planOf(PATHS));
    expect((await deployer.list()).map((m) => [m.name, m.mockUrl, m.adminToken])).toEqual([
      ['shop', 'https://shop.acme.workers.dev', ''],
      ['kept', 'https://kept.acme.workers.dev', ''],
    ]);
    const stopped = await deployer.stop('kept');
    expect(stopped.ok && stopped.mock.status).toBe('stopped');
    expect(account.calls.at(-3)?.body).toEqual({ enabled: false, previews_enabled: false });
    const destroyed = await deployer.destroy('shop');
    expect(destroyed.ok).toBe(true);
    expect(account.scripts.has('shop')).toBe(false);
    const deletion = account.calls.find((c) => c.method === 'DELETE');
    expect(deletion?.path).toBe('/accounts/acc123/workers/scripts/shop?force=true');
    const expired = await deployerFor(account, { now: () => 2_000_000 }).destroyExpired();
    expect(expired).toEqual({ destroyed: [], failed: [] });
    expect((await deployer.destroy('nope')).ok || 'refused').toBe('refused');
  });
});
