/**
 * The MCP worker as deployed (wrangler.mcp.toml: no local deployer, the account's credentials as
 * secrets) deploying mocks to the local Cloudflare fake, driven by the official MCP SDK client:
 * generate_mock_api → a public mock_url served by the fake's edge → discover → stop/start →
 * destroy_mock_server, with progress per deploy step, and the API token nowhere in tool results,
 * errors or the audit log.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMcpServer, startMcpServer } from '../cli/mcp-runtime';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';
import { deriveAdminToken } from '../src/deploy/cloudflare';
import { connectClient, MCP_TOKEN, OPERATOR_SECRET, toolError } from './helpers/mcp';
import { BOOKSHOP, freePort } from './helpers/stack';

const ADMIN_SECRET = 'test-mock-admin-secret-0123456789abcdef';

let cf: CloudflareFake;
let server: RunningMcpServer;
let client: Client;
/** Every tool answer, to check that no secret leaked into one. */
const answers: string[] = [];

beforeAll(async () => {
  cf = await startCloudflareFake({ subdomain: 'acme' });
  const api = new URL(cf.apiUrl).origin;
  server = await startMcpServer({
    port: await freePort(),
    stateDir: false,
    token: MCP_TOKEN,
    operatorSecret: OPERATOR_SECRET,
    cloudflare: {
      accountId: cf.accountId,
      token: cf.token,
      baseUrl: cf.apiUrl,
      adminSecret: ADMIN_SECRET,
      // What the internet does for a deployed worker: the API is the API, every other host is the (fake) edge.
      outbound: async (request) => {
        if (new URL(request.url).origin === api) return fetch(request);
        const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
        return cf.edgeFetch(request.url, { method: request.method, headers: request.headers, body });
      },
      // wrangler.mcp.toml's ENGINE service binding: the engine the first deploy put on the account.
      engine: (request) => cf.serviceFetch('mockloop-engine', request),
    },
  });
  client = await connectClient(server.url, MCP_TOKEN);
});

afterAll(async () => {
  await client?.close();
  await server?.dispose();
  await cf?.close();
});

async function call(name: string, args: Record<string, unknown>, onprogress?: (p: { progress: number; total?: number; message?: string }) => void) {
  const result = await client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : undefined);
  answers.push(JSON.stringify(result));
  return result;
}

async function ok<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = await call(name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  // SAFETY: the SDK client validated structuredContent against the tool's output schema.
  return result.structuredContent as T;
}

interface Discovered {
  mocks: Array<{ name: string; status: string; health: string; request_count: number | null; plan_version: string | null; mock_url: string }>;
  total: number;
}

