/** The account's test engine as the deployer keeps it (engine.ts), against a scripted account (test-account.ts). */
import { describe, expect, it } from 'vitest';
import { compilePlan, type MockPlan } from '../../plan';
import { loadSpec } from '../../spec';
import { createCloudflareApi } from './api';
import { CloudflareDeployer } from './deployer';
import { ensureEngine } from './engine';
import { createTestAccount, type TestAccount } from './test-account';
import type { UploadMetadata } from './upload-form';

const ENGINE = 'export class RunCoordinator {} export class LoadShard {} export class Scheduler {} export default { fetch() { return new Response("engine") } }';
const ENGINE_PATH = '/accounts/acc123/workers/scripts/mockloop-engine';

async function plan(): Promise<MockPlan> {
  const text = JSON.stringify({ openapi: '3.1.0', info: { title: 'Shop', version: '1' }, paths: { '/items': { get: { responses: { '200': { description: 'ok' } } } } } });
  const loaded = await loadSpec({ text, location: 'spec.json' });
  if (!loaded.ok) throw new Error(loaded.problem.detail);
  return compilePlan(loaded.value);
}

const options = (account: TestAccount) => ({ token: 'cf-token', accountId: 'acc123', baseUrl: 'https://api.test/client/v4', fetch: account.fetch, sleep: async () => {} });

function deployer(account: TestAccount) {
  return new CloudflareDeployer({ ...options(account), script: 'export default { fetch() { return new Response("mock") } }', migrations: [], engine: ENGINE, now: () => 1_000_000 });
}

async function metadataOf(account: TestAccount, path: string, nth = 0): Promise<UploadMetadata> {
  const form = account.calls.filter((c) => c.method === 'PUT' && c.path === path)[nth]?.form;
  const part: unknown = form?.get('metadata');
  if (!(part instanceof File)) throw new Error(`no upload ${nth} of ${path}`);
  // SAFETY: the deployer writes the metadata part from an UploadMetadata value.
  return JSON.parse(await part.text()) as UploadMetadata;
}

describe('the test engine on the account', () => {
  it('is uploaded before the first mock, with its migrations, D1, MOCK_HOSTS and no public URL; the mock is bound to it', async () => {
    const account = createTestAccount();
    expect((await deployer(account).deployPlan({ name: 'shop' }, await plan())).ok).toBe(true);
    const puts = account.calls.filter((c) => c.method === 'PUT').map((c) => c.path);
    expect(puts).toEqual([ENGINE_PATH, '/accounts/acc123/workers/scripts/shop']);
    const engine = await metadataOf(account, ENGINE_PATH);
    expect(engine).toMatchObject({ main_module: 'engine-worker.js', compatibility_flags: ['global_fetch_strictly_public'], keep_bindings: ['plain_text', 'secret_text'] });
    expect(engine.migrations).toEqual({ new_tag: 'v2', steps: [{ new_sqlite_classes: ['RunCoordinator', 'LoadShard'] }, { new_sqlite_classes: ['Scheduler'] }] });
    expect(engine.bindings).toEqual(
      expect.arrayContaining([
        { type: 'd1', name: 'DB', id: 'db-uuid-1' },
        { type: 'durable_object_namespace', name: 'RUN_COORDINATOR', class_name: 'RunCoordinator' },
        { type: 'durable_object_namespace', name: 'LOAD_SHARD', class_name: 'LoadShard' },
        { type: 'durable_object_namespace', name: 'SCHEDULER', class_name: 'Scheduler' },
        { type: 'plain_text', name: 'MOCK_HOSTS', text: '*.acme.workers.dev' },
        { type: 'plain_text', name: 'ENGINE_BUILD', text: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ]),
    );
    expect(engine.bindings.some((b) => b.name === 'LOAD_ALLOWED_HOSTS')).toBe(false);
    expect(account.calls.find((c) => c.method === 'POST' && c.path === `${ENGINE_PATH}/subdomain`)?.body).toEqual({ enabled: false, previews_enabled: false });
    const mock = await metadataOf(account, '/accounts/acc123/workers/scripts/shop');
    expect(mock.bindings).toEqual(expect.arrayContaining([{ type: 'service', name: 'ENGINE', service: 'mockloop-engine' }, { type: 'plain_text', name: 'MOCK_TARGET_ORIGIN', text: 'https://shop.acme.workers.dev' }]));

    // Another process deploys another mock: one settings read, no upload of the engine.
    const before = account.calls.length;
    expect((await deployer(account).deployPlan({ name: 'other' }, await plan())).ok).toBe(true);
    const engineCalls = account.calls.slice(before).filter((c) => c.path.startsWith(ENGINE_PATH));
    expect(engineCalls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${ENGINE_PATH}/settings`]);
  });

  it('adds a host pattern with one upload that keeps the others and sends no migration', async () => {
    const account = createTestAccount();
    expect((await deployer(account).deployPlan({ name: 'shop' }, await plan())).ok).toBe(true);
    const api = createCloudflareApi(options(account));
    const outcome = await ensureEngine(api, { name: 'mockloop-engine', bundle: ENGINE, databaseId: 'db-uuid-1', mockHosts: ['*.mocks.example.com'] });
    expect(outcome).toEqual({ ok: true, uploaded: true, mockHosts: ['*.acme.workers.dev', '*.mocks.example.com'] });
    const second = await metadataOf(account, ENGINE_PATH, 1);
    expect(second.migrations).toBeUndefined();
    expect(second.bindings).toContainEqual({ type: 'plain_text', name: 'MOCK_HOSTS', text: '*.acme.workers.dev,*.mocks.example.com' });
    // Asked again with a host it already has: nothing to do.
    expect(await ensureEngine(api, { name: 'mockloop-engine', bundle: ENGINE, databaseId: 'db-uuid-1', mockHosts: ['*.acme.workers.dev'] })).toMatchObject({ ok: true, uploaded: false });
  });

  it('reads the engine again when another deploy migrated it first (10079), instead of failing', async () => {
    const account = createTestAccount();
    account.failNext(/^PUT \/accounts\/acc123\/workers\/scripts\/mockloop-engine$/, 400, [{ code: 10079, message: "Migration tag precondition failed; current tag is 'v2'" }]);
    expect((await deployer(account).deployPlan({ name: 'shop' }, await plan())).ok).toBe(true);
    expect(account.calls.filter((c) => c.method === 'PUT' && c.path === ENGINE_PATH)).toHaveLength(2);
    expect(account.calls.filter((c) => c.method === 'GET' && c.path === `${ENGINE_PATH}/settings`)).toHaveLength(2);
  });

  it('refuses to take over a Worker of that name that is not the engine, and uploads no mock', async () => {
    const account = createTestAccount();
    account.scripts.set('mockloop-engine', { migrationTag: null, metadata: { bindings: [{ type: 'plain_text', name: 'GREETING', text: 'hi' }] }, versions: ['v0'] });
    const outcome = await deployer(account).deployPlan({ name: 'shop' }, await plan());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.detail).toMatch(/"mockloop-engine" exists in this account and is not the mockloop test engine/);
    expect(account.calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });
});
