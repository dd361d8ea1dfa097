/**
 * What a spec location named by an untrusted caller (an MCP client) can make the Node side read:
 * files only under the allowed directories, never devices, pipes or the state directory; URLs only
 * at public addresses (after resolving names, on every redirect), within a deadline and a byte cap.
 * Every address below is loopback or refused before any connect: nothing leaves this machine.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSpecText } from '../cli/spec-fetch';
import { readSpecFile } from '../cli/spec-files';
import { compileSpec, compileSpecAt, defaultSpecAccess } from '../cli/spec-source';
import { PUBLIC_ONLY } from '../src/net';

const BOOKSHOP = join(import.meta.dirname, '..', 'examples', 'bookshop.yaml');
const MiB = 1024 * 1024;

describe('spec files an MCP caller names', () => {
  let dir: string;
  let allowed: string;
  let state: string;
  const access = () => ({ dirs: [allowed], deny: [state], maxBytes: MiB });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mockloop-files-'));
    allowed = join(dir, 'specs');
    state = join(allowed, '.mockloop');
    mkdirSync(state, { recursive: true });
    copyFileSync(BOOKSHOP, join(allowed, 'bookshop.yaml'));
    writeFileSync(join(state, 'mocks.json'), '[{"name":"shop","adminToken":"s3cr3t-Admin-T0ken"}]');
    writeFileSync(join(dir, 'outside.yaml'), 'secret: s3cr3t-outside\n');
    symlinkSync('/etc/passwd', join(allowed, 'passwd.yaml'));
    symlinkSync(join(dir, 'outside.yaml'), join(allowed, 'outside-link.yaml'));
    symlinkSync('/dev/zero', join(allowed, 'zero.yaml'));
    execFileSync('mkfifo', [join(allowed, 'pipe.yaml')]);
    writeFileSync(join(allowed, 'big.yaml'), Buffer.alloc(MiB + 1, 0x61));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a spec under an allowed directory', async () => {
    expect(await readSpecFile(join(allowed, 'bookshop.yaml'), access())).toMatch(/Bookshop API/);
  });

  it.each([
    ['an absolute path elsewhere', () => '/etc/passwd', /outside the directories/],
    ['a path climbing out with ..', () => join(allowed, '..', '..', '..', '..', 'etc', 'passwd'), /outside the directories/],
    ['/proc/self/environ', () => '/proc/self/environ', /outside the directories/],
    ['a link to /etc/passwd', () => join(allowed, 'passwd.yaml'), /outside the directories/],
    ['a link to a file outside', () => join(allowed, 'outside-link.yaml'), /outside the directories/],
    ['a link to /dev/zero', () => join(allowed, 'zero.yaml'), /outside the directories/],
    ['a named pipe', () => join(allowed, 'pipe.yaml'), /not a regular file/],
    ['a directory', () => allowed, /not a regular file/],
    ['a file over the size cap', () => join(allowed, 'big.yaml'), /larger than/],
    ['the state directory registry', () => join(state, 'mocks.json'), /state directory/],
    ['a file: URL elsewhere', () => 'file:///etc/passwd', /outside the directories/],
  ])('refuses %s without quoting it', async (_name, path, reason) => {
    const error = await readSpecFile(path(), access()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    // SAFETY: checked to be an Error just above.
    const message = (error as Error).message;
    expect(message).toMatch(reason);
    for (const leak of ['s3cr3t', 'root:', 'PATH=']) expect(message).not.toContain(leak);
  });

  it('refuses a device even for the operator (the CLI), with no memory blow-up', async () => {
    const outcome = await compileSpecAt('/dev/zero');
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problem.detail).toMatch(/not a regular file/);
  });

  it('refuses a $ref from an allowed spec to a file outside the allowed directories', async () => {
    writeFileSync(join(allowed, 'refs-out.yaml'), BOOKSHOP_WITH_REF(`file://${join(dir, 'outside.yaml')}#/secret`));
    const outcome = await compileSpec(join(allowed, 'refs-out.yaml'), defaultSpecAccess({ specDirs: [allowed], denyDirs: [state] }), false);
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t');
    expect(!outcome.ok && outcome.problem.detail).toMatch(/outside the directories/);
  });
});

const BOOKSHOP_WITH_REF = (ref: string) =>
  `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: "${ref}"}\n`;

describe('spec URLs an MCP caller names', () => {
  const servers: Server[] = [];
  let hits = 0;
  let base = '';
  let other = '';

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  beforeAll(async () => {
    other = await listen((_req, res) => {
      hits += 1;
      res.end('openapi: 3.0.3\n');
    });
    base = await listen((req, res) => {
      hits += 1;
      if (req.url === '/spec.yaml') return res.end(BOOKSHOP_WITH_REF('#/components/schemas/x'));
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/to-other') return res.writeHead(302, { location: `${other}/spec.yaml` }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/hang') return; // never answers
      if (req.url === '/endless') {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (res.write(chunk)) {}
          res.once('drain', pump);
        };
        pump();
        req.on('close', () => res.destroy());
        return;
      }
      res.writeHead(404).end();
    });
  });
  afterAll(() => {
    for (const server of servers) server.closeAllConnections();
    for (const server of servers) server.close();
  });

  const loopback = { policy: { loopback: true, private: false } };

  it('refuses loopback, private, link-local and mapped addresses before connecting', async () => {
    const before = hits;
    for (const url of [`${base}/spec.yaml`, 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]:9/', 'http://10.0.0.1/', 'http://[fd00::1]/', 'http://localhost:9/', 'http://0.0.0.0:9/']) {
      await expect(fetchSpecText(url, { policy: PUBLIC_ONLY })).rejects.toThrow(/refused|local host/);
    }
    expect(hits).toBe(before);
  });

  it('judges a name by every address it resolves to, before connecting', async () => {
    const resolve = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    await expect(fetchSpecText('http://api.example.com/spec.yaml', { policy: PUBLIC_ONLY, resolve })).rejects.toThrow(/resolves to 127\.0\.0\.1 is a loopback address/);
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    const port = new URL(base).port;
    let answers = 0;
    // First answer (checked): loopback, allowed here; any later answer would point elsewhere.
    const resolve = async () => (answers++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    const text = await fetchSpecText(`http://rebind.example.com:${port}/spec.yaml`, { ...loopback, resolve });
    expect(text).toContain('openapi');
    expect(answers).toBe(1);
  });

  it('serves loopback when the operator allowed it, and the CLI its own URL', async () => {
    expect(await fetchSpecText(`${base}/spec.yaml`, loopback)).toContain('openapi');
    expect(await fetchSpecText(`${base}/spec.yaml`, { policy: PUBLIC_ONLY, trustedOrigins: [new URL(base).origin] })).toContain('openapi');
  });

  it('checks every redirect: the operator trusted one origin, not where it redirects', async () => {
    await expect(fetchSpecText(`${base}/to-metadata`, loopback)).rejects.toThrow(/169\.254\.169\.254 is a link-local/);
    await expect(fetchSpecText(`${base}/to-other`, { policy: PUBLIC_ONLY, trustedOrigins: [new URL(base).origin] })).rejects.toThrow(/loopback/);
    await expect(fetchSpecText(`${base}/loop`, loopback)).rejects.toThrow(/more than 5 redirects/);
  });

  it('gives up on a server that never answers, at the deadline', async () => {
    const started = Date.now();
    await expect(fetchSpecText(`${base}/hang`, loopback, { timeoutMs: 500, maxBytes: MiB, maxRedirects: 5 })).rejects.toThrow(/no complete answer within 0.5 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops reading an endless body at the byte cap', async () => {
    await expect(fetchSpecText(`${base}/endless`, loopback, { timeoutMs: 10_000, maxBytes: MiB, maxRedirects: 5 })).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('a fetched spec may not $ref a file or another origin', async () => {
    const spec = await listen((req, res) => {
      if (req.url === '/file-ref.yaml') return res.end(BOOKSHOP_WITH_REF('file:///etc/passwd#/x'));
      res.end(BOOKSHOP_WITH_REF(`${other}/x.yaml#/x`));
    });
    const access = defaultSpecAccess({ network: { loopback: true, private: false } });
    for (const path of ['/file-ref.yaml', '/other-ref.yaml']) {
      const outcome = await compileSpec(`${spec}${path}`, access, false);
      expect(!outcome.ok && outcome.problem.detail).toMatch(/same origin/);
    }
  });
});
