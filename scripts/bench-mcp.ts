/**
 * MCP tool timings on the local stack: generate_mock_api for the largest spec in ../shared/specs
 * (compile + a new workerd worker + plan install + settings, end to end through MCP), and the
 * latency of small tool calls. Run: npx tsx scripts/bench-mcp.ts
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LocalDeployer } from '../cli/local-deployer';
import { startMcpServer } from '../cli/mcp-runtime';
import { freePort } from '../cli/ports';

const SPECS = join(import.meta.dirname, '..', '..', 'shared', 'specs');
const TOKEN = 'bench-token-0123456789abcdef';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const deployer = new LocalDeployer({ stateDir: false });
const server = await startMcpServer({ port: await freePort(), stateDir: false, token: TOKEN, operatorSecret: 'bench-operator-secret', deployer });
const client = new Client({ name: 'bench', version: '1' });
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  if (existsSync(SPECS)) {
    const largest = readdirSync(SPECS)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => ({ f, size: statSync(join(SPECS, f)).size }))
      .sort((a, b) => b.size - a.size)[0];
    const times: number[] = [];
    let operations = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = await client.callTool({ name: 'generate_mock_api', arguments: { spec_url_or_path: join(SPECS, largest.f), mock_name: 'bench', replace: true } });
      times.push(performance.now() - started);
      if (result.isError) throw new Error(JSON.stringify(result.content));
      operations = (result.structuredContent as { operation_count: number }).operation_count;
    }
    console.log(`generate_mock_api ${largest.f} (${operations} operations, ${Math.round(largest.size / 1024)} KiB): median ${Math.round(median(times))} ms of 3 (${times.map(Math.round).join(', ')})`);
  } else {
    console.log(`${SPECS} is absent: generate_mock_api of the largest shared spec SKIPPED`);
  }
  for (const [tool, args] of [
    ['discover_mock_servers', {}],
    ['get_global_context_data', {}],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await client.callTool({ name: tool, arguments: args });
      times.push(performance.now() - started);
    }
    console.log(`${tool}: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms (50 calls, each audited)`);
  }
  await benchLogTools(client);
} finally {
  await client.close();
  await server.dispose();
  await deployer.dispose();
}

/**
 * query_mock_logs and get_performance_metrics over a bookshop mock that logged LOGGED requests sent
 * over HTTP (the whole path: MCP worker → admin API → D1). BENCH_MCP_LOGGED sets the count.
 */
async function benchLogTools(mcp: Client) {
  const logged = Number(process.env.BENCH_MCP_LOGGED ?? 2000);
  const made = await mcp.callTool({ name: 'generate_mock_api', arguments: { spec_url_or_path: join(import.meta.dirname, '..', 'examples', 'bookshop.yaml'), mock_name: 'bench-logs', replace: true, options: { enforce_security: false } } });
  if (made.isError) throw new Error(JSON.stringify(made.content));
  const api = (made.structuredContent as { mock_url: string }).mock_url;
  const paths = ['/books', '/books?limit=abc', '/authors', '/health'];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < logged) {
        const i = next++;
        await (await fetch(api + paths[i % paths.length], { headers: { 'x-test-session': `s-${i % 10}` } })).arrayBuffer();
      }
    }),
  );
  for (let total = 0; total < logged; ) {
    const page = await mcp.callTool({ name: 'query_mock_logs', arguments: { mock_name: 'bench-logs', limit: 1 } });
    total = (page.structuredContent as { total: number }).total;
    if (total < logged) await new Promise((r) => setTimeout(r, 200));
  }
  const cases: Array<[string, Record<string, unknown>]> = [
    ['query_mock_logs (latest 50)', { mock_name: 'bench-logs' }],
    ['query_mock_logs (status 4xx, GET, path glob)', { mock_name: 'bench-logs', status_codes: ['4xx'], method: ['GET'], path_pattern: '*/books' }],
    ['query_mock_logs (analyze: true)', { mock_name: 'bench-logs', analyze: true, limit: 10 }],
    ['get_performance_metrics (one session)', { mock_name: 'bench-logs', session_id: 's-3' }],
  ];
  for (const [label, args] of cases) {
    const tool = label.split(' ')[0];
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const result = await mcp.callTool({ name: tool, arguments: args });
      times.push(performance.now() - started);
      if (result.isError) throw new Error(JSON.stringify(result.content));
    }
    console.log(`${label} over ${logged} logged requests: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms (30 calls)`);
  }
}
