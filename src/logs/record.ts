/**
 * The request-log record: what one exchange with a mock origin leaves behind. Built by the mock
 * worker after it answered; written to D1 in batches by the log writer.
 */

export interface RequestLogRecord {
  /** ULID: sorts by time. */
  id: string;
  mock: string;
  planVersion: string;
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  method: string;
  path: string;
  operationId: string | null;
  /** The raw query string, without `?`. */
  query: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  requestBodySize: number;
  status: number;
  responseHeaders: Record<string, string>;
  /**
   * responseHeaders as JSON with X-Correlation-Id null, when the worker already has it (a static
   * response): the writer stores that template once instead of making it again for every row.
   */
  responseHeadersTemplate?: string | null;
  responseBody: string | null;
  responseBodySize: number;
  latencyMs: number;
  clientAddress: string | null;
  userAgent: string | null;
  sessionId: string | null;
  correlationId: string;
  validationErrors: unknown[] | null;
}

/** Bodies are kept up to this many characters; the size column keeps the real byte count. */
export const BODY_CAP = 16 * 1024;

export const REDACTED = '[redacted]';

/** Header names that always carry credentials. */
const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']);

/**
 * Copies headers into a plain object with credentials replaced by `[redacted]`: the usual
 * credential headers plus any header the plan declares as an apiKey.
 */
export function redactHeaders(headers: Iterable<[string, string]>, secretNames: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    out[lower] = ALWAYS_SECRET.has(lower) || secretNames.has(lower) ? REDACTED : value;
  }
  return out;
}

/** Replaces the values of secret query parameters (apiKey in query) with `[redacted]`. */
export function redactQuery(query: string, secretNames: ReadonlySet<string>): string {
  if (query === '' || secretNames.size === 0) return query;
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return secretNames.has(safeDecode(name).toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Caps a body for storage; binary bodies are described rather than stored. */
export function capBody(text: string | null): string | null {
  if (text === null) return null;
  return text.length > BODY_CAP ? text.slice(0, BODY_CAP) : text;
}

/** A record as it is read back from the log: headers as objects (the shared template filled in), violations parsed. */
export interface StoredRequestLog extends Omit<RequestLogRecord, 'requestHeaders' | 'responseHeaders' | 'responseHeadersTemplate' | 'validationErrors'> {
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  validationErrors: unknown[] | null;
}
