/**
 * The MCP server from the outside: `mockloop mock` prints and serves it; the MCP Inspector CLI
 * lists and calls its tools; contexts and generated mocks survive a restart of the stack.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDeployer } from '../cli/local-deployer';
import { BOOKSHOP, freePort } from './helpers/stack';
import { connectClient, MCP_TOKEN, type TestMcp, startTestMcp } from './helpers/mcp';

const ROOT = join(import.meta.dirname, '..');
const INSPECTOR = join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');

function run(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the MCP Inspector CLI', () => {
  let mcp: TestMcp;
  beforeAll(async () => {
    mcp = await startTestMcp();
  });
  afterAll(async () => {
    await mcp?.dispose();
  });

  it('lists the tools and calls one', async () => {
    const auth = ['--transport', 'http', '--header', `Authorization: Bearer ${MCP_TOKEN}`];
    const list = await run([INSPECTOR, '--cli', mcp.url, ...auth, '--method', 'tools/list']);
    expect(list.code, list.stderr).toBe(0);
    const tools = (JSON.parse(list.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(tools).toContain('generate_mock_api');
    expect(tools).toContain('create_workflow_context');
    // The Inspector's schema portability check (--strict prints every finding): none.
    expect(list.stderr).not.toMatch(/Schema portability/);
    const strict = await run([INSPECTOR, '--cli', mcp.url, ...auth, '--method', 'tools/list', '--strict']);
    expect(strict.code, strict.stderr).toBe(0);
    expect(strict.stderr).not.toMatch(/Warning:|Error:|across \d+ tool/);

    const call = await run([INSPECTOR, '--cli', mcp.url, ...auth, '--method', 'tools/call', '--tool-name', 'create_workflow_context', '--tool-arg', 'name=from-inspector']);
    expect(call.code, call.stderr).toBe(0);
    const result = JSON.parse(call.stdout) as { structuredContent: { name: string; version: number } };
    expect(result.structuredContent).toMatchObject({ name: 'from-inspector', version: 1 });
  });
});

describe('restarts', () => {
  it('keeps contexts, the audit log and the generated mocks (which come back running)', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'mockloop-mcp-'));
    const first = await startTestMcp({ stateDir });
    let contextId: string;
    let planVersion: string;
    try {
      const client = await first.connect();
      const created = await client.callTool({ name: 'create_agent_context', arguments: { name: 'durable', data: { kept: true } } });
      contextId = (created.structuredContent as { context_id: string }).context_id;
      const generated = await client.callTool({ name: 'generate_mock_api', arguments: { spec_url_or_path: BOOKSHOP, mock_name: 'kept' } });
      planVersion = (generated.structuredContent as { plan_version: string }).plan_version;
      await client.close();
    } finally {
      await first.dispose();
    }

    const deployer = new LocalDeployer({ stateDir: `${stateDir}/mocks-root` });
    const restored = await deployer.restore();
    expect(restored.map((m) => m.name)).toEqual(['kept']);
    const second = await startTestMcp({ stateDir, deployer });
    try {
      const client = await second.connect();
      const got = await client.callTool({ name: 'get_context_data', arguments: { context_id: contextId } });
      expect(got.structuredContent).toMatchObject({ name: 'durable', data: { kept: true }, version: 1 });
      const found = await client.callTool({ name: 'discover_mock_servers', arguments: { mock_name: 'kept' } });
      expect((found.structuredContent as { mocks: unknown[] }).mocks[0]).toMatchObject({ status: 'running', health: 'ok', plan_version: planVersion });
      const audit = await client.callTool({ name: 'query_audit_log', arguments: { tool: 'generate_mock_api' } });
      expect((audit.structuredContent as { total: number }).total).toBe(1);
      await client.close();
    } finally {
      await second.dispose();
    }
    // Four workerd processes start one after another: generous on a loaded 2-core machine.
  }, 180_000);
});

describe('mockloop mock with the MCP server', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('prints the MCP URL, the token from MOCKLOOP_MCP_TOKEN and a client config, and serves MCP there', async () => {
    const mcpPort = await freePort();
    const args = [join(ROOT, 'bin', 'mockloop.js'), 'mock', BOOKSHOP, '--port', String(await freePort()), '--admin-port', String(await freePort()), '--name', 'shop'];
    child = spawn(process.execPath, [...args, '--state-dir', mkdtempSync(join(tmpdir(), 'ml-mcp-'))], {
      env: { ...process.env, MOCKLOOP_MCP_PORT: String(mcpPort), MOCKLOOP_MCP_TOKEN: MCP_TOKEN },
    });
    let text = '';
    child.stdout?.on('data', (d) => {
      text += d;
    });
    child.stderr?.on('data', (d) => {
      text += d;
    });
    const deadline = Date.now() + 90_000;
    while (!text.includes('Stop with Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const url = `http://127.0.0.1:${mcpPort}/mcp`;
    expect(text).toContain(`MCP server (streamable HTTP): ${url}`);
    expect(text).toContain(`bearer token:    ${MCP_TOKEN}`);
    expect(text).toContain(`claude mcp add --transport http mockloop ${url}`);
    expect(text).toContain('"mcpServers"');

    const client = await connectClient(url, MCP_TOKEN);
    const found = await client.callTool({ name: 'discover_mock_servers', arguments: {} });
    expect((found.structuredContent as { mocks: Array<{ name: string; health: string }> }).mocks).toMatchObject([{ name: 'shop', health: 'ok' }]);
    await client.close();
  });
});
