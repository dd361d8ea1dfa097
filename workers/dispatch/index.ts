/**
 * The dispatch Worker of a Workers for Platforms target (`mockloop deploy --target dispatch:<ns>
 * --dispatch-domain D`): routed `*.D/*` (and any custom or admin hostname of its mocks), it sends
 * each request, unchanged, to the mock's script in the namespace; a stopped or unknown mock answers
 * 404. Deployed with `wrangler deploy -c wrangler.dispatch.toml`.
 */
import { type DispatchRoute, routeOfRow, routeStatement } from '../../src/deploy/cloudflare/dispatch-route';
import { problem, problemResponse, problemType } from '../../src/problem';

export interface Env {
  /** The dispatch namespace the mocks are uploaded to. */
  DISPATCHER: DispatchNamespace;
  /** The shared `mockloop` database: the deployments registry (names, hostnames, stopped or not). */
  DB: D1Database;
  /** Its name, as the deployer records it (`dispatch:<namespace>`). */
  DISPATCH_NAMESPACE: string;
  /** `<mock>.<DISPATCH_DOMAIN>` is the mock's host. */
  DISPATCH_DOMAIN: string;
  /** How long an isolate trusts a route it read (default 5000): a stop takes effect within it. */
  ROUTE_CACHE_MS?: string;
}

const NO_MOCK = problemType('dispatch-no-mock', 'No mock is served on this host', 404);

/** Host → route (null: none), per isolate. Bounded: hosts are client-chosen. */
const cache = new Map<string, { route: DispatchRoute | null; at: number }>();
const MAX_CACHED = 1000;

async function routeFor(host: string, env: Env): Promise<DispatchRoute | null> {
  const ttl = Number(env.ROUTE_CACHE_MS ?? 5000);
  const hit = cache.get(host);
  if (hit && Date.now() - hit.at < ttl) return hit.route;
  const { sql, params } = routeStatement(host, env.DISPATCH_DOMAIN, env.DISPATCH_NAMESPACE);
  const route = routeOfRow(await env.DB.prepare(sql).bind(...params).first());
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(host, { route, at: Date.now() });
  return route;
}

export default {
  async fetch(request, env) {
    const host = new URL(request.url).hostname;
    const route = await routeFor(host, env);
    if (!route || route.status === 'stopped') {
      return problemResponse(problem(NO_MOCK, route ? `The mock "${route.mock}" is stopped.` : 'No mock is deployed on this host.'));
    }
    let worker: Fetcher;
    try {
      worker = env.DISPATCHER.get(route.mock);
    } catch {
      // Registered but not (or no longer) in the namespace: a deploy or destroy in progress.
      return problemResponse(problem(NO_MOCK, `The mock "${route.mock}" has no Worker in the namespace.`));
    }
    return worker.fetch(request);
  },
} satisfies ExportedHandler<Env>;
