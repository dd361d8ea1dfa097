/**
 * The request target in each form HTTP/1.1 allows. Locally the mock socket runs in workerd's
 * proxy style, which hands the worker the target as the client sent it: origin-form (`/v1/books`),
 * absolute-form (`http://host/v1/books`, routed by its path whatever the host) or asterisk-form
 * (`*`, which names no resource). Deployed, Cloudflare always gives an absolute URL.
 */
import { type RequestTarget, splitRequestUrl } from '../../src/runtime';

export type ParsedTarget = { form: 'path'; target: RequestTarget } | { form: 'asterisk' } | { form: 'invalid'; detail: string };

export function parseRequestTarget(url: string): ParsedTarget {
  if (url === '*') return { form: 'asterisk' };
  try {
    // Origin-form is resolved against a placeholder origin so dot segments and escapes are handled as usual.
    return { form: 'path', target: splitRequestUrl(url.startsWith('/') ? `http://mock${url}` : url) };
  } catch {
    return { form: 'invalid', detail: 'The request target is neither a path, an absolute http(s) URL nor *.' };
  }
}
