/**
 * The fake's "edge": an HTTP port that routes each request by its Host header (or the absolute URL
 * of a proxy-style request) to the Worker that Cloudflare would run for it — custom domain, zone
 * route, `<script>.<subdomain>.workers.dev`, or `<script>.<namespace>.dispatch.<subdomain>.workers.dev`
 * for a script in a dispatch namespace — and answers 404 when nothing is routed there.
 */
import { randomBytes } from 'node:crypto';
import type { FakeRuntime } from './runtime';
import { workerNameFor } from './runtime';
import type { AccountState, Script } from './state';

export function resolveScript(account: AccountState, hostHeader: string, path: string): Script | undefined {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  for (const domain of account.domains.values()) if (domain.hostname === host) return account.scripts.get(domain.service);

  let best: { length: number; script: string } | undefined;
  for (const route of account.routes.values()) {
    if (route.script !== '' && globMatches(route.pattern, host + path) && (best === undefined || route.pattern.length > best.length)) {
      best = { length: route.pattern.length, script: route.script };
    }
  }
  if (best !== undefined) return account.scripts.get(best.script);

  const suffix = `.${account.subdomain}.workers.dev`;
  if (!host.endsWith(suffix)) return undefined;
  const labels = host.slice(0, -suffix.length).split('.');
  if (labels.length === 1) {
    const script = account.scripts.get(labels[0]);
    return script?.subdomain.enabled ? script : undefined;
  }
  if (labels.length === 3 && labels[2] === 'dispatch') return account.namespaceScripts.get(labels[1])?.get(labels[0]);
  return undefined;
}

function globMatches(pattern: string, target: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i').test(target);
}

export function createEdge(account: AccountState, runtime: FakeRuntime): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const hostHeader = request.headers.get('host') ?? url.host;
    // Cloudflare answers /cdn-cgi/ itself; here it also keeps Miniflare's handler triggers private.
    if (url.pathname.startsWith('/cdn-cgi/')) return noRoute(hostHeader);
    const script = resolveScript(account, hostHeader, url.pathname);
    if (script === undefined) return noRoute(hostHeader);
    if (!runtime.runsScripts) return new Response('This Cloudflare fake stores scripts without running them (runScripts: false)\n', { status: 503, headers: { 'cf-fake': 'not-running' } });
    const headers = new Headers(request.headers);
    headers.set('cf-connecting-ip', '127.0.0.1');
    headers.set('cf-ray', `${randomBytes(8).toString('hex')}-FAKE`);
    return runtime.dispatch(workerNameFor(script), `http://${hostHeader}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: request.body,
    });
  };
}

/**
 * The scripts' outbound fetches: a host the edge serves goes to the edge (a Worker calling another
 * one's workers.dev or custom domain), anything else to the network as from Node.
 */
export function createOutbound(account: AccountState, edge: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return (request) => {
    const url = new URL(request.url);
    return resolveScript(account, url.host, url.pathname) === undefined ? fetch(request) : edge(request);
  };
}

/** Runs a script's scheduled() handler once, as its Cron Trigger would (the fake has no clock of its own). */
export async function runScheduled(runtime: FakeRuntime, script: Script, cron?: string): Promise<{ outcome: string; cron: string }> {
  const chosen = cron ?? script.schedules[0]?.cron;
  if (chosen === undefined || !script.schedules.some((s) => s.cron === chosen)) {
    throw new Error(`The Worker "${script.name}" has no Cron Trigger ${chosen === undefined ? '' : `"${chosen}"`}`.trim());
  }
  const response = await runtime.dispatch(workerNameFor(script), `http://${script.name}.scheduled.internal/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(chosen)}`, {
    method: 'GET',
    headers: new Headers(),
  });
  const text = await response.text();
  return { outcome: response.ok ? 'ok' : `failed: ${response.status} ${text}`, cron: chosen };
}

function noRoute(host: string): Response {
  const body = `There is nothing here yet: no Worker is routed to ${host.replace(/[^a-zA-Z0-9.:-]/g, '')} (Cloudflare fake edge)\n`;
  return new Response(body, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cf-fake': 'no-route' } });
}
