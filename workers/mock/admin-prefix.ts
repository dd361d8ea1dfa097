/**
 * Admin requests that arrived under ADMIN_PATH_PREFIX on the mock's own host (index.ts strips the
 * prefix): the admin page then writes its links, assets and API calls below that prefix.
 */
const prefixed = new WeakSet<Request>();

export function markPrefixed(request: Request): Request {
  prefixed.add(request);
  return request;
}

/** The prefix this request came under ('' for an admin origin of its own); only a plain path segment is honoured. */
export function adminBaseOf(request: Request, prefix: string | undefined): string {
  return prefix !== undefined && prefixed.has(request) && /^\/[A-Za-z0-9._~-]{1,64}$/.test(prefix) ? prefix : '';
}
