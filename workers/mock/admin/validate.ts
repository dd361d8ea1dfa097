/** zod at the admin boundary: a query string or JSON body, or the problem+json response naming each bad field. */
import type { z } from 'zod';
import { readTextCapped } from '../read-body';
import { ADMIN_BAD_REQUEST, ADMIN_INVALID, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';

export function parseQuery<T extends z.ZodType>(schema: T, request: Request): z.infer<T> | Response {
  const url = new URL(request.url);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', [{ location: `query/${name}`, message: 'given more than once; use one comma-separated value' }]);
    query[name] = value;
  }
  const parsed = schema.safeParse(query);
  if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
  return parsed.data;
}

/** An absent or empty body reads as `{}`. */
export async function parseJsonBody<T extends z.ZodType>(schema: T, request: Request, maxBytes = 64 * 1024): Promise<z.infer<T> | Response> {
  const read = await readTextCapped(request, maxBytes);
  if (!read.ok) return problemResponse(ADMIN_TOO_LARGE, `Bodies up to ${maxBytes} bytes are accepted.`);
  const text = read.text;
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      return problemResponse(ADMIN_BAD_REQUEST, `The body is not JSON: ${error instanceof Error ? error.message : error}`, [{ location: 'body', message: 'not JSON' }]);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not valid.', zodItems(parsed.error, 'body'));
  return parsed.data;
}
