/**
 * Guessing credentials: wrong admin tokens, MCP bearer tokens and operator secrets are checked
 * only a few times before the client is asked to wait (429 problem+json with Retry-After), while
 * successful calls are never counted; an OAuth authorization code is good for one try.
 * Each part runs on its own stack: locally every client is one key, and these tests lock it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TOKEN, OPERATOR_SECRET, type TestMcp, startTestMcp } from './helpers/mcp';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack } from './helpers/stack';

/** Sends `n` requests, `parallel` at a time; the statuses in order of sending. */
async function volley(n: number, parallel: number, send: (i: number) => Promise<Response>): Promise<Response[]> {
  const out: Response[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await send(i);
      }
    }),
  );
  return out;
}

async function expectLimited(responses: Response[], wrongStatus: number) {
  const statuses = responses.map((r) => r.status);
  const checked = statuses.filter((s) => s === wrongStatus).length;
  const limited = responses.filter((r) => r.status === 429);
  expect(checked + limited.length).toBe(responses.length);
  expect(checked).toBeLessThanOrEqual(40); // 10, plus what raced past the check in one parallel volley
  const sample = limited[0];
  expect(sample.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(sample.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await sample.json()).toMatchObject({ type: 'https://mockloop.dev/problems/too-many-failed-credentials', status: 429 });
  for (const r of responses) if (!r.bodyUsed) await r.body?.cancel();
}

describe('admin token', () => {
  let stack: TestStack;
  let mock: TestMock;
  beforeAll(async () => {
    stack = await startTestStack([{ name: 'guarded', plan: await compileOrThrow(BOOKSHOP) }]);
    mock = stack.mocks.guarded;
  });
  afterAll(() => stack?.dispose());

  it('successful calls are never limited; 1,000 wrong tokens are checked at most a few dozen times', async () => {
    const good = await volley(200, 20, () => mock.admin('/api/settings'));
    expect(good.every((r) => r.status === 200)).toBe(true);
    const wrong = await volley(1000, 20, (i) => fetch(`${mock.adminUrl}/api/settings`, { headers: { authorization: `Bearer wrong-${i}` } }));
    await expectLimited(wrong, 401);
    // No token at all guesses nothing: it is told what to send, not to wait.
    expect((await fetch(`${mock.adminUrl}/api/settings`)).status).toBe(401);
  });
});

describe('MCP server', () => {
  let mcp: TestMcp;
  let origin: string;
  beforeAll(async () => {
    mcp = await startTestMcp();
    origin = new URL(mcp.url).origin;
  });
  afterAll(() => mcp?.dispose());

  const redirectUri = 'http://127.0.0.1:9/callback';

  async function consentFor(challenge: string) {
    const registered = await fetch(`${origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'brute', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'] }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const url = new URL(`${origin}/authorize`);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', state: 's', resource: mcp.url })) url.searchParams.set(k, v);
    const page = await fetch(url, { redirect: 'manual' });
    const handle = /name="handle" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    // SAFETY: Node's Headers has getSetCookie; the Workers types the project compiles with do not.
    const cookie = (page.headers as unknown as { getSetCookie(): string[] }).getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const submit = (secret: string) =>
      fetch(`${origin}/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ handle, decision: 'approve', operator_secret: secret }) });
    return { clientId, submit };
  }

  const exchange = (clientId: string, code: string, verifier: string) =>
    fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier, resource: mcp.url }),
    });

  it('an authorization code is burnt by a failed verifier attempt', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const { clientId, submit } = await consentFor(createHash('sha256').update(verifier).digest('base64url'));
    const approved = await submit(OPERATOR_SECRET);
    expect(approved.status).toBe(302);
    const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
    const wrong = await exchange(clientId, code, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    const right = await exchange(clientId, code, verifier);
    expect(right.status).toBe(400);
    expect(await right.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('200 wrong operator secrets on one consent form are checked at most a few dozen times', async () => {
    const { submit } = await consentFor(createHash('sha256').update('v'.repeat(50)).digest('base64url'));
    await expectLimited(await volley(200, 10, (i) => submit(`guess-${i}`)), 403);
  });

  it('successful MCP calls are never limited; wrong bearer tokens are', async () => {
    const initialize = (token: string) =>
      fetch(mcp.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'b', version: '1' } } }),
      });
    const good = await volley(60, 10, () => initialize(MCP_TOKEN));
    expect(good.every((r) => r.status === 200)).toBe(true);
    for (const r of good) await r.body?.cancel();
    await expectLimited(await volley(300, 10, (i) => initialize(`wrong-token-${i}`)), 401);
  });
});
