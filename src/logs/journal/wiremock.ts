/**
 * The request log in WireMock's JSON shapes (its LoggedRequest and ServeEvent), so clients and
 * scripts written against WireMock's journal read MockLoop's. Header names keep the case the log
 * stores (lower case); ids are the log's ULIDs.
 */
import type { StoredRequestLog } from '../record';
import type { JournalRequest } from './pattern';

export interface LoggedRequest {
  id: string;
  url: string;
  absoluteUrl: string;
  method: string;
  clientIp: string | null;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  browserProxyRequest: false;
  loggedDate: number;
  loggedDateString: string;
  body: string;
  bodyAsBase64: string;
  queryParams: Record<string, { key: string; values: string[] }>;
}

export interface ServeEvent {
  id: string;
  request: LoggedRequest;
  responseDefinition: { status: number; body?: string };
  response: { status: number; headers: Record<string, string>; body?: string };
  wasMatched: boolean;
  timing: { totalTime: number; serveTime: number };
}

/** What a LoggedRequest is made of: the request side of a log record. */
export type JournalRow = Pick<StoredRequestLog, 'id' | 'ts' | 'method' | 'path' | 'query' | 'requestHeaders' | 'requestBody' | 'clientAddress'>;

export function journalRequestOf(log: JournalRow): JournalRequest {
  return { method: log.method, path: log.path, query: log.query, headers: log.requestHeaders, body: log.requestBody };
}

/** `origin` is the mock's public origin (absoluteUrl). */
export function loggedRequest(log: JournalRow, origin: string): LoggedRequest {
  const url = log.query === '' ? log.path : `${log.path}?${log.query}`;
  const queryParams: LoggedRequest['queryParams'] = {};
  for (const [key, value] of new URLSearchParams(log.query)) {
    queryParams[key] ??= { key, values: [] };
    queryParams[key].values.push(value);
  }
  const body = log.requestBody ?? '';
  return {
    id: log.id,
    url,
    absoluteUrl: origin + url,
    method: log.method,
    clientIp: log.clientAddress,
    headers: log.requestHeaders,
    cookies: cookiesOf(log.requestHeaders.cookie),
    browserProxyRequest: false,
    loggedDate: log.ts,
    loggedDateString: new Date(log.ts).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    body,
    bodyAsBase64: base64(body),
    queryParams,
  };
}

export function serveEvent(log: StoredRequestLog, origin: string): ServeEvent {
  const body = log.responseBody ?? undefined;
  return {
    id: log.id,
    request: loggedRequest(log, origin),
    responseDefinition: { status: log.status, ...(body === undefined ? {} : { body }) },
    response: { status: log.status, headers: log.responseHeaders, ...(body === undefined ? {} : { body }) },
    // Every request reaching a mock is answered from the spec: "matched" means an operation served it.
    wasMatched: log.operationId !== null,
    timing: { totalTime: log.latencyMs, serveTime: log.latencyMs },
  };
}

function cookiesOf(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
