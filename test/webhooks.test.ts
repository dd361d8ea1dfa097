/**
 * Callbacks and webhooks end to end (decision 0021): a local receiver (a Node http server) checks
 * every delivery's signature with the `standardwebhooks` library, an independent implementation;
 * callbacks fire after the triggering response, retries follow a 500, a 410 disables the
 * endpoint, an unresolvable callback URL is a recorded error, private targets are refused.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../src/plan';
import { loadSpec } from '../src/spec';
import { startTestStack, type TestMock, type TestStack } from './helpers/stack';

const event = { type: 'object', required: ['type', 'at'], properties: { type: { type: 'string' }, at: { type: 'string', format: 'date-time' } } };
const pet = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const SPEC = {
  openapi: '3.1.0',
  info: { title: 'hooks', version: '1' },
  paths: {
    '/subscriptions': {
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { callbackUrl: { type: 'string' } } } } } },
        responses: { '201': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } }, example: { id: 'sub_1' } } } } },
        callbacks: {
          onEvent: {
            '{$request.body#/callbackUrl}?sub={$response.body#/id}&m={$method}': {
              post: { requestBody: { content: { 'application/json': { schema: event, example: { type: 'created', at: '2026-12-05T12:00:00Z' } } } }, responses: { '204': { description: 'ok' } } },
            },
          },
          onMissing: { '{$request.body#/nowhere}': { post: { responses: { '204': { description: 'ok' } } } } },
        },
      },
    },
  },
  webhooks: { petAdded: { post: { requestBody: { content: { 'application/json': { schema: pet } } }, responses: { '200': { description: 'ok' } } } } },
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let stack: TestStack;
let mock: TestMock;
let receiver: Server;
let base = '';
const received: Received[] = [];
let flakyCalls = 0;

beforeAll(async () => {
  const loaded = await loadSpec({ text: JSON.stringify(SPEC) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (url.pathname === '/flaky') res.writeHead(++flakyCalls === 1 ? 500 : 200).end(flakyCalls === 1 ? 'try later' : 'ok');
      else if (url.pathname === '/gone') res.writeHead(410).end('gone');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  stack = await startTestStack([{ name: 'hooks', plan: compilePlan(loaded.value), vars: { WEBHOOK_RETRY_SCHEDULE: '150ms,150ms' } }]);
  mock = stack.mocks.hooks;
});
afterAll(async () => {
  await stack?.dispose();
  receiver?.close();
});

interface Delivery {
  id: string;
  kind: string;
  name: string;
  url: string | null;
  state: string;
  attempts: number;
  error: string | null;
  attempt_log: Array<{ attempt: number; status: number | null; error: string | null; response_excerpt: string | null }>;
}

async function deliveries(): Promise<Delivery[]> {
  const res = await mock.admin('/api/webhooks/deliveries?limit=100');
  expect(res.status).toBe(200);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

/** Polls the delivery log until `find` picks one out. */
async function waitFor(find: (all: Delivery[]) => Delivery | undefined, timeoutMs = 15_000): Promise<Delivery> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find(await deliveries());
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such delivery in time: ${JSON.stringify(await deliveries())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fire(name: string, body: unknown): Promise<Response> {
  return mock.admin(`/api/webhooks/${name}/fire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

let secret = '';

function verified(r: Received, key = secret): unknown {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = String(r.headers[name]);
  return new Webhook(key).verify(r.body, headers);
}

describe('callbacks and webhooks', () => {
  it('shows the signing secret once, and a new one on rotation', async () => {
    const first = await mock.admin('/api/webhooks/secret', { method: 'POST' });
    expect(first.status).toBe(200);
    secret = ((await first.json()) as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const again = await mock.admin('/api/webhooks/secret', { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).not.toContain(secret);
  });

  it('fires a callback after the response: URL from runtime expressions, signed, body from the spec example', async () => {
    const res = await fetch(`${mock.url}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl: `${base}/ok` }) });
    expect(res.status).toBe(201);
    const delivered = await waitFor((all) => all.find((d) => d.name === 'onEvent' && d.state === 'delivered'));
    expect(delivered).toMatchObject({ kind: 'callback', url: `${base}/ok?sub=sub_1&m=POST`, attempts: 1 });
    expect(delivered.attempt_log[0]).toMatchObject({ attempt: 1, status: 204, error: null });
    const hit = received.find((r) => r.path === '/ok?sub=sub_1&m=POST')!;
    expect(verified(hit)).toEqual({ type: 'created', at: '2026-12-05T12:00:00Z' });
    expect(hit.headers['webhook-id']).toBe(delivered.id);
    expect(() => verified(hit, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow();
    expect(() => verified({ ...hit, body: hit.body.replace('created', 'deleted') })).toThrow();
    // The other callback's URL names nothing in the request: recorded as an error, nothing sent.
    const unresolved = await waitFor((all) => all.find((d) => d.name === 'onMissing'));
    expect(unresolved).toMatchObject({ state: 'unresolved', url: null, attempts: 0 });
    expect(unresolved.error).toContain('$request.body#/nowhere');
    expect(received.every((r) => r.path.startsWith('/'))).toBe(true);
  });

  it('retries after a 500 with the same webhook-id, then succeeds', async () => {
    await fetch(`${mock.url}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl: `${base}/flaky` }) }).then((r) => r.arrayBuffer());
    const done = await waitFor((all) => all.find((d) => d.url?.includes('/flaky') && d.state === 'delivered'));
    expect(done.attempts).toBe(2);
    expect(done.attempt_log.map((a) => a.status)).toEqual([500, 200]);
    expect(done.attempt_log[0].response_excerpt).toBe('try later');
    const hits = received.filter((r) => r.path.startsWith('/flaky'));
    expect(hits).toHaveLength(2);
    expect(new Set(hits.map((h) => h.headers['webhook-id']))).toEqual(new Set([done.id]));
    for (const hit of hits) expect(verified(hit)).toMatchObject({ type: 'created' });
  });

  it('fires a 3.1 webhook on demand with a synthesised body; a 410 disables the endpoint', async () => {
    const res = await fire('petAdded', { url: `${base}/gone?x=1` });
    expect(res.status).toBe(202);
    const gone = await waitFor((all) => all.find((d) => d.url === `${base}/gone?x=1` && d.state !== 'pending'));
    expect(gone).toMatchObject({ kind: 'webhook', state: 'disabled', attempts: 1 });
    const hit = received.find((r) => r.path === '/gone?x=1')!;
    const body = verified(hit) as { id: unknown; name: unknown };
    expect(typeof body.id).toBe('number');
    expect(typeof body.name).toBe('string');
    const listed = (await (await mock.admin('/api/webhooks')).json()) as { webhooks: unknown[]; callbacks: unknown[]; endpoints: Array<{ url: string; disabled_at: string | null }> };
    expect(listed.webhooks).toEqual([{ name: 'petAdded', method: 'POST', summary: null, has_body: true }]);
    expect(listed.callbacks).toHaveLength(2);
    expect(listed.endpoints).toEqual([expect.objectContaining({ url: `${base}/gone`, disabled_at: expect.any(String) })]);
    // Later deliveries to the disabled endpoint are not sent.
    const before = received.length;
    await fire('petAdded', { url: `${base}/gone`, body: { id: 1, name: 'Rex' } });
    const refused = await waitFor((all) => all.find((d) => d.url === `${base}/gone` && d.state !== 'pending'));
    expect(refused.state).toBe('refused');
    expect(refused.error).toContain('disabled');
    expect(received.length).toBe(before);
  });

  it('fires to registered endpoints; refuses private and link-local targets; 404 for an unknown webhook', async () => {
    const put = await mock.admin('/api/webhooks/endpoints', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${base}/registered`, webhooks: ['petAdded'] }) });
    expect(put.status).toBe(200);
    expect((await fire('petAdded', { body: { id: 7, name: 'Given' } })).status).toBe(202);
    await waitFor((all) => all.find((d) => d.url === `${base}/registered` && d.state === 'delivered'));
    expect(verified(received.find((r) => r.path === '/registered')!)).toEqual({ id: 7, name: 'Given' });

    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest']) {
      expect((await fire('petAdded', { url })).status).toBe(202);
      const refused = await waitFor((all) => all.find((d) => d.url === url && d.state !== 'pending'));
      expect(refused.state).toBe('refused');
      expect(refused.attempt_log[0].status).toBeNull();
    }
    expect((await fire('nope', { url: `${base}/ok` })).status).toBe(404);
    expect((await fire('petAdded', { url: 'file:///etc/passwd' })).status).toBe(422);
  });
});
