/**
 * Callbacks, webhooks and the WireMock-compatible journal end to end, on one stack (decision 0021).
 * Callbacks and webhooks: a local receiver (a Node http server) checks
 * every delivery's signature with the `standardwebhooks` library, an independent implementation;
 * callbacks fire after the triggering response, retries follow a 500, a 410 disables the
 * endpoint, an unresolvable callback URL is a recorded error, private targets are refused.
 * Journal: WireMock-shaped find/count/list/reset over the request log, behind the admin token.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../src/plan';
import { loadSpec } from '../src/spec';
import { startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

const event = { type: 'object', required: ['type', 'at'], properties: { type: { type: 'string' }, at: { type: 'string', format: 'date-time' } } };
const pet = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const SPEC = {
  openapi: '3.1.0',
  info: { title: 'hooks', version: '1' },
  paths: {
    '/books/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } } },
    '/alerts': {
      post: {
        responses: { '202': { description: 'ok' } },
        callbacks: { onAlert: { '{$request.header.X-Callback}?key={$request.query.api_key}': { post: { responses: { '204': { description: 'ok' } } } } } },
      },
    },
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

  it('never carries a secret the log redacts into a callback URL', async () => {
    const res = await fetch(`${mock.url}/alerts?api_key=s3cret-value`, { method: 'POST', headers: { 'x-callback': `${base}/alert` } });
    expect(res.status).toBe(202);
    const done = await waitFor((all) => all.find((d) => d.name === 'onAlert' && d.state === 'delivered'));
    expect(done.url).toBe(`${base}/alert?key=[redacted]`);
    expect(JSON.stringify(received)).not.toContain('s3cret');
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
    expect(res.status).toBe(200);
    const gone = await waitFor((all) => all.find((d) => d.url === `${base}/gone?x=1` && d.state !== 'pending'));
    expect(gone).toMatchObject({ kind: 'webhook', state: 'disabled', attempts: 1 });
    const hit = received.find((r) => r.path === '/gone?x=1')!;
    const body = verified(hit) as { id: unknown; name: unknown };
    expect(typeof body.id).toBe('number');
    expect(typeof body.name).toBe('string');
    const listed = (await (await mock.admin('/api/webhooks')).json()) as { webhooks: unknown[]; callbacks: unknown[]; endpoints: Array<{ url: string; disabled_at: string | null }> };
    expect(listed.webhooks).toEqual([{ name: 'petAdded', method: 'POST', summary: null, has_body: true }]);
    expect(listed.callbacks).toHaveLength(3);
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
    expect((await fire('petAdded', { body: { id: 7, name: 'Given' } })).status).toBe(200);
    await waitFor((all) => all.find((d) => d.url === `${base}/registered` && d.state === 'delivered'));
    expect(verified(received.find((r) => r.path === '/registered')!)).toEqual({ id: 7, name: 'Given' });

    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest']) {
      expect((await fire('petAdded', { url })).status).toBe(200);
      const refused = await waitFor((all) => all.find((d) => d.url === url && d.state !== 'pending'));
      expect(refused.state).toBe('refused');
      expect(refused.attempt_log[0].status).toBeNull();
    }
    expect((await fire('nope', { url: `${base}/ok` })).status).toBe(404);
    expect((await fire('petAdded', { url: 'file:///etc/passwd' })).status).toBe(422);
  });
});

describe('WireMock-compatible journal', () => {
  const pattern = (path: string, body: unknown) => mock.admin(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const count = async (body: unknown) => {
    const res = await pattern('/__admin/requests/count', body);
    expect(res.status, JSON.stringify(body)).toBe(200);
    return ((await res.json()) as { count: number }).count;
  };

  it('finds and counts logged requests with WireMock request patterns', async () => {
    await mock.admin('/__admin/requests', { method: 'DELETE' });
    const send = (path: string, init: RequestInit = {}) => fetch(`${mock.url}${path}`, init).then((r) => r.arrayBuffer());
    await send('/books/7?lang=en&tag=a&tag=b', { headers: { 'x-client': 'alpha-1' } });
    await send('/books/8', { headers: { 'x-client': 'beta-2' } });
    await send('/books/x9');
    const json = { 'content-type': 'application/json' };
    await send('/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ callbackUrl: 'http://10.0.0.1/cb', plan: { tier: 'gold', seats: 5 } }) });
    await send('/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ callbackUrl: 'http://10.0.0.1/cb', plan: { tier: 'free', seats: 1 } }) });
    await waitForLogCount(mock, 5);

    expect(await count({ method: 'ANY' })).toBe(5);
    expect(await count({})).toBe(5);
    expect(await count({ method: 'GET', urlPathPattern: '/books/[0-9]+' })).toBe(2);
    expect(await count({ url: '/books/7?lang=en&tag=a&tag=b' })).toBe(1);
    expect(await count({ urlPattern: '/books/.*\\?lang=.*' })).toBe(1);
    expect(await count({ urlPath: '/subscriptions', method: 'POST' })).toBe(2);
    expect(await count({ headers: { 'X-Client': { matches: '[a-z]+-[0-9]' } } })).toBe(2);
    expect(await count({ headers: { 'X-Client': { equalTo: 'ALPHA-1', caseInsensitive: true } } })).toBe(1);
    expect(await count({ headers: { 'X-Client': { contains: 'beta' } } })).toBe(1);
    expect(await count({ headers: { 'X-Client': { absent: true } } })).toBe(3);
    expect(await count({ queryParameters: { tag: { equalTo: 'b' }, lang: { matches: 'en|fr' } } })).toBe(1);
    expect(await count({ bodyPatterns: [{ matchesJsonPath: "$.plan[?(@.seats > 2)]" }] })).toBe(1);
    expect(await count({ bodyPatterns: [{ matchesJsonPath: { expression: '$.plan.tier', equalTo: 'free' } }] })).toBe(1);
    expect(await count({ bodyPatterns: [{ equalToJson: { plan: { tier: 'gold', seats: 5 } }, ignoreExtraElements: true }] })).toBe(1);
    expect(await count({ bodyPatterns: [{ equalToJson: '{"plan": {"tier": "gold", "seats": 5}}' }] })).toBe(0);
    // A pattern that backtracks exponentially elsewhere answers at once here.
    expect(await count({ urlPathPattern: '(/|b|o|k|s|[0-9]+|x)+!' })).toBe(0);

    const found = await pattern('/__admin/requests/find', { method: 'POST', bodyPatterns: [{ matchesJsonPath: "$.plan[?(@.tier == 'gold')]" }] });
    const { requests } = (await found.json()) as { requests: Array<Record<string, unknown>> };
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: '/subscriptions', method: 'POST', browserProxyRequest: false, headers: expect.objectContaining({ 'content-type': 'application/json' }) });
    expect(JSON.parse(requests[0].body as string)).toMatchObject({ plan: { tier: 'gold' } });
    expect(Buffer.from(requests[0].bodyAsBase64 as string, 'base64').toString()).toBe(requests[0].body);
    expect(String(requests[0].absoluteUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/subscriptions$/);
    expect(typeof requests[0].loggedDate).toBe('number');

    const listed = (await (await mock.admin('/__admin/requests?limit=2')).json()) as { requests: Array<{ request: { url: string; queryParams: unknown }; response: { status: number }; wasMatched: boolean }>; meta: { total: number }; requestJournalDisabled: boolean };
    expect(listed.meta.total).toBe(5);
    expect(listed.requestJournalDisabled).toBe(false);
    expect(listed.requests).toHaveLength(2);
    expect(listed.requests[0].request.url).toBe('/subscriptions');
    const since = (iso: string) => mock.admin(`/__admin/requests?since=${encodeURIComponent(iso)}`).then((r) => r.json() as Promise<typeof listed>);
    expect((await since(new Date(Date.now() + 60_000).toISOString())).requests).toEqual([]);
    expect((await since(new Date(Date.now() - 600_000).toISOString())).requests).toHaveLength(5);
    const all = (await (await mock.admin('/__admin/requests')).json()) as typeof listed;
    const book = all.requests.find((e) => e.request.url.startsWith('/books/7'))!;
    expect(book.request.queryParams).toEqual({ lang: { key: 'lang', values: ['en'] }, tag: { key: 'tag', values: ['a', 'b'] } });
    expect(book).toMatchObject({ response: { status: 200 }, wasMatched: true });
  });

  it('refuses what it does not support by name, guards with the admin token, and resets', async () => {
    const refused = await pattern('/__admin/requests/find', { urlPath: '/books/7', cookies: { a: { equalTo: 'b' } }, headers: { a: { equalToXml: '<a/>' } } });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: Array<{ location: string; message: string }> };
    expect(problem.errors.map((e) => e.location)).toEqual(['body/cookies', 'body/headers/a']);
    expect((await fetch(`${mock.adminUrl}/__admin/requests`)).status).toBe(401);
    expect((await fetch(`${mock.adminUrl}/__admin/requests/count`, { method: 'POST', body: '{}' })).status).toBe(401);
    const reset = await mock.admin('/__admin/requests', { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect(await count({})).toBe(0);
    // Purging the whole mock takes the callback and webhook deliveries with it.
    expect((await deliveries()).length).toBeGreaterThan(0);
    expect((await mock.admin('/api/purge', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect(await deliveries()).toEqual([]);
  });
});
