/**
 * The MCP tools that read a mock's log, steer it and run test sessions, end to end: the MCP worker
 * on workerd, the official SDK client over streamable HTTP, a mock started by the local deployer
 * and reached only through its admin API.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TOKEN, type TestMcp, startTestMcp, toolError } from './helpers/mcp';
import { BOOKSHOP } from './helpers/stack';

let mcp: TestMcp;
let client: Client;
let api: string;

beforeAll(async () => {
  mcp = await startTestMcp();
  client = await mcp.connect(MCP_TOKEN);
  const mock = await ok<{ mock_url: string }>('generate_mock_api', { spec_url_or_path: BOOKSHOP, mock_name: 'steer', options: { enforce_security: false } });
  api = mock.mock_url;
});

afterAll(async () => {
  await client?.close();
  await mcp?.dispose();
});

const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });

async function ok<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T & { _text: string }> {
  const result = await call(name, args);
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  const text = (result.content as Array<{ text: string }>)[0].text;
  // SAFETY: the SDK client validated structuredContent against the tool's output schema.
  return { ...(result.structuredContent as T), _text: text };
}

/** Log writes land just after the response: ask until the count is reached. */
async function logged(filters: Record<string, unknown>, count: number) {
  let page: { total: number; items: Array<{ path: string; status: number; method: string; sessionId?: string | null }> } | undefined;
  for (let i = 0; i < 60; i++) {
    page = await ok('query_mock_logs', { mock_name: 'steer', ...filters });
    if (page.total >= count) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`only ${page?.total} logged requests match ${JSON.stringify(filters)}`);
}

