/** A logged request as a curl command, to send it again from a terminal. */
import type { LogEntry } from './types';

/** Headers curl sets itself, or that describe the old connection rather than the request. */
const SKIP = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'cf-connecting-ip', 'cf-ray', 'cf-visitor', 'cf-ipcountry', 'x-forwarded-for', 'x-forwarded-proto', 'x-real-ip']);
const REDACTED = '[redacted]';

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface CurlCommand {
  command: string;
  /** Headers whose values the log redacted: left out of the command. */
  redacted: string[];
}

export function curlOf(r: LogEntry): CurlCommand {
  const headers = r.requestHeaders ?? {};
  const host = headers.host ?? 'localhost';
  const scheme = headers['x-forwarded-proto'] ?? (/^(localhost|127\.|\[::1\])/.test(host) ? 'http' : 'https');
  const parts = ['curl'];
  if (r.method !== 'GET') parts.push('-X', r.method);
  parts.push(quote(`${scheme}://${host}${r.path}${r.query ? `?${r.query}` : ''}`));
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (SKIP.has(name)) continue;
    if (value === REDACTED) {
      redacted.push(name);
      continue;
    }
    parts.push('-H', quote(`${name}: ${value}`));
  }
  if (r.requestBody !== null && r.requestBody !== '') parts.push('--data-raw', quote(r.requestBody));
  return { command: parts.join(' '), redacted };
}
