/**
 * The MCP server end to end: the real worker on workerd, the official MCP SDK client over
 * streamable HTTP, mocks started by the local deployer and reached through their admin API.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, freePort, HAS_SHARED_SPECS, SHARED_SPECS } from './helpers/stack';
import { MCP_TOKEN, type TestMcp, startTestMcp, toolError } from './helpers/mcp';

const PETSTORE = join(SHARED_SPECS, 'petstore-v3.yaml');

let mcp: TestMcp;
let client: Client;

beforeAll(async () => {
  // As `mockloop mock --allow-loopback-specs`: the prompt test below serves its spec from 127.0.0.1.
  // The operator allows the shared specs' folder, as `--spec-dir` does.
  mcp = await startTestMcp({ specAccess: { specDirs: [process.cwd(), SHARED_SPECS], network: { loopback: true, private: false } } });
  client = await mcp.connect();
});

afterAll(async () => {
  await client?.close();
  await mcp?.dispose();
});

async function call(name: string, args: Record<string, unknown>) {
  return client.callTool({ name, arguments: args });
}

async function ok<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = await call(name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  // SAFETY: the SDK client validated structuredContent against the tool's output schema.
  return result.structuredContent as T;
}

describe('MCP server: tools', () => {
  it('lists the tools that do real work, each with described input and an output schema', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'compare_mock_to_live',
        'create_agent_context',
        'create_context_snapshot',
        'create_test_session',
        'create_test_session_context',
        'create_workflow_context',
        'deploy_scenario',
        'discover_mock_servers',
        'end_test_session',
        'fire_webhook',
        'generate_mock_api',
        'generate_test_report',
        'get_context_data',
        'get_global_context_data',
        'get_performance_metrics',
        'list_active_scenarios',
        'list_contexts_by_type',
        'list_webhook_deliveries',
        'manage_mock_data',
        'promote_recording',
        'purge_mock_data',
        'query_audit_log',
        'query_mock_logs',
        'record_upstream_traffic',
        'restore_context_snapshot',
        'run_security_test',
        'set_upstream',
        'start_mock_server',
        'stop_mock_server',
        'switch_scenario',
        'update_context_data',
        'update_global_context_data',
        'validate_scenario_config',
        'execute_test_plan',
        'run_test_iteration',
        'analyze_test_results',
        'compare_test_runs',
        'schedule_test_suite',
        'run_load_test',
        'monitor_test_progress',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeTruthy();
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
    const generate = tools.find((t) => t.name === 'generate_mock_api')!;
    expect(generate.inputSchema.required).toEqual(['mock_name']);
    // One name for the mock in every tool that takes one.
    const mockTools = tools.filter((t) => /mock|scenario|session|report|metrics/.test(t.name) && t.name !== 'create_test_session_context').map((t) => t.name);
    for (const name of mockTools) expect(Object.keys(tools.find((t) => t.name === name)!.inputSchema.properties ?? {}), name).toContain('mock_name');
    // `name` is left only where it names something else: a context or a test session.
    const withName = tools.filter((t) => 'name' in (t.inputSchema.properties ?? {})).map((t) => t.name);
    expect(withName.sort()).toEqual(['create_agent_context', 'create_test_session', 'create_test_session_context', 'create_workflow_context', 'schedule_test_suite']);
    expect(JSON.stringify(generate.inputSchema)).toContain('"default":true');
  });

  it.skipIf(!HAS_SHARED_SPECS)('generates a mock from a real spec with progress, serves it, and discovers it with its request count', async () => {
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool(
      { name: 'generate_mock_api', arguments: { spec_url_or_path: PETSTORE, mock_name: 'petstore', options: { enforce_security: false } } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const mock = result.structuredContent as { name: string; mock_url: string; admin_url: string; operations: Array<{ id: string }>; operation_count: number; warnings: unknown[]; settings: Record<string, boolean> };
    expect(mock.name).toBe('petstore');
    expect(mock.mock_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect(mock.operations.map((o) => o.id)).toContain('findPetsByStatus');
    expect(mock.operation_count).toBe(mock.operations.length);
    expect(Array.isArray(mock.warnings)).toBe(true);
    expect(mock.settings).toEqual({ validate_requests: true, enforce_security: false, cors: true, stateful: false });
    expect(progress.map((p) => p.progress)).toEqual([0, 1, 2, 3, 5]);
    expect(progress.at(-1)?.total).toBe(5);

    const served = await fetch(`${mock.mock_url}/pet/findByStatus?status=available`);
    expect(served.status).toBe(200);
    expect(Array.isArray(await served.json())).toBe(true);

    // The log write lands just after the response.
    let seen: { request_count: number | null; health: string; plan_version: string | null; active_scenario?: string | null } | undefined;
    for (let i = 0; i < 50 && !(seen?.request_count && seen.request_count >= 1); i++) {
      const found = await ok<{ mocks: Array<{ name: string; request_count: number | null; health: string; plan_version: string | null }> }>('discover_mock_servers', { mock_name: 'petstore' });
      seen = found.mocks[0];
      if (!seen.request_count) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toMatchObject({ health: 'ok', request_count: 1, active_scenario: null, paused: false, stateful: false });
    expect(seen?.plan_version).toMatch(/^[0-9a-f]{16}$/);

    const again = toolError(await call('generate_mock_api', { spec_url_or_path: PETSTORE, mock_name: 'petstore' }));
    expect(again.text).toContain('mock_name');
    expect(again.problem.errors?.[0].location).toBe('mock_name');
  });

  it('stops and starts a mock; discover shows each state and the plan survives', async () => {
    await ok('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'shop' });
    const before = await ok<{ mocks: Array<{ mock_url: string; plan_version: string }> }>('discover_mock_servers', { mock_name: 'shop' });
    const url = before.mocks[0].mock_url;
    expect((await fetch(`${url}/books`)).status).toBe(200);

    expect(await ok('stop_mock_server', { mock_name: 'shop' })).toMatchObject({ status: 'stopped' });
    await expect(fetch(`${url}/books`)).rejects.toThrow();
    const stopped = await ok<{ mocks: Array<{ status: string; health: string }> }>('discover_mock_servers', { mock_name: 'shop' });
    expect(stopped.mocks[0]).toMatchObject({ status: 'stopped', health: 'unchecked' });

    expect(await ok('start_mock_server', { mock_name: 'shop' })).toMatchObject({ status: 'running', mock_url: url });
    expect((await fetch(`${url}/books`)).status).toBe(200);
    const after = await ok<{ mocks: Array<{ plan_version: string; health: string }> }>('discover_mock_servers', { mock_name: 'shop' });
    expect(after.mocks[0]).toMatchObject({ health: 'ok', plan_version: before.mocks[0].plan_version });

    // Replacing keeps the URL.
    const replaced = await ok<{ mock_url: string }>('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'shop', replace: true, options: { cors: false } });
    expect(replaced.mock_url).toBe(url);
    expect((await fetch(`${url}/books`)).status).toBe(200);
  });

  it('passes the stateful option through: records a POST creates are there for the GET', async () => {
    const mock = await ok<{ mock_url: string; settings: { stateful: boolean } }>('generate_mock_api', {
      spec_url_or_path: BOOKSHOP,
      name: 'crud',
      options: { stateful: true, enforce_security: false },
    });
    expect(mock.settings.stateful).toBe(true);
    const book = { title: 'Sea of Tranquility', authorId: '4d5e6f70-8192-4a3b-bc4d-5e6f70819203', isbn: '9780593321447', price: 24, genre: 'fiction' };
    const created = await fetch(`${mock.mock_url}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(book) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${mock.mock_url}/books/${id}`);
    expect(((await read.json()) as { title: string }).title).toBe('Sea of Tranquility');
    const found = await ok<{ mocks: Array<{ stateful: boolean }> }>('discover_mock_servers', { mock_name: 'crud' });
    expect(found.mocks[0].stateful).toBe(true);
  });

  it('still accepts the old argument "name" for a release, with a deprecation note in the result', async () => {
    const result = await call('stop_mock_server', { name: 'shop' });
    expect(result.isError).toBeFalsy();
    expect((result.content as Array<{ text: string }>).map((c) => c.text).join('\n')).toMatch(/Deprecated: The argument "name" is deprecated: call it "mock_name"/);
    expect(result._meta?.['mockloop/deprecations']).toHaveLength(1);
    expect(await ok('start_mock_server', { mock_name: 'shop' })).toMatchObject({ status: 'running' });
  });

  it('serves a generated mock on the ports asked for, and names the argument whose port is taken', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const made = await ok<{ mock_url: string; admin_url: string }>('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'fixed', port, admin_port: adminPort });
    expect(made.mock_url).toBe(`http://127.0.0.1:${port}/v1`);
    expect(made.admin_url).toBe(`http://127.0.0.1:${adminPort}`);
    const taken = toolError(await call('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'clash', port }));
    expect(taken.problem.errors?.[0].location).toBe('port');
    expect(taken.text).toMatch(/already in use/);
    const blocked = toolError(await call('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'blocked', admin_port: 5061 }));
    expect(blocked.problem.errors?.[0].location).toBe('admin_port');
    expect(blocked.text).toMatch(/blocked ports/);
    await ok('stop_mock_server', { mock_name: 'fixed' });
  });

  it('answers a file that is no spec with a short error that quotes none of it', async () => {
    const result = await call('generate_mock_api', { spec_url_or_path: join(import.meta.dirname, '..', 'README.md'), mock_name: 'readme' });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>).map((c) => c.text).join('\n');
    expect(text.length).toBeLessThan(4_000);
    expect(text).not.toContain('npm install');
    expect(text).toMatch(/"moreErrors":\d+/);
  });

  it('names the unknown mock and lists the known ones', async () => {
    const error = toolError(await call('stop_mock_server', { mock_name: 'nope' }));
    expect(error.text).toContain('"nope"');
    expect(error.text).toContain('shop');
    expect(error.problem.status).toBe(404);
    expect(error.problem.known).toContain('shop');
  });

  it('reports a broken spec as a tool error pointing into the document', async () => {
    const error = toolError(await call('generate_mock_api', { spec_text: 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Missing"}\n', mock_name: 'broken' }));
    expect(error.text).toContain('spec_text');
    expect(error.problem.errors?.[0].location).toContain('/paths/~1a/get/responses/200');
    const list = await ok<{ mocks: Array<{ name: string }> }>('discover_mock_servers', { check_health: false });
    expect(list.mocks.map((m) => m.name)).not.toContain('broken');
  });

  it('runs security probes on a mock with progress, keeps the run, and never echoes the credentials', async () => {
    await ok('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'probed', options: { cors: false } });
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = await client.callTool(
      { name: 'run_security_test', arguments: { mock_name: 'probed', checks: ['authentication', 'negative-data', 'cors'], auth: ['Authorization: Bearer s3cret-probe-value'] } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const run = result.structuredContent as { passed: boolean; status: string; run_id: string; requests: number; checks: Array<{ check: string; category: string }>; findings: unknown[] };
    expect(run).toMatchObject({ passed: true, status: 'passed', findings: [] });
    expect(run.requests).toBeGreaterThan(10);
    expect(run.checks.map((c) => `${c.check} ${c.category}`)).toEqual(['authentication API2', 'negative-data API8', 'cors API8']);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)?.progress).toBe(run.requests);
    expect(JSON.stringify(result)).not.toContain('s3cret-probe-value');
    const bad = toolError(await call('run_security_test', { mock_name: 'probed', checks: ['sqli'] }));
    expect(bad.problem.errors?.[0].location).toMatch(/^checks/);
  });

  it('answers every tool, given a missing or wrong argument, with a tool error naming the field', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      const unknown = toolError(await call(tool.name, { bogus_field: 1 }));
      expect(unknown.text, tool.name).toContain('bogus_field');
      for (const field of tool.inputSchema.required ?? []) {
        const missing = toolError(await call(tool.name, {}));
        expect(missing.text, `${tool.name} without ${field}`).toContain(field);
        expect(missing.problem.errors?.map((e) => e.location), tool.name).toContain(field);
      }
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        const type = (schema as { type?: string }).type;
        // A field that takes any JSON value (a webhook body) has no wrong value.
        const anyOf = (schema as { anyOf?: Array<{ type?: string }> }).anyOf;
        if (type === undefined && (anyOf === undefined || anyOf.length >= 6)) continue;
        const wrong = type === 'string' ? 42 : 'not-a-' + (type ?? 'value');
        const bad = toolError(await call(tool.name, { [field]: wrong }));
        expect(bad.text, `${tool.name}.${field} = ${JSON.stringify(wrong)}`).toContain(field);
      }
    }
  });
});

describe('MCP server: contexts', () => {
  it('round-trips data through versions, a snapshot and a restore; parents and listing work', async () => {
    const workflow = await ok<{ context_id: string; version: number }>('create_workflow_context', { name: 'checkout flow', data: { step: 1, cart: { items: 2 } }, steps: ['browse', 'pay'] });
    expect(workflow.version).toBe(1);
    const agent = await ok<{ context_id: string; parent_id: string; metadata: Record<string, unknown> }>('create_agent_context', {
      name: 'tester',
      parent_id: workflow.context_id,
      agent_type: 'tester',
      capabilities: ['http'],
    });
    expect(agent).toMatchObject({ parent_id: workflow.context_id, metadata: { agent_type: 'tester', capabilities: ['http'] } });

    const merged = await ok<{ data: unknown; version: number }>('update_context_data', { context_id: workflow.context_id, data: { step: 2, cart: { coupon: 'X' } }, expected_version: 1 });
    expect(merged).toMatchObject({ version: 2, data: { step: 2, cart: { items: 2, coupon: 'X' } } });

    const stale = toolError(await call('update_context_data', { context_id: workflow.context_id, data: { step: 9 }, expected_version: 1 }));
    expect(stale.text).toContain('expected_version');
    expect(stale.problem.status).toBe(409);

    const snap = await ok<{ snapshot_id: string; version: number }>('create_context_snapshot', { context_id: workflow.context_id, label: 'before payment' });
    expect(snap.version).toBe(2);
    await ok('update_context_data', { context_id: workflow.context_id, data: { paid: true }, mode: 'replace' });
    expect(await ok('get_context_data', { context_id: workflow.context_id })).toMatchObject({ data: { paid: true }, version: 3, child_count: 1 });

    const restored = await ok<{ context: { data: unknown; version: number } }>('restore_context_snapshot', { snapshot_id: snap.snapshot_id, context_id: workflow.context_id });
    expect(restored.context).toMatchObject({ data: { step: 2, cart: { items: 2, coupon: 'X' } }, version: 4 });

    const wrongContext = toolError(await call('restore_context_snapshot', { snapshot_id: snap.snapshot_id, context_id: agent.context_id }));
    expect(wrongContext.text).toContain('nothing was restored');
    const unknown = toolError(await call('restore_context_snapshot', { snapshot_id: 'snap_nope' }));
    expect(unknown.problem.errors?.[0].location).toBe('snapshot_id');
    expect(await ok('get_context_data', { context_id: workflow.context_id })).toMatchObject({ version: 4 });

    const children = await ok<{ contexts: Array<{ context_id: string }>; total: number }>('list_contexts_by_type', { type: 'agent', parent_id: workflow.context_id });
    expect(children.contexts.map((c) => c.context_id)).toEqual([agent.context_id]);
    const huge = toolError(await call('update_context_data', { context_id: workflow.context_id, data: { blob: 'x'.repeat(60_000) } }));
    expect(huge.problem).toMatchObject({ status: 413, errors: [{ location: 'data' }] });
    expect(await ok('get_context_data', { context_id: workflow.context_id })).toMatchObject({ version: 4 });

    const unknownParent = toolError(await call('create_agent_context', { name: 'orphan', parent_id: 'ctx_missing' }));
    expect(unknownParent.problem.errors?.[0].location).toBe('parent_id');
  });

  it('pages context lists', async () => {
    for (let i = 0; i < 5; i++) await ok('create_test_session_context', { name: `session ${i}`, mock: 'shop' });
    const first = await ok<{ contexts: unknown[]; total: number; next_offset: number | null }>('list_contexts_by_type', { type: 'test_session', limit: 2 });
    expect(first.contexts).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(5);
    expect(first.next_offset).toBe(2);
  });

  it('keeps one global context with versions', async () => {
    const start = await ok<{ version: number }>('get_global_context_data', {});
    const next = await ok<{ version: number; data: Record<string, unknown> }>('update_global_context_data', { data: { env: 'staging' }, expected_version: start.version });
    expect(next).toMatchObject({ version: start.version + 1, data: { env: 'staging' } });
    expect(toolError(await call('update_global_context_data', { data: { env: 'prod' }, expected_version: start.version })).problem.status).toBe(409);
  });
});

describe('MCP server: audit log', () => {
  it('records every call with caller, redacted arguments, duration and outcome, and never a token', async () => {
    await ok('create_workflow_context', { name: 'secrets', data: { pasted: `Bearer ${MCP_TOKEN}`, api_key: 'k-123', note: MCP_TOKEN } });
    const page = await ok<{ entries: Array<{ tool: string; caller: string; arguments: Record<string, unknown>; outcome: string; duration_ms: number }>; total: number }>('query_audit_log', {
      tool: 'create_workflow_context',
      limit: 1,
    });
    expect(page.entries[0]).toMatchObject({ tool: 'create_workflow_context', caller: 'token:static', outcome: 'ok' });
    expect(page.entries[0].arguments).toMatchObject({ name: 'secrets', data: { api_key: '[redacted]' } });
    expect(page.entries[0].duration_ms).toBeGreaterThanOrEqual(0);

    const errors = await ok<{ entries: Array<{ outcome: string; error: string }> }>('query_audit_log', { outcome: 'error', limit: 5 });
    expect(errors.entries.length).toBeGreaterThan(0);
    expect(errors.entries.every((e) => e.outcome === 'error' && e.error.length > 0)).toBe(true);

    const res = await fetch(`${mcp.url}/audit?limit=100`, { headers: { authorization: `Bearer ${MCP_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).total).toBeGreaterThan(10);
    expect(text).not.toContain(MCP_TOKEN);

    const bad = await fetch(`${mcp.url}/audit?limit=5000&outcome=maybe`, { headers: { authorization: `Bearer ${MCP_TOKEN}` } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: Array<{ location: string }> };
    expect(problem.errors.map((e) => e.location).sort()).toEqual(['query/limit', 'query/outcome']);
    expect((await fetch(`${mcp.url}/audit`)).status).toBe(401);
  });
});

describe('MCP server: prompts and scenario-pack resources', () => {
  it('lists the five prompts and builds one from a running mock’s plan', async () => {
    await ok('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'prompted', replace: true });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(
      ['analyze_openapi_for_testing', 'generate_error_scenarios', 'generate_scenario_config', 'generate_security_test_scenarios', 'optimize_scenario_for_load'].sort(),
    );
    const got = await client.getPrompt({ name: 'analyze_openapi_for_testing', arguments: { mock_name: 'prompted' } });
    const text = got.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
    expect(text).toContain('/books');
    expect(text).toContain('createBook');
  });

  it('builds a prompt from a spec URL not mocked yet', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end(readFileSync(BOOKSHOP));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bookshop.yaml`;
      const got = await client.getPrompt({ name: 'generate_error_scenarios', arguments: { spec_url: url } });
      expect(JSON.stringify(got.messages)).toContain('/books');
    } finally {
      server.close();
    }
  });

  it('answers a bad prompt argument with an error naming the field', async () => {
    await expect(client.getPrompt({ name: 'analyze_openapi_for_testing', arguments: { mock_name: 'nope' } })).rejects.toThrow(/mock_name.*nope.*prompted/);
    await expect(client.getPrompt({ name: 'analyze_openapi_for_testing', arguments: {} })).rejects.toThrow(/mock_name/);
  });

  it('lists at least 15 scenario packs and instantiates one for a mock', async () => {
    const { resources } = await client.listResources();
    const packs = resources.filter((r) => r.uri.startsWith('scenario-pack://'));
    expect(packs.length).toBeGreaterThanOrEqual(15);
    expect(packs.map((p) => p.uri)).toContain('scenario-pack://error-simulation/rate-limiting');
    const bare = await client.readResource({ uri: 'scenario-pack://error-simulation/rate-limiting' });
    expect(JSON.parse((bare.contents[0] as { text: string }).text)).toMatchObject({ uri: 'scenario-pack://error-simulation/rate-limiting' });

    const made = await client.readResource({ uri: 'scenario-pack://error-simulation/rate-limiting?mock=prompted' });
    const result = JSON.parse((made.contents[0] as { text: string }).text) as { ok: boolean; scenario: { name: string } };
    expect(result.ok).toBe(true);
    expect(result.scenario.name).toBeTruthy();
    await expect(client.readResource({ uri: 'scenario-pack://error-simulation/rate-limiting?mock=nope' })).rejects.toThrow(/nope/);
    const tagged = await client.readResource({ uri: 'scenario-pack://error-simulation/server-errors?mock=prompted&tags=no-such-tag' });
    expect((JSON.parse((tagged.contents[0] as { text: string }).text) as { ok: boolean }).ok).toBe(false);
  });
});