describe('MCP steering tools', () => {
  it('query_mock_logs sees the calls, filters them, pages them and analyses them with real percentiles', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${api}/books`)).status).toBe(200);
    expect((await fetch(`${api}/health`)).status).toBe(200);

    const books = await logged({ path_pattern: '*/books', method: ['get'] }, 3);
    expect(books.total).toBe(3);
    expect(books.items.every((i) => i.path.endsWith('/books') && i.method === 'GET' && i.status === 200)).toBe(true);

    const paged = await ok<{ items: unknown[]; next_offset: number | null; total: number }>('query_mock_logs', { mock_name: 'steer', limit: 2 });
    expect(paged.total).toBe(4);
    expect(paged.items).toHaveLength(2);
    expect(paged.next_offset).toBe(2);

    const none = await ok<{ total: number }>('query_mock_logs', { mock_name: 'steer', status_codes: ['4xx', 500] });
    expect(none.total).toBe(0);

    const analysed = await ok<{ analysis: { summary: { requests: number; latencyMs: { p50: number; p95: number; p99: number } }; coverage: { operations: { total: number; exercised: number } } } }>('query_mock_logs', {
      mock_name: 'steer',
      analyze: true,
    });
    expect(analysed.analysis.summary.requests).toBe(4);
    expect(typeof analysed.analysis.summary.latencyMs.p50).toBe('number');
    expect(analysed.analysis.summary.latencyMs.p99).toBeGreaterThanOrEqual(analysed.analysis.summary.latencyMs.p50);
    expect(analysed.analysis.coverage.operations).toMatchObject({ total: 13, exercised: 2 });
    expect(analysed._text).toMatch(/p50 \d/);

    const metrics = await ok<{ requests: number; latency_ms: { p95: number } }>('get_performance_metrics', { mock_name: 'steer', last_minutes: 10 });
    expect(metrics.requests).toBe(4);
    expect(typeof metrics.latency_ms.p95).toBe('number');
  });

  it('validates scenarios against the plan, and a switched scenario changes the next call', async () => {
    const bad = await ok<{ valid: boolean; errors: Array<{ location: string; message: string }> }>('validate_scenario_config', {
      mock_name: 'steer',
      scenario: { name: 'teapot', rules: [{ endpoint: 'listBooks', method: 'GET', status: 418 }] },
    });
    expect(bad.valid).toBe(false);
    expect(bad.errors[0].location).toMatch(/^scenario\.rules\.0/);
    const good = await ok<{ valid: boolean }>('validate_scenario_config', { mock_name: 'steer', scenario: { name: 'throttled', rules: [{ endpoint: 'listBooks', method: 'GET', status: 429 }] } });
    expect(good.valid).toBe(true);

    await ok('manage_mock_data', { mock_name: 'steer', operation: 'create_scenario', scenario: { name: 'throttled', rules: [{ endpoint: 'listBooks', method: 'GET', status: 429 }] } });
    const switched = await ok<{ active_scenario: string; previous_scenario: string | null }>('manage_mock_data', { mock_name: 'steer', operation: 'switch_scenario', scenario_name: 'throttled' });
    expect(switched).toMatchObject({ active_scenario: 'throttled', previous_scenario: null });
    expect((await fetch(`${api}/books`)).status).toBe(429);

    const listed = await ok<{ active_scenario: string; scenarios: Array<{ name: string; active: boolean }> }>('manage_mock_data', { mock_name: 'steer', operation: 'list_scenarios' });
    expect(listed.scenarios).toEqual([expect.objectContaining({ name: 'throttled', active: true })]);
    const active = await ok<{ mocks: Array<{ mock_name: string; active_scenario: string | null }> }>('list_active_scenarios', {});
    expect(active.mocks).toContainEqual(expect.objectContaining({ mock_name: 'steer', active_scenario: 'throttled' }));

    const off = await ok<{ active_scenario: string | null; previous_scenario: string }>('switch_scenario', { mock_name: 'steer', deactivate: true });
    expect(off).toMatchObject({ active_scenario: null, previous_scenario: 'throttled' });
    expect((await fetch(`${api}/books`)).status).toBe(200);

    const deployed = await ok<{ created: boolean; active: boolean }>('deploy_scenario', {
      mock_name: 'steer',
      scenario: { name: 'throttled', rules: [{ endpoint: '/books', method: 'GET', status: 429, headers: { 'retry-after': '7' } }] },
      activate: true,
    });
    expect(deployed).toMatchObject({ created: false, active: true });
    const throttled = await fetch(`${api}/books`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');

    await ok('manage_mock_data', { mock_name: 'steer', operation: 'update_response', update: { endpoint: 'getHealth', method: 'GET', new_response: 'degraded' } });
    expect(await (await fetch(`${api}/health`)).text()).toBe('degraded');

    await ok('manage_mock_data', { mock_name: 'steer', operation: 'reset_state' });
    expect((await fetch(`${api}/books`)).status).toBe(200);
    expect(await (await fetch(`${api}/health`)).text()).toBe('ok');

    const refused = toolError(await call('manage_mock_data', { mock_name: 'steer', operation: 'delete_scenario', scenario_name: 'nope' }));
    expect(refused.text).toContain('scenario_name');
    await ok('manage_mock_data', { mock_name: 'steer', operation: 'delete_scenario', scenario_name: 'throttled' });
    expect((await ok<{ scenarios: unknown[] }>('manage_mock_data', { mock_name: 'steer', operation: 'list_scenarios' })).scenarios).toEqual([]);
  });

  it('runs a test session: traffic with X-Test-Session, a real summary at the end, reports in every format', async () => {
    const session = await ok<{ session_id: string; header: Record<string, string> }>('create_test_session', { mock_name: 'steer', session_id: 'checkout-1', name: 'checkout' });
    expect(session.header).toEqual({ 'X-Test-Session': 'checkout-1' });
    for (let i = 0; i < 3; i++) expect((await fetch(`${api}/books`, { headers: session.header })).status).toBe(200);
    expect((await fetch(`${api}/books?limit=abc`, { headers: session.header })).status).toBe(400);
    await logged({ session_id: 'checkout-1' }, 4);

    const ended = await ok<{ requests: number; errors: number; success_rate: number; coverage: { operations_exercised: number; operations_total: number }; latency_ms: { p50: number }; state: string }>('end_test_session', {
      mock_name: 'steer',
      session_id: 'checkout-1',
    });
    expect(ended).toMatchObject({ state: 'ended', requests: 4, errors: 1, success_rate: 0.75, coverage: { operations_exercised: 1, operations_total: 13 } });
    expect(typeof ended.latency_ms.p50).toBe('number');
    expect(ended._text).toContain('75.0% success');

    const md = await ok<{ report: string; truncated: boolean; summary: { requests: number } }>('generate_test_report', { mock_name: 'steer', session_id: 'checkout-1', format: 'markdown' });
    expect(md.summary.requests).toBe(4);
    expect(md.truncated).toBe(false);
    expect(md.report).toContain('# Test report: steer / session checkout-1');
    expect(md.report).toMatch(/\| listBooks \| GET \| \/books \| 4 \| 1 \|/);
    expect(md.report).toContain('createBook');

    const html = await ok<{ report: string }>('generate_test_report', { mock_name: 'steer', session_id: 'checkout-1', format: 'html' });
    expect(html.report).toContain('<svg');
    const csv = await ok<{ report: string }>('generate_test_report', { mock_name: 'steer', session_id: 'checkout-1', format: 'csv' });
    expect(csv.report.split('\n')[0]).toContain('operation');
    const json = await ok<{ report_json: { kind: string; operations: unknown[] } }>('generate_test_report', { mock_name: 'steer', session_id: 'checkout-1', format: 'json' });
    expect(json.report_json.kind).toBe('mockloop-session-report');
    const cut = await ok<{ report: string; truncated: boolean; total_chars: number; note: string }>('generate_test_report', { mock_name: 'steer', session_id: 'checkout-1', format: 'html', max_chars: 1000 });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.report).toHaveLength(1000);
    expect(cut.total_chars).toBeGreaterThan(1000);
    expect(cut.note).toContain('/api/testing/report');

    const perf = await ok<{ requests: number }>('get_performance_metrics', { mock_name: 'steer', session_id: 'checkout-1' });
    expect(perf.requests).toBe(4);

    const again = toolError(await call('end_test_session', { mock_name: 'steer', session_id: 'checkout-1' }));
    expect(again.problem.status).toBe(409);
    expect(again.text).toContain('already ended');
    expect(again.problem.errors?.[0].location).toBe('session_id');
    const unknown = toolError(await call('end_test_session', { mock_name: 'steer', session_id: 'nope' }));
    expect(unknown.text).toContain('session_id');
    expect(unknown.problem.errors?.[0].location).toBe('session_id');
  });

  it('answers bad arguments with tool errors naming the field or the unknown mock', async () => {
    const mock = toolError(await call('query_mock_logs', { mock_name: 'nope' }));
    expect(mock.text).toContain('mock_name');
    expect(mock.problem.known).toContain('steer');
    const regex = toolError(await call('query_mock_logs', { mock_name: 'steer', path_regex: '(a)\\1' }));
    expect(regex.problem.errors?.[0].location).toBe('path_regex');
    const status = toolError(await call('query_mock_logs', { mock_name: 'steer', status_codes: ['6xx'] }));
    expect(status.text).toContain('status_codes');
    const needsUpdate = toolError(await call('manage_mock_data', { mock_name: 'steer', operation: 'update_response' }));
    expect(needsUpdate.problem.errors?.[0].location).toBe('update');
    const badEndpoint = toolError(await call('manage_mock_data', { mock_name: 'steer', operation: 'update_response', update: { endpoint: '/nowhere', method: 'GET', status: 200 } }));
    expect(badEndpoint.text).toContain('update.endpoint');
    expect(badEndpoint.text).toContain('GET /books/{bookId}');
    const badScenario = toolError(await call('deploy_scenario', { mock_name: 'steer', scenario: { name: 'x', rules: [{ endpoint: 'listBooks', method: 'GET', status: 418 }] } }));
    expect(badScenario.text).toContain('scenario.rules.0');
    const unknownScenario = toolError(await call('switch_scenario', { mock_name: 'steer', scenario_name: 'ghost' }));
    expect(unknownScenario.problem.errors?.[0].location).toBe('scenario_name');
    const both = toolError(await call('get_performance_metrics', { mock_name: 'steer', last_minutes: 5, time_from: '2026-01-01T00:00:00Z' }));
    expect(both.problem.errors?.[0].location).toBe('last_minutes');
    const format = toolError(await call('generate_test_report', { mock_name: 'steer', session_id: 'x', format: 'pdf' }));
    expect(format.problem.errors?.[0].location).toBe('format');
  });
});

describe('MCP live resources of each mock', () => {
  it('lists plan, scenarios and recent logs of each running mock and reads them through the admin API', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['mockloop://mocks/steer/plan', 'mockloop://mocks/steer/scenarios', 'mockloop://mocks/steer/logs/recent']));
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(expect.arrayContaining(['mockloop://mocks/{name}/plan', 'mockloop://mocks/{name}/scenarios', 'mockloop://mocks/{name}/logs/recent']));

    const read = async (uri: string) => JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text);
    const plan = await read('mockloop://mocks/steer/plan');
    expect(plan.operations.map((o: { id: string }) => o.id)).toContain('listBooks');
    expect(plan.version).toMatch(/^[0-9a-f]{16}$/);

    await ok('deploy_scenario', { mock_name: 'steer', scenario: { name: 'slow-books', rules: [{ endpoint: 'listBooks', method: 'GET', latency: { type: 'fixed', ms: 5 } }] }, activate: true });
    const scenarios = await read('mockloop://mocks/steer/scenarios');
    expect(scenarios.active).toBe('slow-books');
    expect(scenarios.scenarios[0]).toMatchObject({ name: 'slow-books', rules: [{ endpoint: 'listBooks', method: 'GET', latency: { type: 'fixed', ms: 5 } }] });
    await ok('switch_scenario', { mock_name: 'steer', deactivate: true });

    expect((await fetch(`${api}/books`, { headers: { 'x-correlation-id': 'live-resource-1' } })).status).toBe(200);
    await logged({ correlation_id: 'live-resource-1' }, 1);
    const recent = await read('mockloop://mocks/steer/logs/recent');
    expect(recent.items[0]).toMatchObject({ correlationId: 'live-resource-1', status: 200 });
    expect(recent.items.length).toBeLessThanOrEqual(50);
    expect(recent.total).toBeGreaterThanOrEqual(recent.items.length);

    await expect(client.readResource({ uri: 'mockloop://mocks/nope/plan' })).rejects.toThrow(/nope.*steer/);
  });

  it('fire_webhook and list_webhook_deliveries reach the admin API (bookshop declares no webhooks)', async () => {
    const refused = toolError(await call('fire_webhook', { mock_name: 'steer', webhook: 'orderShipped', url: 'http://127.0.0.1:9/hook' }));
    expect(refused.text).toContain('answered 404');
    expect(refused.text).toContain('declares no webhook "orderShipped" (it declares none)');
    const listed = await ok<{ deliveries: unknown[] }>('list_webhook_deliveries', { mock_name: 'steer' });
    expect(listed.deliveries).toEqual([]);
  });
});
