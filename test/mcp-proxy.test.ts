/**
 * The hybrid-mock MCP tools end to end: the MCP worker on workerd, a mock made by
 * generate_mock_api, a real local upstream. Credentials given to set_upstream never come back
 * in a tool result or the audit log.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TOKEN, type TestMcp, startTestMcp } from './helpers/mcp';
import { startTestUpstream, type TestUpstream } from './helpers/upstream';

const SPEC = join(import.meta.dirname, 'fixtures', 'proxy-api.yaml');
const TOKEN = 'mcp-upstream-secret-9876';

let mcp: TestMcp;
let client: Client;
let upstream: TestUpstream;
let api: string;

// biome-ignore lint/suspicious/noExplicitAny: the tests read tool results loosely and assert their shape.
type Json = any;

beforeAll(async () => {
  upstream = await startTestUpstream();
  mcp = await startTestMcp();
  client = await mcp.connect(MCP_TOKEN);
  api = (await ok('generate_mock_api', { spec_url_or_path: SPEC, mock_name: 'hybrid' })).mock_url;
}, 60_000);

afterAll(async () => {
  await client?.close();
  await mcp?.dispose();
  await upstream?.close();
});

async function ok(name: string, args: Record<string, unknown>): Promise<Json> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return { ...(result.structuredContent as object), _text: (result.content as Array<{ text: string }>)[0].text };
}

describe('hybrid-mock MCP tools', () => {
  it('set_upstream, record_upstream_traffic, promote_recording and compare_mock_to_live', async () => {
    const set = await ok('set_upstream', { mock_name: 'hybrid', url: upstream.url, mode: 'record', credentials: { type: 'bearer', token: TOKEN } });
    expect(set.upstream).toMatchObject({ url: upstream.url, mode: 'record', auth: { type: 'bearer', token: '[redacted]' } });
    for (let i = 0; i < 2; i++) expect((await fetch(`${api}/counter`)).headers.get('x-mockloop-source')).toBe('upstream');
    expect(upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    let recording: Json;
    for (let i = 0; i < 50; i++) {
      recording = await ok('record_upstream_traffic', { mock_name: 'hybrid', scenario_name: `rec-${i}` });
      if (recording.exchanges >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(recording.operations).toEqual([{ operation: 'getCounter', requests: 2, entries: 1, sequences: 1 }]);
    const promoted = await ok('promote_recording', { mock_name: 'hybrid', scenario_name: recording.scenario });
    expect(promoted.promoted).toHaveLength(2);
    expect(promoted.planVersion).toMatch(/^[0-9a-f]{16}$/);

    const report = await ok('compare_mock_to_live', { mock_name: 'hybrid', requests: [{ path: '/v1/broken' }] });
    expect(report.operations[0]).toMatchObject({ operation: 'getBroken', violating: 1 });
    expect(report._text).toMatch(/1 live answer\(s\) violate the spec/);

    const audit = await client.callTool({ name: 'query_audit_log', arguments: { tool: 'set_upstream' } });
    const text = JSON.stringify(audit);
    expect(text).toContain('set_upstream');
    expect(text).not.toContain(TOKEN);
  });
});
