/**
 * Fetching a spec (or a document one of its `$ref`s names) over http(s) from Node, for a caller
 * who may be hostile: every hop's host is resolved here, each address is checked against the
 * address policy, and the connection goes to the checked address (so a DNS answer cannot change
 * between the check and the connect). Redirects are followed by hand, each one checked, at most
 * `maxRedirects`; the whole fetch has a deadline and the body a byte cap, counted as it streams.
 */
import { lookup } from 'node:dns/promises';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { type AddressPolicy, addressRefusal, isLocalName } from '../src/net';

export interface FetchLimits {
  /** Deadline of the whole fetch, redirects included. */
  timeoutMs: number;
  /** Largest body accepted (decoded bytes). */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024, maxRedirects: 5 };

export interface NetworkAccess {
  policy: AddressPolicy;
  /** Origins fetched whatever their address: the URL the operator typed on the command line. */
  trustedOrigins?: readonly string[];
  /** Name resolution (default: the system's, `dns.lookup` with every address). */
  resolve?: (host: string) => Promise<Array<{ address: string; family: number }>>;
}

/** A URL as messages show it: no user name or password, no query (either may hold a credential). */
export function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * @example await fetchSpecText('https://petstore3.swagger.io/api/v3/openapi.json', { policy: PUBLIC_ONLY })
 */
export async function fetchSpecText(location: string, access: NetworkAccess, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = new URL(location);
  for (let hop = 0; ; hop += 1) {
    const res = await withDeadline(open(url, access, signal), signal, url, limits);
    const status = res.statusCode ?? 0;
    const next = res.headers.location;
    if (status >= 300 && status < 400 && next !== undefined) {
      res.resume();
      if (hop >= limits.maxRedirects) throw new Error(`${shownUrl(url)}: more than ${limits.maxRedirects} redirects`);
      url = new URL(next, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new Error(`GET ${shownUrl(url)} answered ${status}`);
    }
    return withDeadline(readCapped(res, limits.maxBytes, url), signal, url, limits);
  }
}

async function open(url: URL, access: NetworkAccess, signal: AbortSignal): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.protocol} URLs are not fetched (only http and https)`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const trusted = access.trustedOrigins?.includes(url.origin) ?? false;
  let address = host;
  let family = isIP(host);
  if (family === 0) {
    if (!trusted && isLocalName(host) && !(access.policy.private || (access.policy.loopback && /(^|\.)localhost\.?$/i.test(host)))) {
      throw new Error(`${shownUrl(url)}: "${host}" names a local host; spec URLs must be public unless the operator allows more (--allow-loopback-specs, --allow-private-specs)`);
    }
    const found = await (access.resolve ?? ((name: string) => lookup(name, { all: true, verbatim: true })))(host);
    if (found.length === 0) throw new Error(`${shownUrl(url)}: "${host}" does not resolve`);
    if (!trusted) {
      // Every address the name has must pass: a name that also points inside is refused.
      for (const entry of found) {
        const refused = addressRefusal(entry.address, access.policy);
        if (refused) throw new Error(`${shownUrl(url)}: "${host}" resolves to ${refused}; refused${hint(refused)}`);
      }
    }
    ({ address, family } = found[0]);
  } else if (!trusted) {
    const refused = addressRefusal(host, access.policy);
    if (refused) throw new Error(`${shownUrl(url)}: ${refused}; refused${hint(refused)}`);
  }
  // The connection goes to the address checked above, never to a second DNS answer.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      url.href,
      { method: 'GET', lookup: pinned, signal, headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'mockloop-spec-fetch' } },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage, maxBytes: number, url: URL): Promise<string> {
  const declared = Number(res.headers['content-length']);
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' && declared > maxBytes) {
    res.destroy();
    throw new Error(`${shownUrl(url)} is larger than ${maxBytes} bytes`);
  }
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  const stream = decoder ? res.pipe(decoder) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      // SAFETY: http and zlib streams yield Buffers.
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > maxBytes) throw new Error(`${shownUrl(url)} is larger than ${maxBytes} bytes`);
      chunks.push(buffer);
    }
  } finally {
    res.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Rejects with a clear message when the deadline passes first (DNS lookups cannot be aborted). */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal, url: URL, limits: FetchLimits): Promise<T> {
  const message = `${shownUrl(url)}: no complete answer within ${limits.timeoutMs / 1000} s`;
  if (signal.aborted) return Promise.reject(new Error(message));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(message));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? new Error(message) : error);
      },
    );
  });
}

/** Which flag would allow an address, when one would. */
function hint(refusal: string): string {
  if (refusal.includes('loopback')) return ' (the operator can allow loopback with --allow-loopback-specs)';
  if (refusal.includes('private-network')) return ' (the operator can allow private networks with --allow-private-specs)';
  return '';
}
