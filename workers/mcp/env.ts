import type { ContextStore } from './context-store';

/** Bindings of the MCP worker. */
export interface Env {
  /** D1: the audit log (mcp_audit_log). */
  DB: D1Database;
  /** KV for the OAuth provider: clients, grants, tokens (stored hashed). */
  OAUTH_KV: KVNamespace;
  CONTEXT_STORE: DurableObjectNamespace<ContextStore>;
  /** The deployer (locally a Node function behind a service binding). Without it the mock tools are not offered. */
  DEPLOYER?: Fetcher;
  /** The test engine worker (workers/engine): schedules of test plans and load runs; without it schedule_test_suite, run_load_test and monitor_test_progress are not offered. */
  ENGINE?: Fetcher;
  /** Local stack only: fetches a spec URL on the Node side under the operator's address policy (GET /?url=…). */
  SPEC_FETCH?: Fetcher;
  /** Static bearer token for CI and command-line clients (a secret). */
  MCP_TOKEN?: string;
  /** Guards the OAuth consent page: whoever approves a client must know it (a secret). Without it OAuth authorization is refused. */
  OPERATOR_SECRET?: string;
  /** The URL clients use for the MCP endpoint (`https://mcp.example.com/mcp`); else the request's own origin + /mcp. */
  MCP_PUBLIC_URL?: string;
  /** `no-auth`: local development without credentials. Honoured only for requests to a loopback host. */
  MCP_LOCAL_DEV?: string;
  /**
   * Cloudflare account and API token (secrets; Workers Scripts Write, D1 Write, and Workers Routes
   * Write / Zone Read for custom domains): with MOCK_ADMIN_SECRET the mock tools deploy to this
   * account (workers/mcp/cloudflare.ts); the cron trigger removes mocks past their TTL.
   */
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  /** A secret each deployed mock's admin token is derived from (HMAC with the account and mock name). */
  MOCK_ADMIN_SECRET?: string;
  /** Another Cloudflare API base (the local fake); default the public API. */
  CLOUDFLARE_API_BASE_URL?: string;
  /** Extra https redirect URIs OAuth clients may register (comma-separated), besides Claude's and loopback ones. */
  OAUTH_REDIRECT_ALLOWLIST?: string;
}
