/**
 * The Cloudflare API fake as a deployer sees it: the v4 envelope and error codes, a Worker uploaded
 * through the API and then served through the Host-routed edge, updated in place, deleted and gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import { cfApi, counterWorker, uploadForm } from './helpers/cf-fake';

let cf: CloudflareFake;
let dbId: string;

beforeAll(async () => {
  cf = await startCloudflareFake({
    tokens: ['full-token', { value: 'read-only', permissions: ['Workers Scripts Read', 'D1 Read'] }],
    zones: ['example.com'],
  });
  const db = await cfApi<{ uuid: string }>(cf, 'POST', '/{account}/d1/database', { name: 'pets-db' });
  dbId = db.json.result.uuid;
  await cfApi(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO pets (name) VALUES ('Rex')" });
});

afterAll(async () => {
  await cf?.close();
});

const workersDev = (name: string) => `https://${name}.${cf.subdomain}.workers.dev`;

function bindings(extra: Array<Record<string, unknown>> = []) {
  return [
    { type: 'plain_text', name: 'GREETING', text: 'hello' },
    { type: 'd1', name: 'DB', id: dbId },
    { type: 'durable_object_namespace', name: 'COUNTER', class_name: 'Counter' },
    ...extra,
  ];
}

describe('envelope and errors', () => {
  it('answers a verified token with the v4 envelope', async () => {
    const { status, json } = await cfApi(cf, 'GET', '/user/tokens/verify');
    expect(status).toBe(200);
    expect(json).toEqual({
      success: true,
      errors: [],
      messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }],
      result: { id: expect.any(String), status: 'active' },
    });
  });

  it('refuses a missing, unknown or under-privileged token with Cloudflare codes', async () => {
    const missing = await fetch(`${cf.apiUrl}/accounts/${cf.accountId}/workers/scripts`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ success: false, errors: [{ code: 9106 }], result: null });

    const unknown = await cfApi(cf, 'GET', '/user/tokens/verify', undefined, 'not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.json.errors).toEqual([{ code: 1000, message: 'Invalid API Token' }]);

    const stranger = await cfApi(cf, 'GET', '/{account}/workers/scripts', undefined, 'not-a-token');
    expect(stranger.status).toBe(403);
    expect(stranger.json.errors).toEqual([{ code: 9109, message: 'Invalid access token' }]);

    const malformed = await fetch(`${cf.apiUrl}/accounts/${cf.accountId}/workers/scripts`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: unknown[] }).errors).toEqual([
      { code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] },
    ]);

    const write = await cfApi(cf, 'PUT', '/{account}/workers/scripts/nope', uploadForm('export default {}', {}), 'read-only');
    expect(write.status).toBe(403);
    expect(write.json.errors).toEqual([{ code: 10000, message: 'Authentication error' }]);

    const d1 = await cfApi(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: 'SELECT 1' }, 'read-only');
    expect(d1.status).toBe(403);
    expect(d1.json.errors[0].code).toBe(7403);

    const foreign = await cfApi(cf, 'GET', '/accounts/0123456789abcdef0123456789abcdef/workers/scripts');
    expect(foreign.status).toBe(403);
  });

  it('answers unknown scripts, services and paths as Cloudflare does', async () => {
    const script = await cfApi(cf, 'GET', '/{account}/workers/scripts/absent/settings');
    expect(script.status).toBe(404);
    expect(script.json.errors[0].code).toBe(10007);
    const service = await cfApi(cf, 'GET', '/{account}/workers/services/absent');
    expect(service.json.errors[0]).toEqual({ code: 10090, message: 'workers.api.error.service_not_found' });
    const path = await cfApi(cf, 'GET', '/{account}/no/such/thing');
    expect(path.status).toBe(400);
    expect(path.json.errors[0].code).toBe(7000);
  });

  it('lists the account, its memberships and the workers.dev subdomain', async () => {
    expect((await cfApi<Array<{ id: string }>>(cf, 'GET', '/accounts')).json.result.map((a) => a.id)).toEqual([cf.accountId]);
    expect((await cfApi<Array<{ account: { id: string } }>>(cf, 'GET', '/memberships')).json.result[0].account.id).toBe(cf.accountId);
    expect((await cfApi(cf, 'GET', '/{account}/workers/subdomain')).json.result).toEqual({ subdomain: cf.subdomain });
  });
});

describe('a Worker through the edge', () => {
  it('serves an upload, keeps Durable Object state and secrets across an update, and is gone after delete', async () => {
    const first = await cfApi<{ id: string; migration_tag: string }>(
      cf,
      'PUT',
      '/{account}/workers/scripts/pets',
      uploadForm(counterWorker('v1'), {
        bindings: bindings([{ type: 'secret_text', name: 'SECRET', text: 's3cret' }]),
        migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] },
      }),
    );
    expect(first.status).toBe(200);
    expect(first.json.result).toMatchObject({ id: 'pets', migration_tag: 'v1' });

    // Not on workers.dev until the script's subdomain is enabled, as on Cloudflare.
    expect((await cf.edgeFetch(`${workersDev('pets')}/`)).status).toBe(404);
    await cfApi(cf, 'POST', '/{account}/workers/scripts/pets/subdomain', { enabled: true });

    const served = await cf.edgeFetch(`${workersDev('pets')}/`);
    expect(await served.json()).toEqual({ label: 'v1', greeting: 'hello', secret: 's3cret', rows: [{ name: 'Rex' }], host: `pets.${cf.subdomain}.workers.dev` });
    expect(await (await cf.edgeFetch(`${workersDev('pets')}/count`)).text()).toBe('1');
    expect(await (await cf.edgeFetch(`${workersDev('pets')}/count`)).text()).toBe('2');

    const secrets = await cfApi(cf, 'GET', '/{account}/workers/scripts/pets/secrets');
    expect(secrets.json.result).toEqual([{ name: 'SECRET', type: 'secret_text' }]);
    const settings = await cfApi<{ bindings: Array<Record<string, unknown>> }>(cf, 'GET', '/{account}/workers/scripts/pets/settings');
    expect(JSON.stringify(settings.json.result.bindings)).not.toContain('s3cret');

    const stale = await cfApi(cf, 'PUT', '/{account}/workers/scripts/pets', uploadForm(counterWorker('v2'), { bindings: bindings(), migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] } }));
    expect(stale.status).toBe(400);
    expect(stale.json.errors[0].code).toBe(10079);

    // Secrets outlive an upload that does not mention them, as wrangler deploy relies on.
    const update = await cfApi(cf, 'PUT', '/{account}/workers/scripts/pets', uploadForm(counterWorker('v2'), { bindings: bindings() }));
    expect(update.status).toBe(200);
    const after = await (await cf.edgeFetch(`${workersDev('pets')}/`)).json();
    expect(after).toMatchObject({ label: 'v2', secret: 's3cret' });
    expect(await (await cf.edgeFetch(`${workersDev('pets')}/count`)).text()).toBe('3');

    const broken = await cfApi(cf, 'PUT', '/{account}/workers/scripts/pets', uploadForm('throw new Error("boom at startup");\nexport default {};', { bindings: bindings(), keep_bindings: ['secret_text'] }));
    expect(broken.status).toBe(400);
    expect(broken.json.errors[0]).toMatchObject({ code: 10021, message: expect.stringContaining('Uncaught Error: boom at startup') });
    expect(await (await cf.edgeFetch(`${workersDev('pets')}/`)).json()).toMatchObject({ label: 'v2' });

    const deployments = await cfApi<{ deployments: unknown[] }>(cf, 'GET', '/{account}/workers/scripts/pets/deployments');
    expect(deployments.json.result.deployments).toHaveLength(2);

    const namespaces = await cfApi<Array<{ script: string; class: string; use_sqlite: boolean }>>(cf, 'GET', '/{account}/workers/durable_objects/namespaces');
    expect(namespaces.json.result).toContainEqual(expect.objectContaining({ script: 'pets', class: 'Counter', use_sqlite: true }));

    const deleted = await cfApi(cf, 'DELETE', '/{account}/workers/scripts/pets');
    expect(deleted.json).toMatchObject({ success: true, result: { id: 'pets' } });
    const gone = await cf.edgeFetch(`${workersDev('pets')}/`);
    expect(gone.status).toBe(404);
    expect((await cfApi(cf, 'GET', '/{account}/workers/scripts/pets/settings')).json.errors[0].code).toBe(10007);
    const left = await cfApi<Array<{ script: string }>>(cf, 'GET', '/{account}/workers/durable_objects/namespaces');
    expect(left.json.result.filter((ns) => ns.script === 'pets')).toEqual([]);

    // A new Worker of the same name starts with new Durable Objects: Cloudflare deletes them with the script.
    const again = uploadForm(counterWorker('v3'), { bindings: bindings(), migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] } });
    expect((await cfApi(cf, 'PUT', '/{account}/workers/scripts/pets', again)).status).toBe(200);
    await cfApi(cf, 'POST', '/{account}/workers/scripts/pets/subdomain', { enabled: true });
    expect(await (await cf.edgeFetch(`${workersDev('pets')}/count`)).text()).toBe('1');
  });

  it('takes uploads sent at the same time, one of them broken, and serves each good one', async () => {
    const names = ['para-a', 'para-b', 'para-c'];
    const good = (name: string) => uploadForm(counterWorker(name), { bindings: bindings(), migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] } });
    const results = await Promise.all([
      ...names.map((name) => cfApi(cf, 'PUT', `/{account}/workers/scripts/${name}`, good(name))),
      cfApi(cf, 'PUT', '/{account}/workers/scripts/para-broken', uploadForm('throw new Error("no");\nexport default {};', {})),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 400]);
    for (const name of names) {
      await cfApi(cf, 'POST', `/{account}/workers/scripts/${name}/subdomain`, { enabled: true });
      expect(await (await cf.edgeFetch(`${workersDev(name)}/`)).json()).toMatchObject({ label: name });
    }
  });

  it('refuses a Durable Object binding whose class no migration created', async () => {
    const res = await cfApi(cf, 'PUT', '/{account}/workers/scripts/nomigration', uploadForm(counterWorker('x'), { bindings: bindings() }));
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatchObject({ code: 10021, message: expect.stringContaining('migration') });
  });

  it('routes custom domains, zone routes and dispatch-namespace scripts', async () => {
    const form = () => uploadForm(counterWorker('routed'), { bindings: bindings(), migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] } });
    expect((await cfApi(cf, 'PUT', '/{account}/workers/scripts/routed', form())).status).toBe(200);

    const outside = await cfApi(cf, 'PUT', '/{account}/workers/domains', { hostname: 'api.elsewhere.org', service: 'routed', environment: 'production' });
    expect(outside.status).toBe(400);
    const domain = await cfApi<{ id: string; zone_name: string }>(cf, 'PUT', '/{account}/workers/domains', { hostname: 'api.example.com', service: 'routed', environment: 'production' });
    expect(domain.json.result.zone_name).toBe('example.com');
    expect(await (await cf.edgeFetch('https://api.example.com/')).json()).toMatchObject({ label: 'routed', host: 'api.example.com' });

    const zones = await cfApi<Array<{ id: string }>>(cf, 'GET', '/zones?name=example.com');
    const zone = zones.json.result[0].id;
    const route = await cfApi<{ id: string }>(cf, 'POST', `/zones/${zone}/workers/routes`, { pattern: 'shop.example.com/v1/*', script: 'routed' });
    expect(route.status).toBe(200);
    expect((await cf.edgeFetch('https://shop.example.com/v1/pets')).status).toBe(200);
    expect((await cf.edgeFetch('https://shop.example.com/other')).status).toBe(404);
    await cfApi(cf, 'DELETE', `/zones/${zone}/workers/routes/${route.json.result.id}`);
    expect((await cf.edgeFetch('https://shop.example.com/v1/pets')).status).toBe(404);

    await cfApi(cf, 'DELETE', `/{account}/workers/domains/${domain.json.result.id}`);
    expect((await cf.edgeFetch('https://api.example.com/')).status).toBe(404);

    expect((await cfApi(cf, 'POST', '/{account}/workers/dispatch/namespaces', { name: 'tenants' })).status).toBe(200);
    const inNs = await cfApi(cf, 'PUT', '/{account}/workers/dispatch/namespaces/tenants/scripts/acme', form());
    expect(inNs.status).toBe(200);
    const namespaces = await cfApi<Array<{ namespace_name: string; script_count: number }>>(cf, 'GET', '/{account}/workers/dispatch/namespaces');
    expect(namespaces.json.result).toEqual([expect.objectContaining({ namespace_name: 'tenants', script_count: 1 })]);
    expect(await (await cf.edgeFetch(`https://acme.tenants.dispatch.${cf.subdomain}.workers.dev/`)).json()).toMatchObject({ label: 'routed' });
    const missingNs = await cfApi(cf, 'PUT', '/{account}/workers/dispatch/namespaces/absent/scripts/acme', form());
    expect(missingNs.status).toBe(404);
  });
});

describe('D1', () => {
  it('runs statements with params, in object and raw form, and reports SQL errors', async () => {
    const one = await cfApi<Array<{ results: unknown[]; success: boolean; meta: { changes: number } }>>(cf, 'POST', `/{account}/d1/database/${dbId}/query`, {
      sql: 'INSERT INTO pets (name) VALUES (?1)',
      params: ['Tom'],
    });
    expect(one.json.result[0]).toMatchObject({ success: true, meta: { changes: 1 } });
    const raw = await cfApi<Array<{ results: { columns: string[]; rows: unknown[][] } }>>(cf, 'POST', `/{account}/d1/database/${dbId}/raw`, { sql: 'SELECT id, name FROM pets ORDER BY id' });
    expect(raw.json.result[0].results).toEqual({ columns: ['id', 'name'], rows: [[1, 'Rex'], [2, 'Tom']] });
    const bad = await cfApi(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: 'SELECT * FROM nowhere' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ code: 7500, message: expect.stringContaining('no such table') });
    const list = await cfApi<Array<{ name: string }>>(cf, 'GET', '/{account}/d1/database?name=pets-db');
    expect(list.json.result.map((d) => d.name)).toEqual(['pets-db']);
    expect((await cfApi(cf, 'GET', '/{account}/d1/database/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('runs a failing multi-statement body as one batch, so nothing of it stays', async () => {
    const res = await cfApi(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: "INSERT INTO pets (name) VALUES ('Half'); INSERT INTO nowhere VALUES (1)" });
    expect(res.status).toBe(400);
    const count = await cfApi<Array<{ results: Array<{ n: number }> }>>(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: "SELECT count(*) AS n FROM pets WHERE name = 'Half'" });
    expect(count.json.result[0].results[0].n).toBe(0);
  });
});

describe('fault injection and the call log', () => {
  it('answers 429 with Retry-After, then 500, the given number of times, then the real answer', async () => {
    cf.setFault({ method: 'GET', path: '/accounts/*/workers/subdomain', status: 429, times: 2, retryAfter: 7 });
    for (let i = 0; i < 2; i++) {
      const limited = await cfApi(cf, 'GET', '/{account}/workers/subdomain');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.json.errors[0].code).toBe(971);
    }
    expect((await cfApi(cf, 'GET', '/{account}/workers/subdomain')).status).toBe(200);

    cf.setFault({ path: '/accounts/**', status: 500 });
    const failed = await cfApi(cf, 'GET', '/{account}/workers/scripts');
    expect(failed.status).toBe(500);
    expect(failed.json.errors[0]).toEqual({ code: 10013, message: 'An unknown error has occurred.' });
    expect((await cfApi(cf, 'GET', '/{account}/workers/scripts')).status).toBe(200);
  });

  it('takes faults over HTTP and counts every call', async () => {
    const control = cf.apiUrl.replace('/client/v4', '/__fake/faults');
    const armed = await fetch(control, { method: 'POST', body: JSON.stringify({ method: 'PUT', path: '/accounts/*/workers/scripts/*', status: 403 }) });
    expect(armed.status).toBe(200);
    const before = cf.calls.length;
    const refused = await cfApi(cf, 'PUT', '/{account}/workers/scripts/denied', uploadForm('export default {}', {}));
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].code).toBe(10000);
    expect(cf.calls.slice(before)).toEqual([expect.objectContaining({ method: 'PUT', path: `/accounts/${cf.accountId}/workers/scripts/denied`, status: 403 })]);
    const bad = await fetch(control, { method: 'POST', body: JSON.stringify({ path: '/x', status: 418 }) });
    expect(bad.status).toBe(400);
  });
});
