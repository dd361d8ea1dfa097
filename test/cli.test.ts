/**
 * The CLI as a user runs it: `mockloop compile` explains a spec or fails with exit 1 and a
 * located error; `mockloop mock` serves, prints both URLs and the token, stops cleanly on
 * SIGTERM, and keeps its state under the state directory between runs.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../cli/local-runtime';
import { BOOKSHOP, compileOrThrow, freePort } from './helpers/stack';

const BIN = join(import.meta.dirname, '..', 'bin', 'mockloop.js');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

function writeSpec(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('mockloop compile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mockloop-cli-'));

  it('prints what will be mocked', () => {
    const out = cli(['compile', BOOKSHOP]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Bookshop API/);
    expect(out.stdout).toMatch(/GET\s+\/books\s+listBooks/);
    const json = cli(['compile', BOOKSHOP, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 1, basePath: '/v1' });
  });

  it.each([
    ['a YAML syntax error, with line and column', 'broken.yaml', 'openapi: 3.0.0\ninfo:\n  title: [unclosed\n', /line \d+, column \d+/],
    ['a JSON syntax error, with line and column', 'broken.json', '{\n  "openapi": "3.0.0",\n  "info": {\n}', /line \d+, column \d+/],
    ['not a spec', 'package.json', '{"name": "x", "version": "1.0.0"}', /not .*(OpenAPI|spec)/i],
    ['an unsupported version', 'v4.yaml', 'openapi: 4.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n', /4\.0\.0/],
    ['a dangling $ref, with its JSON pointer', 'dangling.yaml', 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Nope"}\n', /\/paths\/~1a\/get\/responses\/200/],
    ['an invalid path template', 'path.yaml', 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a/{id:\n    get:\n      responses:\n        "200": {description: ok}\n', /\/paths\/~1a~1\{id/],
  ])('exits 1 for %s', (_label, file, text, pattern) => {
    const out = cli(['compile', writeSpec(dir, file, text)]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(pattern);
    expect(out.stderr).not.toMatch(/at .*\.ts:\d+/); // a clear error, not a stack trace
  });

  it('lists non-fatal problems as warnings and still succeeds', () => {
    const spec = writeSpec(
      dir,
      'warn.yaml',
      'openapi: 3.0.0\ninfo: {title: w, version: "1"}\npaths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n              example: "not a number"\n  /b:\n    get:\n      operationId: same\n      responses:\n        "200": {description: ok}\n',
    );
    const out = cli(['compile', spec]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/warning/);
    expect(out.stdout).toMatch(/does not validate/);
    expect(out.stdout).toMatch(/same/);
  });

  it('reads relative external $refs next to the spec file', () => {
    const sub = mkdtempSync(join(tmpdir(), 'mockloop-ext-'));
    writeSpec(sub, 'pet.yaml', 'Pet:\n  type: object\n  required: [name]\n  properties:\n    name: {type: string}\n');
    const spec = writeSpec(
      sub,
      'api.yaml',
      'openapi: 3.0.3\ninfo: {title: ext, version: "1"}\npaths:\n  /pet:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: "pet.yaml#/Pet"}\n',
    );
    const out = cli(['compile', spec, '--json']);
    expect(out.status).toBe(0);
    const plan = JSON.parse(out.stdout) as { schemas: Record<string, unknown> };
    expect(Object.values(plan.schemas)).toContainEqual(expect.objectContaining({ required: ['name'] }));
    const missing = writeSpec(sub, 'missing.yaml', 'openapi: 3.0.3\ninfo: {title: ext, version: "1"}\npaths:\n  /pet:\n    get:\n      responses:\n        "200": {$ref: "nope.yaml#/R"}\n');
    const failed = cli(['compile', missing]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/nope\.yaml/);
  });

  it('reads a spec from a URL', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end(readFileSync(BOOKSHOP));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const child = spawn(process.execPath, [BIN, 'compile', `http://127.0.0.1:${port}/bookshop.yaml`]);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    server.close();
    expect(code).toBe(0);
    expect(stdout).toMatch(/Bookshop API/);
  });

  it('compiles a webhooks-only document to zero routes', () => {
    const spec = writeSpec(dir, 'hooks.yaml', 'openapi: 3.1.0\ninfo: {title: hooks, version: "1"}\nwebhooks:\n  newPet:\n    post:\n      responses:\n        "200": {description: ok}\n');
    const out = cli(['compile', spec, '--json']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).operations).toEqual([]);
  });
});

// Each start builds and boots workerd; on a loaded 2-core machine that alone can pass a minute.
describe('mockloop mock', { timeout: 180_000 }, () => {
  function start(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
    // MCP on any free port: test files run in parallel, and 8787 may be taken.
    const child = spawn(process.execPath, [BIN, 'mock', ...args], { env: { ...process.env, MOCKLOOP_MCP_PORT: '0', ...env } });
    let text = '';
    child.stdout?.on('data', (d) => {
      text += d;
    });
    child.stderr?.on('data', (d) => {
      text += d;
    });
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (text.includes('Stop with Ctrl-C')) {
          clearInterval(timer);
          resolve({ child, output: () => text });
        }
      }, 50);
      child.on('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`mockloop mock exited ${code}: ${text}`));
      });
    });
  }

  function stop(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  it('serves, prints both URLs and the token, stops on SIGTERM and keeps its state', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'mockloop-state-'));
    const port = await freePort();
    const adminPort = await freePort();
    const args = [BOOKSHOP, '--port', String(port), '--admin-port', String(adminPort), '--name', 'shop', '--state-dir', stateDir];
    const first = await start(args, { MOCKLOOP_ADMIN_TOKEN: 'from-env' });
    expect(first.output()).toContain(`http://127.0.0.1:${port}/v1`);
    expect(first.output()).toContain(`http://127.0.0.1:${adminPort}`);
    expect(first.output()).toContain('admin token: from-env');
    expect((await fetch(`http://127.0.0.1:${port}/v1/books`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await stop(first.child)).toBe(0);

    const second = await start([...args, '--admin-token', 'from-flag']);
    const token = /admin token: (\S+)/.exec(second.output())?.[1];
    expect(token).toBe('from-flag');
    const res = await fetch(`http://127.0.0.1:${adminPort}/api/requests`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await res.json()) as { total: number }).total).toBe(1);
    expect(await stop(second.child)).toBe(0);
  });

  it('keeps the plan and logs of a state directory from before each mock had its own', async () => {
    // Earlier versions kept every mock's D1 and DO files in <state-dir>/state/{d1,do}.
    const stateDir = mkdtempSync(join(tmpdir(), 'mockloop-legacy-'));
    const port = await freePort();
    const adminPort = await freePort();
    const legacy = await startLocalStack({ stateDir: join(stateDir, 'state'), mocks: [{ name: 'shop', port, adminPort, adminToken: 'old' }] });
    await legacy.installPlan('shop', await compileOrThrow(BOOKSHOP));
    expect((await fetch(`http://127.0.0.1:${port}/v1/books`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    await legacy.dispose();

    const run = await start([BOOKSHOP, '--port', String(port), '--admin-port', String(adminPort), '--name', 'shop', '--state-dir', stateDir, '--admin-token', 'new']);
    let stopped: Promise<number | null> | undefined;
    try {
      const res = await fetch(`http://127.0.0.1:${adminPort}/api/requests`, { headers: { authorization: 'Bearer new' } });
      expect(((await res.json()) as { total: number }).total).toBe(1);
    } finally {
      stopped = stop(run.child);
    }
    expect(await stopped).toBe(0);
  });

  it('generates a token when none is given', async () => {
    const run = await start([BOOKSHOP, '--port', String(await freePort()), '--admin-port', String(await freePort()), '--state-dir', mkdtempSync(join(tmpdir(), 'ml-'))], { MOCKLOOP_ADMIN_TOKEN: '' });
    expect(/admin token: (\S{20,})/.exec(run.output())).not.toBeNull();
    expect(await stop(run.child)).toBe(0);
  });

  it('exits 1 with a clear error for a bad spec', () => {
    const out = cli(['mock', join(tmpdir(), 'does-not-exist.yaml')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/cannot be read/);
  });
});
