/**
 * MCP worker entry. `/mcp` is the MCP endpoint (streamable HTTP), `/mcp/audit` the audit log;
 * both need a credential: the static bearer token (MCP_TOKEN) or an OAuth access token issued
 * here (dynamic registration, consent guarded by OPERATOR_SECRET). MCP_LOCAL_DEV=no-auth drops
 * the credential, for loopback requests only.
 */
import { OAuthProvider } from '@cloudflare/workers-oauth-provider';
import { createMcpHandler } from 'agents/mcp/server';
import { type Caller, createMockloopServer } from '../../src/mcp';
import { problem, problemResponse, problemType } from '../../src/problem';
import { handleAuditRequest } from './audit-endpoint';
import { handleAuthorize } from './consent';
import { toolDeps } from './deps';
import type { Env } from './env';
import { isLoopbackHost, redirectRefusal } from '../../src/mcp/auth';
import { bearerOf, secretMatches } from './tokens';
import { sweepExpired } from './sweep';
import { CREDENTIAL_LIMITS, clientKey, createFailureLimiter, tooManyFailures } from '../../src/limits';
import { exchangeCodeOnce } from './single-try-code';

export { ContextStore } from './context-store';

const MCP_PATH = '/mcp';
const LOCAL_DEV_REFUSED = problemType('mcp-local-dev-refused', 'Local-development mode is on for a non-loopback host', 503);

/** The MCP endpoint and the audit endpoint, for a caller already authenticated. */
function serveAuthenticated(request: Request, env: Env, ctx: ExecutionContext, caller: Caller): Promise<Response> {
  if (new URL(request.url).pathname === `${MCP_PATH}/audit`) return handleAuditRequest(request, env);
  const deps = toolDeps(env);
  const secrets = [env.MCP_TOKEN, env.OPERATOR_SECRET, env.CLOUDFLARE_API_TOKEN, env.MOCK_ADMIN_SECRET, bearerOf(request)].filter((s): s is string => Boolean(s));
  const handler = createMcpHandler(() => createMockloopServer({ deps, caller, secrets }), { route: MCP_PATH });
  return handler(request, env, ctx);
}

const providers = new Map<string, OAuthProvider<Env>>();

/** One provider per canonical URL: the resource in its metadata is the URL clients use. */
function providerFor(env: Env, request: Request): OAuthProvider<Env> {
  const resource = env.MCP_PUBLIC_URL ?? new URL(MCP_PATH, request.url).href;
  let provider = providers.get(resource);
  if (provider) return provider;
  const origin = new URL(resource).origin;
  provider = new OAuthProvider<Env>({
    apiRoute: MCP_PATH,
    apiHandler: {
      fetch: (req, env2, ctx) => {
        const props = (ctx as ExecutionContext & { props?: { caller?: unknown } }).props;
        return serveAuthenticated(req, env2, ctx, { id: typeof props?.caller === 'string' ? props.caller : 'oauth:unknown' });
      },
    },
    defaultHandler: {
      fetch: async (req, env2) => {
        const url = new URL(req.url);
        // SAFETY: OAuthProvider puts its helpers on env for the default handler.
        const helpers = (env2 as Env & { OAUTH_PROVIDER: Parameters<typeof handleAuthorize>[1] }).OAUTH_PROVIDER;
        if (url.pathname === '/authorize') return handleAuthorize(req, helpers, env2.OPERATOR_SECRET, Boolean(env2.MCP_PUBLIC_URL));
        if (url.pathname === '/') return Response.json({ name: 'MockLoop Edge MCP server', mcp: resource });
        return new Response('Not found', { status: 404 });
      },
    },
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/oauth/token',
    clientRegistrationEndpoint: '/oauth/register',
    clientIdMetadataDocumentEnabled: true,
    resourceMetadata: { resource, authorization_servers: [origin], resource_name: 'MockLoop Edge MCP server', bearer_methods_supported: ['header'] },
    resolveExternalToken: async ({ token, env: env2 }) => ((await secretMatches(token, env2.MCP_TOKEN)) ? { props: { caller: 'token:static' }, audience: resource } : null),
    clientRegistrationCallback: ({ clientMetadata }) => {
      const refusal = redirectRefusal(clientMetadata.redirect_uris, env.OAUTH_REDIRECT_ALLOWLIST);
      return refusal ? { code: 'invalid_redirect_uri', description: refusal } : undefined;
    },
  });
  providers.set(resource, provider);
  return provider;
}

/** Wrong bearer tokens (static or OAuth) per client of this isolate. */
const bearerFailures = createFailureLimiter(CREDENTIAL_LIMITS);

/** The provider, with a bearer token on /mcp checked only while its client may still try, and codes good for one try. */
async function serveGuarded(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const provider = providerFor(env, request);
  const path = new URL(request.url).pathname;
  if (path === '/oauth/token' && request.method === 'POST') return exchangeCodeOnce(request, env.OAUTH_KV, (req) => provider.fetch(req, env, ctx));
  if (!path.startsWith(MCP_PATH) || bearerOf(request) === undefined) return provider.fetch(request, env, ctx);
  const client = clientKey(request.headers, Boolean(env.MCP_PUBLIC_URL));
  const wait = bearerFailures.retryAfter(client, Date.now());
  if (wait !== undefined) return tooManyFailures('bearer tokens', wait);
  const res = await provider.fetch(request, env, ctx);
  if (res.status === 401) bearerFailures.failed(client, Date.now());
  return res;
}

export default {
  fetch(request, env, ctx) {
    if (env.MCP_LOCAL_DEV === 'no-auth') {
      // Never on by accident: a deployed worker is reached on a public hostname and refuses loudly.
      if (!isLoopbackHost(new URL(request.url).hostname)) {
        return problemResponse(problem(LOCAL_DEV_REFUSED, 'MCP_LOCAL_DEV=no-auth is set, but this request is not to a loopback host. Remove MCP_LOCAL_DEV from a deployed worker.'));
      }
      if (new URL(request.url).pathname.startsWith(MCP_PATH)) return serveAuthenticated(request, env, ctx, { id: 'local-dev' });
    }
    return serveGuarded(request, env, ctx);
  },
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepExpired(env, (input, init) => fetch(input, init)));
  },
} satisfies ExportedHandler<Env>;
