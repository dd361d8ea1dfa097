/**
 * The real wrangler (node_modules, 4.x) against the Cloudflare fake: `wrangler d1 migrations apply
 * --remote`, `wrangler deploy` of a Worker with D1, KV, a SQLite Durable Object, a zone route and a
 * Cron Trigger, a second deploy in place, and `wrangler delete` — the Worker answers on workers.dev and
 * its route, runs its cron handler, keeps its state across the update, and is gone after the delete.
 * CLOUDFLARE_API_BASE_URL points wrangler at the fake; metrics, the banner's update check and the
 * npm registry are all pointed away from the network.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import { cfApi } from './helpers/cf-fake';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'cf-fake-wrangler');

let cf: CloudflareFake;
let dir: string;
let dbId: string;
let kvId: string;

beforeAll(async () => {
  cf = await startCloudflareFake();
  dir = mkdtempSync(join(tmpdir(), 'cf-fake-wrangler-'));
  cpSync(FIXTURE, join(dir, 'project'), { recursive: true });
  mkdirSync(join(dir, 'home'));
  const db = await cfApi<{ uuid: string }>(cf, 'POST', '/{account}/d1/database', { name: 'notes-db' });
  dbId = db.json.result.uuid;
  const kv = await cfApi<{ id: string }>(cf, 'POST', '/{account}/storage/kv/namespaces', { title: 'notes-settings' });
  kvId = kv.json.result.id;
  const put = await fetch(`${cf.apiUrl}/accounts/${cf.accountId}/storage/kv/namespaces/${kvId}/values/motto`, { method: 'PUT', headers: { authorization: `Bearer ${cf.token}` }, body: 'keep notes' });
  expect(put.status).toBe(200);
  writeConfig('one');
});

afterAll(async () => {
  await cf?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeConfig(release: string): void {
  writeFileSync(
    join(dir, 'project', 'wrangler.toml'),
    `name = "notes"
main = "worker.js"
compatibility_date = "2026-01-01"
workers_dev = true
routes = [
  { pattern = "notes.example.com/*", zone_name = "example.com" },
  { pattern = "notes-api.example.com", custom_domain = true },
]

[triggers]
crons = ["*/5 * * * *"]

[vars]
RELEASE = "${release}"

[[d1_databases]]
binding = "DB"
database_name = "notes-db"
database_id = "${dbId}"
migrations_dir = "migrations"

[[kv_namespaces]]
binding = "SETTINGS"
id = "${kvId}"

[[durable_objects.bindings]]
name = "VISITS"
class_name = "Visits"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Visits"]
`,
  );
}

/** Runs wrangler with `input` on its stdin (how `wrangler secret put` reads a value when not on a terminal). */
function wranglerWithInput(input: string, ...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(WRANGLER, args, { cwd: join(dir, 'project'), env: wranglerEnv(), timeout: 120_000 });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.stdin.end(input);
  });
}

async function wrangler(...args: string[]): Promise<{ code: number; output: string }> {
  const env = wranglerEnv();
  try {
    const { stdout, stderr } = await run(WRANGLER, args, { cwd: join(dir, 'project'), env, timeout: 120_000, encoding: 'utf8' });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    // SAFETY: execFile rejects with the child's exit code and captured output.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function wranglerEnv(): NodeJS.ProcessEnv {
  const origin = cf.apiUrl.replace('/client/v4', '');
  return {
    PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'home', '.config'),
    CLOUDFLARE_API_BASE_URL: cf.apiUrl,
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    // wrangler's "newer version?" check asks the npm registry; keep it on loopback.
    npm_config_registry: `${origin}/__fake/no-registry/`,
    CI: 'true',
  };
}

const url = (path: string) => `https://notes.${cf.subdomain}.workers.dev${path}`;

describe('the real wrangler against the fake', () => {
  it('applies D1 migrations remotely and records them in d1_migrations', async () => {
    const applied = await wrangler('d1', 'migrations', 'apply', 'notes-db', '--remote');
    expect(applied.code, applied.output).toBe(0);
    const rows = await cfApi<Array<{ results: Array<{ name: string }> }>>(cf, 'POST', `/{account}/d1/database/${dbId}/query`, { sql: 'SELECT name FROM d1_migrations ORDER BY id' });
    expect(rows.json.result[0].results.map((r) => r.name)).toEqual(['0001_notes.sql', '0002_more_notes.sql']);
    const again = await wrangler('d1', 'migrations', 'apply', 'notes-db', '--remote');
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/No migrations to apply/);
  });

  it('deploys a Worker with D1, KV, a Durable Object, a route and a cron, updates it in place, and deletes it', async () => {
    const first = await wrangler('deploy');
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`https://notes.${cf.subdomain}.workers.dev`);
    expect(await (await cf.edgeFetch(url('/'))).json()).toEqual({ release: 'one', hasToken: false, motto: 'keep notes', notes: ['first note', 'second note'] });
    expect(await (await cf.edgeFetch(url('/visits'))).text()).toBe('1');
    expect(await (await cf.edgeFetch('https://notes.example.com/visits')).text()).toBe('2');
    expect((await cf.edgeFetch('https://notes-api.example.com/')).status).toBe(200);

    const secret = await wranglerWithInput('from-stdin', 'secret', 'put', 'NOTES_TOKEN');
    expect(secret.code, secret.output).toBe(0);
    expect(await (await cf.edgeFetch(url('/'))).json()).toMatchObject({ hasToken: true });

    expect(await cf.runScheduled('notes')).toEqual({ outcome: 'ok', cron: '*/5 * * * *' });
    const afterTick = (await (await cf.edgeFetch(url('/'))).json()) as { notes: string[] };
    expect(afterTick.notes).toContain('tick */5 * * * *');

    writeConfig('two');
    const second = await wrangler('deploy');
    expect(second.code, second.output).toBe(0);
    expect(await (await cf.edgeFetch(url('/'))).json()).toMatchObject({ release: 'two', hasToken: true });
    expect(await (await cf.edgeFetch(url('/visits'))).text()).toBe('3');
    const deployments = await cfApi<{ deployments: unknown[] }>(cf, 'GET', '/{account}/workers/scripts/notes/deployments');
    // first deploy, the secret's new version, the second deploy
    expect(deployments.json.result.deployments).toHaveLength(3);

    const deleted = await wrangler('delete', '--force');
    expect(deleted.code, deleted.output).toBe(0);
    expect((await cf.edgeFetch(url('/'))).status).toBe(404);
    expect((await cf.edgeFetch('https://notes.example.com/')).status).toBe(404);
    expect((await cf.edgeFetch('https://notes-api.example.com/')).status).toBe(404);

    // Every call wrangler made was one the fake implements (the 404s are its "does it exist yet?" probes).
    const unexpected = cf.calls.filter((c) => c.status >= 400 && !(c.status === 404 && c.method === 'GET'));
    expect(unexpected).toEqual([]);
  });
});
