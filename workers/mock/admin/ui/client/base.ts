/**
 * The path the admin page lives under: '' on an admin origin of its own, `/__mockloop` when the
 * admin surface shares the mock's host (deployed without an admin hostname). The server names it in
 * <meta name="mockloop-base">; every link, navigation and API call of the page goes through here.
 */
export const BASE = document.querySelector('meta[name="mockloop-base"]')?.getAttribute('content') ?? '';

/** `/ui/x` → `/__mockloop/ui/x`; a path already under the base, or not absolute, is left as it is. */
export function withBase(path: string): string {
  if (BASE === '' || !path.startsWith('/') || path.startsWith('//') || path === BASE || path.startsWith(`${BASE}/`)) return path;
  return BASE + path;
}

/** `/__mockloop/ui/x` → `/ui/x`. */
export function withoutBase(pathname: string): string {
  if (BASE === '') return pathname;
  if (pathname === BASE) return '/';
  return pathname.startsWith(`${BASE}/`) ? pathname.slice(BASE.length) : pathname;
}
