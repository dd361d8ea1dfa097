/**
 * The base path a mock serves under: the path of the first server URL (OpenAPI 3) — with server
 * variables replaced by their defaults — or Swagger's basePath, which the upgrader has moved into
 * `servers`. `''` when there is none or it is `/`.
 */
export function basePathOf(servers: unknown): string {
  if (!Array.isArray(servers) || servers.length === 0) return '';
  const first = servers[0] as { url?: unknown; variables?: Record<string, { default?: unknown }> };
  if (typeof first?.url !== 'string') return '';
  const url = first.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = first.variables?.[name]?.default;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });
  let path: string;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url);
  if (scheme) path = url.slice(scheme[0].length);
  else if (url.startsWith('//')) path = url.replace(/^\/\/[^/]*/, '');
  else path = url.startsWith('/') ? url : `/${url}`;
  path = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path === '/' ? '' : path;
}
