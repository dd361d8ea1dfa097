/**
 * Who may call the MCP server: the static bearer token, OAuth 2.1 (dynamic registration →
 * consent guarded by the operator secret → token), nobody else; local-development mode only on
 * loopback. Runs the real worker on workerd.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, MCP_TOKEN, OPERATOR_SECRET, type TestMcp, startTestMcp } from './helpers/mcp';

let mcp: TestMcp;
let origin: string;

beforeAll(async () => {
  mcp = await startTestMcp();
  origin = new URL(mcp.url).origin;
});

afterAll(async () => {
  await mcp?.dispose();
});

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: INITIALIZE });
}

describe('MCP auth: bearer', () => {
  it('answers 401 without credentials, pointing at protected-resource metadata that names the URL used', async () => {
    const res = await post(mcp.url);
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${origin}/.well-known/oauth-protected-resource/mcp`);
    const metadata = (await (await fetch(metadataUrl!)).json()) as { resource: string; authorization_servers: string[] };
    expect(metadata.resource).toBe(mcp.url);
    expect(metadata.authorization_servers).toEqual([origin]);
  });

  it('answers 401 to a wrong token, and serves the right one', async () => {
    const wrong = await post(mcp.url, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
    await expect(connectClient(mcp.url, 'not-the-token-at-all')).rejects.toThrow();
    const client = await connectClient(mcp.url, MCP_TOKEN);
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    await client.close();
  });
});

describe('MCP auth: OAuth 2.1', () => {
  const redirectUri = 'http://127.0.0.1:9/callback';

  async function register(redirectUris: string[]): Promise<Response> {
    const meta = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as { registration_endpoint: string };
    return fetch(meta.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Test <Client>', redirect_uris: redirectUris, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }),
    });
  }

  async function openConsent(clientId: string, challenge: string): Promise<{ html: string; handle: string; cookie: string }> {
    const url = new URL(`${origin}/authorize`);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', state: 'st-1', resource: mcp.url })) {
      url.searchParams.set(k, v);
    }
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? '';
    // SAFETY: Node's Headers has getSetCookie; the Workers types the project compiles with do not.
    const setCookies = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
    const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    return { html, handle, cookie };
  }

  function submit(consent: { handle: string; cookie: string }, fields: Record<string, string>): Promise<Response> {
    return fetch(`${origin}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: consent.cookie },
      body: new URLSearchParams({ handle: consent.handle, ...fields }),
    });
  }

  it('registers a client, asks for the operator secret on the consent page, issues a token that works, and keeps it out of the audit log', async () => {
    const registered = await register([redirectUri]);
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const consent = await openConsent(clientId, challenge);
    expect(consent.html).toContain('Test &#60;Client&#62;');
    expect(consent.html).toContain('127.0.0.1');
    expect(consent.html).toContain('operator_secret');

    expect((await submit(consent, { decision: 'approve', operator_secret: 'guess' })).status).toBe(403);
    const approved = await submit(consent, { decision: 'approve', operator_secret: OPERATOR_SECRET });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;

    const meta = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string };
    const tokenRes = await fetch(meta.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier, resource: mcp.url }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token: accessToken, token_type: tokenType } = (await tokenRes.json()) as { access_token: string; token_type: string };
    expect(tokenType.toLowerCase()).toBe('bearer');

    const client = await connectClient(mcp.url, accessToken);
    const created = await client.callTool({ name: 'create_workflow_context', arguments: { name: 'oauth', data: { token: accessToken, note: `got ${accessToken}` } } });
    expect(created.isError).toBeFalsy();
    const audit = await client.callTool({ name: 'query_audit_log', arguments: { caller: `oauth:${clientId}` } });
    const entries = (audit.structuredContent as { entries: Array<{ tool: string; caller: string }> }).entries;
    expect(entries.map((e) => e.tool)).toContain('create_workflow_context');
    await client.close();

    const all = await (await fetch(`${mcp.url}/audit?limit=100`, { headers: { authorization: `Bearer ${accessToken}` } })).text();
    expect(all).toContain(`oauth:${clientId}`);
    expect(all).not.toContain(accessToken);
    expect(all).not.toContain(MCP_TOKEN);
  });

  it('sends the client back with access_denied when the operator denies', async () => {
    const { client_id: clientId } = (await (await register([redirectUri])).json()) as { client_id: string };
    const consent = await openConsent(clientId, createHash('sha256').update('v'.repeat(50)).digest('base64url'));
    const denied = await submit(consent, { decision: 'deny' });
    expect(denied.status).toBe(302);
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it("accepts Claude's callback URLs and refuses other remote redirect URIs", async () => {
    expect((await register(['https://claude.ai/api/mcp/auth_callback'])).status).toBe(201);
    const refused = await register(['https://evil.example/callback']);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error_description: string }).error_description).toContain('https://evil.example/callback');
  });
});

describe('MCP auth: local-development mode', () => {
  let local: TestMcp;
  beforeAll(async () => {
    local = await startTestMcp({ localDev: true });
  });
  afterAll(async () => {
    await local?.dispose();
  });

  it('serves loopback requests without a credential, audited as local-dev', async () => {
    const client = await connectClient(local.url, undefined);
    await client.callTool({ name: 'get_global_context_data', arguments: {} });
    const audit = await client.callTool({ name: 'query_audit_log', arguments: { limit: 1 } });
    expect((audit.structuredContent as { entries: Array<{ caller: string }> }).entries[0].caller).toBe('local-dev');
    await client.close();
  });

  it('refuses loudly when reached under a non-loopback host name', async () => {
    const url = new URL(local.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/mcp', method: 'POST', headers: { host: 'mcp.example.com', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(INITIALIZE);
    });
    expect(status).toBe(503);
  });
});