describe('the deployed MCP worker deploys mocks to Cloudflare (the local fake)', { timeout: 300_000 }, () => {
  it('generates a mock on a public URL, discovers, stops, starts and destroys it', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['generate_mock_api', 'discover_mock_servers', 'stop_mock_server', 'start_mock_server', 'destroy_mock_server']));
    expect(tools.find((t) => t.name === 'destroy_mock_server')?.annotations?.destructiveHint).toBe(true);

    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const generated = await call('generate_mock_api', { spec_text: readFileSync(BOOKSHOP, 'utf8'), mock_name: 'shop', ttl_minutes: 60, options: { stateful: true } }, (p) => progress.push(p));
    expect(generated.isError).toBeFalsy();
    const mock = generated.structuredContent as { mock_url: string; admin_url: string; plan_version: string; operation_count: number; settings: Record<string, boolean>; expires_at: string | null };
    expect(mock).toMatchObject({ mock_url: 'https://shop.acme.workers.dev/v1', admin_url: 'https://shop.acme.workers.dev/__mockloop', operation_count: 13 });
    expect(mock.settings.stateful).toBe(true);
    expect(Date.parse(mock.expires_at ?? '') - Date.now()).toBeGreaterThan(50 * 60_000);
    // One notification per deploy step, in order, ending with "ready".
    const messages = progress.map((p) => p.message ?? '');
    expect(progress.map((p) => p.progress)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(messages[1]).toMatch(/D1 database and applying its migrations/);
    expect(messages[2]).toMatch(/writing plan .* to D1/);
    expect(messages[3]).toMatch(/uploading the Worker "shop"/);
    expect(messages[4]).toMatch(/routing: workers\.dev/);
    expect(messages[6]).toBe('"shop" is deployed at https://shop.acme.workers.dev');
    // The account's test engine came first, and the mock is bound to it (docs/decisions/0023).
    expect(messages[1]).toMatch(/checking the test engine "mockloop-engine"/);
    expect(cf.state.scripts.get('mockloop-engine')?.doClasses.size).toBe(3);
    expect(cf.state.scripts.get('shop')?.versions.at(-1)?.bindings).toContainEqual({ type: 'service', name: 'ENGINE', service: 'mockloop-engine' });

    // The public URL answers through the edge; the admin API takes the token derived from MOCK_ADMIN_SECRET.
    const books = await cf.edgeFetch(`${mock.mock_url}/books`);
    expect(books.status).toBe(200);
    const token = await deriveAdminToken(ADMIN_SECRET, cf.accountId, 'shop');
    expect((await cf.edgeFetch(`${mock.admin_url}/api/plan`)).status).toBe(401);
    expect((await cf.edgeFetch(`${mock.admin_url}/api/plan`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // The admin web page under the prefix: its assets, links and API calls stay below /__mockloop.
    const page = await (await cf.edgeFetch(`${mock.admin_url}/ui/requests`)).text();
    expect(page).toContain('<meta name="mockloop-base" content="/__mockloop">');
    const script = /src="(\/__mockloop\/ui\/app\.js\?v=\w+)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const app = await cf.edgeFetch(`https://shop.acme.workers.dev${script}`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toContain('javascript');

    const found = await ok<Discovered>('discover_mock_servers', {});
    expect(found.total).toBe(1);
    expect(found.mocks[0]).toMatchObject({ name: 'shop', status: 'running', health: 'ok', plan_version: mock.plan_version, mock_url: mock.mock_url });
    expect(found.mocks[0].request_count).toBeGreaterThanOrEqual(1);

    // The steering tools reach the deployed mock through its admin API too.
    const logs = await ok<{ total: number }>('query_mock_logs', { mock_name: 'shop' });
    expect(logs.total).toBeGreaterThanOrEqual(1);

    // With ENGINE bound, a load run goes from the account's engine to the deployed mock's public URL.
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['run_load_test', 'monitor_test_progress', 'schedule_test_suite']));
    const run = await ok<{ run_id: string; status: string; target: string; figures: { requests: number } }>('run_load_test', { mock_name: 'shop', rate: 20, iterations: 12 });
    expect(run).toMatchObject({ status: 'passed', target: 'https://shop.acme.workers.dev/v1', figures: { requests: 12 } });
    const session = await cf.edgeFetch(`${mock.admin_url}/api/logs/search?session_id=${run.run_id}&limit=50`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await session.json()) as { total: number }).total).toBe(12);

    expect(await ok('stop_mock_server', { mock_name: 'shop' })).toMatchObject({ status: 'stopped' });
    expect((await cf.edgeFetch(`${mock.mock_url}/books`)).status).toBe(404);
    expect(await ok('start_mock_server', { mock_name: 'shop' })).toMatchObject({ status: 'running', mock_url: mock.mock_url });
    expect((await cf.edgeFetch(`${mock.mock_url}/books`)).status).toBe(200);

    expect(await ok('destroy_mock_server', { mock_name: 'shop' })).toEqual({ name: 'shop', destroyed: true, mock_url: mock.mock_url, admin_url: mock.admin_url });
    expect((await cf.edgeFetch(`${mock.mock_url}/books`)).status).toBe(404);
    expect(cf.state.scripts.has('shop')).toBe(false);
    expect((await ok<Discovered>('discover_mock_servers', {})).total).toBe(0);
    const again = toolError(await call('destroy_mock_server', { mock_name: 'shop' }));
    expect(again.problem.errors?.[0].location).toBe('mock_name');
  });

  it('reports a refused step with its permission, leaves nothing behind, and never shows the API token', async () => {
    cf.setFault({ method: 'PUT', path: `/accounts/${cf.accountId}/workers/scripts/denied`, status: 403 });
    const refused = toolError(await call('generate_mock_api', { spec_text: readFileSync(BOOKSHOP, 'utf8'), mock_name: 'denied' }));
    expect(refused.problem.detail).toMatch(/^Step "upload" failed: PUT .* answered 403 \(10000: Authentication error\)\. The API token needs the permission "Workers Scripts Write"\. Nothing of the new mock was left behind\./);
    expect(cf.state.scripts.has('denied')).toBe(false);

    // A client that pastes the token into an argument does not find it in the audit log.
    toolError(await client.callTool({ name: 'discover_mock_servers', arguments: { mock_name: cf.token } }));
    const audit = await ok<{ entries: unknown[] }>('query_audit_log', { limit: 25 });
    expect(audit.entries.length).toBeGreaterThanOrEqual(8);
    for (const text of [...answers, JSON.stringify(audit)]) {
      expect(text).not.toContain(cf.token);
      expect(text).not.toContain(ADMIN_SECRET);
    }
  });
});
