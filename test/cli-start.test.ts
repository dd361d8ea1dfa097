/**
 * The first minutes with the CLI: --help and --version, starting when a port is taken or
 * blocked, progress while starting, two mocks in one folder, a mock that comes back with its
 * state, a "Try:" line that works on a secured spec, MCP secrets that survive a restart, and
 * error output that stays short.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../cli/commands';
import { killStartedMocks, runCli, startMockCli } from './helpers/cli';
import { BOOKSHOP, freePort } from './helpers/stack';

const ROOT = join(import.meta.dirname, '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every GET needs an API key in a header; writes need a bearer token. */
const SECURED = `openapi: 3.0.3
info: {title: Vault, version: "1"}
servers: [{url: /api}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Vault-Key}
    jwt: {type: http, scheme: bearer}
security: [{key: []}]
paths:
  /secrets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
        "401": {description: no key}
    post:
      security: [{jwt: []}]
      responses:
        "201": {description: created}
`;

describe.concurrent('--help and --version', () => {
  it('prints the version', async () => {
    const out = await runCli(['--version']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(VERSION);
  });

  it.each(COMMANDS.map((c) => [c.name]))('explains "%s" with its flags, defaults and an example', async (name) => {
    const command = COMMANDS.find((c) => c.name === name)!;
    const out = await runCli([...name.split(' '), '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Usage: mockloop ${name}`);
    for (const flag of Object.keys(command.flags)) expect(out.stdout).toContain(`--${flag}`);
    if (Object.values(command.flags).some((f) => f.default)) expect(out.stdout).toContain('(default: ');
    expect(out.stdout).toMatch(/Examples:\n {2}mockloop /);
  });
});

describe.concurrent('a start that cannot succeed', () => {
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => {
    busy.close();
  });

  it.each([['--port'], ['--admin-port'], ['--mcp-port']])('names %s when that port is taken, and exits 1', async (flag) => {
    const others = ['--port', '--admin-port', '--mcp-port'].filter((f) => f !== flag).flatMap((f) => [f, '0']);
    const out = await runCli(['mock', BOOKSHOP, flag, String(busyPort), ...others, '--state-dir', mkdtempSync(join(tmpdir(), 'ml-busy-'))], { timeoutMs: 60_000 });
    expect(out.code).toBe(1);
    const errors = out.stderr.split('\n').filter((line) => line.includes('in use'));
    expect(errors).toEqual([`mockloop: ${flag} ${busyPort}: port ${busyPort} on 127.0.0.1 is already in use; choose another with ${flag} <port> (0: any free port)`]);
    expect(out.stderr + out.stdout).not.toMatch(/kj::Exception|stack:/);
  });

  it('refuses a port fetch() cannot reach, saying why', async () => {
    const out = await runCli(['mock', BOOKSHOP, '--port', '5060']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--port 5060: 5060 is on the Fetch standard's list of blocked ports/);
    const mcp = await runCli(['mock', BOOKSHOP, '--mcp-port', '6000']);
    expect(mcp.stderr).toMatch(/--mcp-port 6000: 6000 is on the Fetch standard's list of blocked ports/);
  });
});

describe('mockloop mock from the first minute', () => {
  afterAll(killStartedMocks);
  const folder = mkdtempSync(join(tmpdir(), 'ml-folder-'));
  const spec = join(folder, 'vault.yaml');
  writeFileSync(spec, SECURED);

  it('says what it does while starting, prints a Try line that works on a secured spec, and keeps the MCP secrets', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const first = await startMockCli([spec, '--port', String(port), '--admin-port', String(adminPort), '--mcp-port', '0'], { cwd: folder, env: { MOCKLOOP_MCP_TOKEN: '', MOCKLOOP_ADMIN_TOKEN: 'adm' } });
    let token: string | undefined;
    try {
      const out = first.output();
      expect(out).toMatch(/compiled 2 operation\(s\) of "Vault"/);
      expect(out).toMatch(/starting the workerd runtime/);
      expect(out).toMatch(/Ready in \d+\.\d s/);
      // The Try line runs as printed, with a placeholder for the key the spec asks for.
      const tryLine = /^Try: (curl .*)$/m.exec(out)?.[1] ?? '';
      expect(tryLine).toContain("-H 'X-Vault-Key: YOUR_API_KEY'");
      const status = execFileSync('sh', ['-c', `${tryLine} -s -o /dev/null -w '%{http_code}'`], { encoding: 'utf8' });
      expect(status).toBe('200');
      token = /bearer token: +(\S+)/.exec(out)?.[1];
      const secrets = join(folder, '.mockloop', 'state', 'mcp', 'secrets.json');
      expect(out).toContain(`secrets kept in: ${secrets}`);
      expect(statSync(secrets).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(secrets, 'utf8')).token).toBe(token);

      // A second mock in the same folder runs beside it: its own state, no MCP server, says so.
      // It proxies to an upstream (--upstream): the answer is the upstream's.
      const upstream = createHttpServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      const second = await startMockCli([BOOKSHOP, '--port', '0', '--admin-port', '0', '--upstream', upstreamUrl], { cwd: folder, env: { MOCKLOOP_MCP_PORT: '' } });
      try {
        expect(second.output()).toMatch(/another mockloop \(pid \d+\) serves from .*: this one keeps its own state in memory/);
        expect(second.output()).toMatch(/no MCP server/);
        expect(second.output()).toMatch(/requests go to the upstream 127\.0\.0\.1:\d+ \(proxy mode/);
        expect(second.output()).not.toMatch(/MCP server \(streamable HTTP\)|Also serving|could not bring back/);
        const url = /mock URL: +(\S+)/.exec(second.output())?.[1];
        const books = await fetch(`${url}/books`);
        expect(books.status).toBe(200);
        expect(books.headers.get('x-mockloop-source')).toBe('upstream');
      } finally {
        expect(await second.stop()).toBe(0);
        upstream.close();
      }
      expect((await fetch(`http://127.0.0.1:${port}/api/secrets`, { headers: { 'x-vault-key': 'k' } })).status).toBe(200);

      // Leave it paused, stateful, with a scenario active: the next start says so.
      const admin = (path: string, body: unknown, method = 'POST') =>
        fetch(`http://127.0.0.1:${adminPort}${path}`, { method, headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await admin('/api/mock-data/scenarios', { name: 'outage', default: { latency: { type: 'fixed', ms: 1 } } })).status).toBeLessThan(300);
      expect((await admin('/api/mock-data/scenarios/active', { name: 'outage' }, 'PUT')).status).toBe(200);
      expect((await admin('/api/settings', { stateful: true }, 'PATCH')).status).toBe(200);
      expect((await admin('/api/server/control', { action: 'pause' })).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const again = await startMockCli([spec, '--port', String(port), '--admin-port', String(adminPort), '--mcp-port', '0'], { cwd: folder, env: { MOCKLOOP_MCP_TOKEN: '', MOCKLOOP_ADMIN_TOKEN: 'adm' } });
    try {
      expect(again.output()).toMatch(/comes back as it was left: scenario "outage" is active; the mock is PAUSED .*; stateful CRUD is on/);
      expect(/bearer token: +(\S+)/.exec(again.output())?.[1]).toBe(token);
    } finally {
      expect(await again.stop()).toBe(0);
    }

    const rotated = await runCli(['mcp', 'rotate-secrets'], { cwd: folder });
    expect(rotated.code).toBe(0);
    const fresh = JSON.parse(readFileSync(join(folder, '.mockloop', 'state', 'mcp', 'secrets.json'), 'utf8')) as { token: string };
    expect(fresh.token).not.toBe(token);
    expect(rotated.stdout).toContain(fresh.token);
  }, 300_000);
});

describe('error output', () => {
  it('names the first problems of a file that is no spec, counts the rest, and quotes none of it', async () => {
    const out = await runCli(['compile', join(ROOT, 'README.md')]);
    expect(out.code).toBe(1);
    expect(out.stderr.length).toBeLessThan(2_000);
    expect(out.stderr).toMatch(/… and \d+ more problem\(s\)/);
    expect(out.stderr).not.toContain('MockLoop Edge');
    expect(out.stderr).not.toContain('npm install');
  });
});
