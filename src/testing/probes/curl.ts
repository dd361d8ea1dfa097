/** A request as a curl command line a developer can paste, with credentials redacted. */
import type { ProbeRequest } from './types';

export const REDACTED = '<redacted>';
/** Bodies longer than this are cut in the curl line (oversized-body probes). */
const MAX_CURL_BODY = 2048;

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function redactUrl(url: string, secretQuery: ReadonlySet<string>): string {
  const parsed = new URL(url);
  let changed = false;
  for (const name of [...parsed.searchParams.keys()]) {
    if (secretQuery.has(name)) {
      parsed.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? parsed.href : url;
}

export function toCurl(request: ProbeRequest, secrets: { headers: ReadonlySet<string>; query: ReadonlySet<string> }): string {
  const parts = ['curl', '-i', '-X', request.method, quote(redactUrl(request.url, secrets.query))];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push('-H', quote(`${name}: ${secrets.headers.has(name.toLowerCase()) ? REDACTED : value}`));
  }
  if (request.body !== undefined) {
    const body = request.body.length > MAX_CURL_BODY ? `${request.body.slice(0, MAX_CURL_BODY)}… (${request.body.length} characters in all)` : request.body;
    parts.push('--data-raw', quote(body));
  }
  return parts.join(' ');
}
