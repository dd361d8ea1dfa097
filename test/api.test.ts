/**
 * The programmatic API exactly as the README shows it: `import { startMock } from 'mockloop-edge'`
 * in a vitest suite. (The README's example block is this file's first test, verbatim.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from 'mockloop-edge';

describe('the bookshop client', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    mock = await startMock({ spec: 'examples/bookshop.yaml' });
  });
  afterAll(() => mock.close());

  it('lists books, and copes with an empty shop and an outage', async () => {
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
    expect(await mock.requests({ method: 'GET', path: '/v1/books' })).toHaveLength(1);

    await mock.override({ endpoint: '/books', method: 'GET', example: 'empty' });
    const empty = (await (await fetch(`${mock.url}/books`)).json()) as { items: unknown[] };
    expect(empty.items).toEqual([]);

    await mock.reset(); // overrides win over scenarios: drop it first
    await mock.setScenario({ name: 'outage', rules: [{ endpoint: '/books', method: 'GET', fault: { error_rate: 1, error_status: 503 } }] });
    expect((await fetch(`${mock.url}/books`)).status).toBe(503);

    await mock.setScenario(null);
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });
});

// Below: more than the README shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './helpers/stack';

describe('startMock options', () => {
  it('takes the document itself, fixed ports and a scenario, and gives the admin origin and token', async () => {
    const port = await freePort();
    const mock = await startMock({
      spec: { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/ping': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string', const: 'pong' } } } }, '500': { description: 'down' } } } } } },
      port,
      scenario: { name: 'down', default: { status: 500 } },
    });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${mock.url}/ping`)).status).toBe(500);
      await mock.setScenario(null);
      expect(await (await fetch(`${mock.url}/ping`)).json()).toBe('pong');
      // requests() waits for the log writes that land just after each response; the raw admin call then sees them too.
      expect((await mock.requests({ status: '5xx' })).map((r) => r.status)).toEqual([500]);
      const admin = await fetch(`${mock.adminUrl}/api/requests`, { headers: { authorization: `Bearer ${mock.token}` } });
      expect(((await admin.json()) as { total: number }).total).toBeGreaterThanOrEqual(1);
    } finally {
      await mock.close();
    }
  });

  it('rejects a spec it cannot compile with the reason', async () => {
    await expect(startMock({ spec: 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/nope"}\n' })).rejects.toThrow(/\/paths\/~1a\/get\/responses\/200/);
  });
});

describe('from node:test', () => {
  it('works the same without vitest: plain Node, its own test runner', () => {
    const root = join(import.meta.dirname, '..');
    const run = spawnSync(process.execPath, ['--test', join('test', 'fixtures', 'node-test-api.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout, run.stderr).toMatch(/pass 1\b/);
    expect(run.status).toBe(0);
  }, 150_000);
});
