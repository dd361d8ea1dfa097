/**
 * Fetching a document a caller named, where no DNS is at hand (a Worker): only http(s); a host
 * that is an IP literal is checked against the address policy and local names are refused, on the
 * first URL and on every redirect (followed by hand, at most `maxRedirects`); a deadline; a body
 * cap counted as it streams. Names that resolve inside are left to the platform: a deployed Worker
 * cannot reach private networks, and `global_fetch_strictly_public` refuses them in workerd. On the
 * local stack the MCP worker fetches through the Node side instead, which resolves and pins names.
 */
import { type AddressPolicy, addressRefusal, classifyAddress, isLocalName } from './address';
import { readResponseCapped } from './read-capped';

export interface GuardedFetchOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Why `url` may not be fetched, or `undefined`. */
export function urlRefusal(url: URL, policy: AddressPolicy): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are not fetched (only http and https)`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (classifyAddress(host) !== undefined) return addressRefusal(host, policy);
  if (isLocalName(host) && !policy.private && !(policy.loopback && /(^|\.)localhost$/i.test(host))) return `"${host}" names a local host`;
  return undefined;
}

/**
 * @example await guardedFetchText('https://api.example/openapi.json', { policy: PUBLIC_ONLY, timeoutMs: 30_000, maxBytes: 16 << 20, maxRedirects: 5 })
 */
export async function guardedFetchText(location: string, options: GuardedFetchOptions): Promise<string> {
  const get = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(location);
  try {
    for (let hop = 0; ; hop += 1) {
      const refused = urlRefusal(url, options.policy);
      if (refused) throw new Error(`${url.origin}${url.pathname}: ${refused}; refused`);
      const res = await get(url.href, { redirect: 'manual', signal, headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5' } });
      const next = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && next !== null) {
        await res.body?.cancel();
        if (hop >= options.maxRedirects) throw new Error(`${url.origin}${url.pathname}: more than ${options.maxRedirects} redirects`);
        url = new URL(next, url);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`GET ${url.origin}${url.pathname} answered ${res.status}`);
      }
      return await readCapped(res, options.maxBytes, url);
    }
  } catch (error) {
    if (signal.aborted) throw new Error(`${url.origin}${url.pathname}: no complete answer within ${options.timeoutMs / 1000} s`);
    throw error;
  }
}

async function readCapped(res: Response, maxBytes: number, url: URL): Promise<string> {
  const bytes = await readResponseCapped(res, maxBytes);
  if (bytes === null) throw new Error(`${url.origin}${url.pathname} is larger than ${maxBytes} bytes`);
  return new TextDecoder().decode(bytes);
}
