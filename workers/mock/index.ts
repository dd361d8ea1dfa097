/**
 * Mock worker entry. The default export serves the mock origin (or, deployed, the admin origin
 * when the request's host is ADMIN_HOST); the `Admin` entrypoint serves the admin origin on its
 * own socket locally.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import { createAdminApp } from './admin/app';
import { markPrefixed } from './admin-prefix';
import type { Env } from './env';
import { handleMockRequest } from './mock-origin';

const admin = createAdminApp();

export { MockState } from './mock-state';

export default {
  fetch(request, env, ctx) {
    if (env.ADMIN_HOST && hostnameOf(request.url) === env.ADMIN_HOST) return admin.fetch(request, env, ctx);
    if (env.ADMIN_PATH_PREFIX && hostnameOf(request.url) !== null) {
      const adminRequest = underPrefix(request, env.ADMIN_PATH_PREFIX);
      if (adminRequest) return admin.fetch(markPrefixed(adminRequest), env, ctx);
    }
    return handleMockRequest(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;

export class Admin extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> | Response {
    return admin.fetch(request, this.env, this.ctx);
  }
}

/** Locally a mock socket may hand over a bare path or `*` (see request-target.ts). */
function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** The request with `prefix` taken off its path when the path is the prefix or below it; else null. */
function underPrefix(request: Request, prefix: string): Request | null {
  const url = new URL(request.url);
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return null;
  url.pathname = url.pathname.slice(prefix.length) || '/';
  return new Request(url, request);
}
