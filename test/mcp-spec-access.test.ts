/**
 * An MCP caller is untrusted (docs/decisions/0013): the spec locations it names cannot make the
 * local stack read local files outside the allowed directories, reach internal addresses or hang
 * other calls, and no refusal quotes what it refused — neither in the tool error nor in the audit log.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDeployer } from '../cli/local-deployer';
import { BOOKSHOP } from './helpers/stack';
import { type TestMcp, startTestMcp, toolError } from './helpers/mcp';

let mcp: TestMcp;
let client: Client;
let server: Server;
let origin = '';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (req.url === '/hang') return; // never answers
    res.writeHead(200, { 'content-type': 'application/yaml' }).end('openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // SAFETY: a server listening on a TCP port has an AddressInfo address.
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The default: specs from the working directory, public addresses only; a short fetch deadline for the hang test.
  const deployer = new LocalDeployer({ stateDir: false, specAccess: { limits: { timeoutMs: 4_000, maxBytes: 1024 * 1024, maxRedirects: 5 } } });
  mcp = await startTestMcp({ deployer });
  client = await mcp.connect();
});

afterAll(async () => {
  await client?.close();
  await mcp?.dispose();
  server?.closeAllConnections();
  server?.close();
});

const LEAKS = ['root:', '/bin/bash', 'PATH=', 'adminToken', 'HOME='];

describe('generate_mock_api: spec_url_or_path from an MCP caller', () => {
  it.each([['/etc/shadow'], ['/etc/passwd'], ['../../../../../../etc/passwd'], ['/proc/self/environ'], ['/dev/zero'], ['file:///etc/passwd']])('refuses %s, quoting nothing', async (path) => {
    const { text, problem } = toolError(await client.callTool({ name: 'generate_mock_api', arguments: { spec_url_or_path: path, name: 'leak' } }));
    expect(problem.detail).toMatch(/outside the directories/);
    for (const leak of LEAKS) expect(text + JSON.stringify(problem)).not.toContain(leak);
  });

  it('refuses loopback and metadata URLs before connecting, unless the operator allowed them', async () => {
    const before = hits;
    for (const url of [`${origin}/spec.yaml`, 'http://169.254.169.254/latest/meta-data/iam/', 'http://[::ffff:7f00:1]:1/']) {
      const { problem } = toolError(await client.callTool({ name: 'generate_mock_api', arguments: { spec_url_or_path: url, name: 'ssrf' } }));
      expect(problem.detail).toMatch(/refused/);
    }
    expect(hits).toBe(before);
  });

  it('keeps every refusal out of the audit log too', async () => {
    const res = await client.callTool({ name: 'query_audit_log', arguments: { outcome: 'error', limit: 25 } });
    const shown = JSON.stringify(res.structuredContent);
    expect(shown).toContain('outside the directories');
    for (const leak of LEAKS) expect(shown).not.toContain(leak);
  });

  it('a hung spec fetch holds up no other deploy, and ends at its deadline', async () => {
    const deployer = new LocalDeployer({ stateDir: false, specAccess: { network: { loopback: true, private: false }, limits: { timeoutMs: 15_000, maxBytes: 1024 * 1024, maxRedirects: 5 } } });
    try {
      expect((await deployer.deploy({ name: 'warm', source: { kind: 'location', location: BOOKSHOP } })).ok).toBe(true);
      let hungSettled = 0;
      const started = Date.now();
      const hung = deployer.deploy({ name: 'hung', source: { kind: 'location', location: `${origin}/hang` } }).finally(() => {
        hungSettled = Date.now();
      });
      const quick = await deployer.deploy({ name: 'quick', source: { kind: 'location', location: BOOKSHOP } });
      expect(quick.ok).toBe(true);
      expect(hungSettled).toBe(0); // the quick deploy did not wait for the hung fetch
      const outcome = await hung;
      expect(!outcome.ok && outcome.problem.detail).toMatch(/no complete answer within 15 s/);
      expect(hungSettled - started).toBeLessThan(25_000);
    } finally {
      await deployer.dispose();
    }
  });
});

describe('prompts: spec_url from an MCP caller', () => {
  it('refuses a loopback, metadata or file URL', async () => {
    for (const url of [`${origin}/spec.yaml`, 'http://169.254.169.254/latest/', 'file:///etc/passwd']) {
      await expect(client.getPrompt({ name: 'analyze_openapi_for_testing', arguments: { spec_url: url } })).rejects.toThrow(/refused|only http/);
    }
  });
});
