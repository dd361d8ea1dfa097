/**
 * The raw path and query of a request URL, exactly as `new URL(url)` gives them (`pathname`, and
 * `search` without its `?`). Workerd hands the worker the request target nearly as the client sent
 * it, and the WHATWG parser then percent-encodes some characters, resolves dot segments and turns
 * `\` into `/`. A URL made only of characters the parser leaves alone, with no dot segment, is cut
 * up directly; anything else goes through `URL` (a full parse per request is a measurable share of
 * a mock's time).
 */

/** Characters the URL parser copies unchanged into an http(s) path or query. */
const PLAIN = /^[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;

export interface RequestTarget {
  path: string;
  query: string;
}

export function splitRequestUrl(url: string): RequestTarget {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
  if (start >= 0) {
    const target = url.slice(start);
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    if (PLAIN.test(target) && !path.includes('/.') && !/%2e/i.test(path)) return { path, query: q < 0 ? '' : target.slice(q + 1) };
  }
  const parsed = new URL(url);
  return { path: parsed.pathname, query: parsed.search.length > 1 ? parsed.search.slice(1) : '' };
}
