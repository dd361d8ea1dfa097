/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the log as HAR for browsers and other
 * tools, and a HAR file as exchanges a recording is made from. What is exported is the log row,
 * already redacted when it was written: no credential reaches a HAR file.
 */
import { z } from 'zod';
import type { MockPlan } from '../plan';
import type { Exchange } from './record';

export interface HarSource {
  ts: number;
  method: string;
  path: string;
  query: string;
  status: number;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  requestBodySize: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  responseBodySize: number;
  latencyMs: number;
}

const pairs = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));

/** `rows` oldest first; `origin` prefixes paths into URLs (`http://127.0.0.1:3000`). */
export function toHar(rows: HarSource[], origin: string, version: string) {
  return {
    log: {
      version: '1.2' as const,
      creator: { name: 'mockloop', version },
      entries: rows.map((row) => {
        const query = new URLSearchParams(row.query);
        const requestType = row.requestHeaders['content-type'] ?? 'application/octet-stream';
        const responseType = row.responseHeaders['content-type'] ?? '';
        return {
          startedDateTime: new Date(row.ts).toISOString(),
          time: row.latencyMs,
          request: {
            method: row.method,
            url: `${origin}${row.path}${row.query === '' ? '' : `?${row.query}`}`,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: pairs(row.requestHeaders),
            queryString: [...query].map(([name, value]) => ({ name, value })),
            ...(row.requestBody === null ? {} : { postData: { mimeType: requestType, text: row.requestBody } }),
            headersSize: -1,
            bodySize: row.requestBodySize,
          },
          response: {
            status: row.status,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: pairs(row.responseHeaders),
            content: { size: row.responseBodySize, mimeType: responseType, ...(row.responseBody === null ? {} : { text: row.responseBody }) },
            redirectURL: row.responseHeaders.location ?? '',
            headersSize: -1,
            bodySize: row.responseBodySize,
          },
          cache: {},
          timings: { send: 0, wait: row.latencyMs, receive: 0 },
        };
      }),
    },
  };
}

const nameValue = z.object({ name: z.string(), value: z.string() });

/** What an import reads of a HAR file (other fields are allowed and ignored). */
export const harSchema = z.object({
  log: z.object({
    entries: z
      .array(
        z.object({
          time: z.number().optional(),
          request: z.object({ method: z.string().max(16), url: z.string().max(8192) }),
          response: z.object({
            status: z.number().int().min(100).max(599),
            headers: z.array(nameValue).max(200).default([]),
            content: z.object({ text: z.string().optional(), encoding: z.string().optional(), size: z.number().optional() }).default({}),
          }),
        }),
      )
      .max(5000),
  }),
});

export type Har = z.output<typeof harSchema>;

/** HAR entries as exchanges, each routed to the plan's operation by method and path template. */
export function exchangesFromHar(har: Har, plan: MockPlan): Exchange[] {
  const matchers = plan.operations.map((op) => ({
    op,
    regex: new RegExp(`^${escapeRegex(plan.basePath)}${op.path.split(/\{[^}]+\}/).map(escapeRegex).join('[^/]+')}$`),
  }));
  return har.log.entries.map((entry) => {
    let path = '/';
    let query = '';
    try {
      const url = new URL(entry.request.url);
      path = url.pathname;
      query = url.search.replace(/^\?/, '');
    } catch {
      path = entry.request.url.split('?')[0];
    }
    const method = entry.request.method.toLowerCase();
    const op = matchers.find((m) => m.op.method === method && m.regex.test(path))?.op;
    const text = entry.response.content.text ?? null;
    const body = text !== null && entry.response.content.encoding === 'base64' ? null : text;
    const headers: Record<string, string> = {};
    for (const h of entry.response.headers) headers[h.name.toLowerCase()] = h.value;
    return {
      method: entry.request.method.toUpperCase(),
      path,
      query,
      operationId: op?.id ?? null,
      status: entry.response.status,
      responseHeaders: headers,
      responseBody: body,
      responseBodySize: body === null ? 0 : new TextEncoder().encode(body).byteLength,
      upstreamMs: entry.time ?? null,
    };
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
