/**
 * Starts the MCP worker exactly as `mockloop mock` does (workerd via Miniflare, local D1, KV and
 * the ContextStore DO) beside a local deployer, and connects the official MCP SDK client to it
 * over streamable HTTP.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LocalDeployer } from '../../cli/local-deployer';
import { type RunningMcpServer, startMcpServer } from '../../cli/mcp-runtime';
import type { SpecAccess } from '../../cli/spec-source';
import { freePort } from './stack';

export const MCP_TOKEN = 'test-mcp-token-0123456789abcdef';
export const OPERATOR_SECRET = 'test-operator-secret-0123456789';

export interface TestMcp {
  url: string;
  server: RunningMcpServer;
  deployer: LocalDeployer;
  connect(token?: string): Promise<Client>;
  dispose(): Promise<void>;
}

export async function startTestMcp(options: { stateDir?: string | false; localDev?: boolean; deployer?: LocalDeployer; specAccess?: Partial<SpecAccess> } = {}): Promise<TestMcp> {
  const stateDir = options.stateDir ?? false;
  const deployer = options.deployer ?? new LocalDeployer({ stateDir: stateDir === false ? false : `${stateDir}/mocks-root`, specAccess: options.specAccess });
  const server = await startMcpServer({
    port: await freePort(),
    stateDir: stateDir === false ? false : `${stateDir}/mcp`,
    token: MCP_TOKEN,
    operatorSecret: OPERATOR_SECRET,
    deployer,
    localDev: options.localDev,
  });
  return {
    url: server.url,
    server,
    deployer,
    connect: (token = MCP_TOKEN) => connectClient(server.url, token),
    async dispose() {
      await server.dispose();
      await deployer.dispose();
    },
  };
}

export async function connectClient(url: string, token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'mockloop-tests', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** The one-line reason and the problem of a tool error. */
export function toolError(answer: object): { text: string; problem: { type: string; status: number; detail: string; errors?: Array<{ location: string }>; known?: string[] } } {
  // SAFETY: a tools/call answer; checked for isError just below.
  const result = answer as { isError?: boolean; content?: unknown };
  if (!result.isError) throw new Error(`expected a tool error, got ${JSON.stringify(result).slice(0, 300)}`);
  // SAFETY: tool errors carry [reason, problem JSON] text blocks (src/mcp/register.ts errorResult).
  const content = result.content as Array<{ type: string; text: string }>;
  return { text: content[0].text, problem: JSON.parse(content[1].text) };
}
