/**
 * Binds a route of the admin API contract (src/admin-api) to the Hono app: the method and path come
 * from the contract, and `answer` checks at compile time that what a handler sends is what the
 * contract (and so the OpenAPI document and the clients) says it sends.
 */
import type { Context, Hono } from 'hono';
import type { AdminRoute, ResponseOf } from '../../../src/admin-api';
import type { Env } from '../env';

export type AdminApp = Hono<{ Bindings: Env }>;
export type AdminContext = Context<{ Bindings: Env }>;

/**
 * @example
 * mount(app, core.getSettings, async (c) => answer(core.getSettings, await settingsOf(c.env)));
 * mount(app, logs.getLog, handler, { id: '[0-9A-Za-z]{1,64}' }); // a path parameter narrowed for the router
 */
export function mount(app: AdminApp, route: AdminRoute, handler: (c: AdminContext) => Response | Promise<Response>, patterns: Record<string, string> = {}): void {
  app.on(route.method.toUpperCase(), honoPath(route.path, patterns), handler);
}

/** `/api/sessions/{id}/end` → `/api/sessions/:id/end`, with a pattern when one is given (`:view{.+}`). */
export function honoPath(path: string, patterns: Record<string, string> = {}): string {
  return path.replace(/\{([^{}]+)\}/g, (_, name: string) => (patterns[name] === undefined ? `:${name}` : `:${name}{${patterns[name]}}`));
}

/** The JSON answer of a route, typed by its contract. */
export function answer<R extends AdminRoute, S extends keyof R['responses'] & string = '200'>(_route: R, body: ResponseOf<R, S>, status?: S, headers?: Record<string, string>): Response {
  return Response.json(body, { status: status === undefined ? 200 : Number(status), headers });
}

/** A path parameter of the matched route (always present: the router matched its template). */
export function pathParam(c: AdminContext, name: string): string {
  return c.req.param(name) ?? '';
}
