/**
 * A HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/) as exchanges a recording is
 * made from. (The log is exported as HAR by GET /api/export?format=har, src/logs/export.)
 */
import { z } from 'zod';
import type { MockPlan } from '../plan';
import type { Exchange } from './record';

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
