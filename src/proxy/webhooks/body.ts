/**
 * The body of a callback or webhook request the spec describes: its first valid example, else a
 * value synthesised from its schema (src/synth), as JSON when the media type is JSON-like.
 */
import type { JsonSchema, PlanRequestBody } from '../../plan';
import { synthesize } from '../../synth';

/** Bodies a mock sends at most (a given body is refused past it; a synthesised one too). */
export const MAX_DELIVERY_BODY = 256 * 1024;

export type BuiltBody = { ok: true; body: string | null; contentType: string | null } | { ok: false; error: string };

export function bodyFor(requestBody: PlanRequestBody | undefined, defs: Record<string, JsonSchema>, seed: string): BuiltBody {
  const media = requestBody?.contents.find((m) => isJson(m.mediaType)) ?? requestBody?.contents[0];
  if (media === undefined) return { ok: true, body: null, contentType: null };
  const contentType = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
  const example = media.examples.find((e) => e.valid);
  const value = example !== undefined ? example.value : media.schema !== undefined ? synthesize(media.schema, { seed, defs, direction: 'request' }) : undefined;
  if (value === undefined) return { ok: true, body: null, contentType: null };
  return sized(typeof value === 'string' && !isJson(contentType) ? value : JSON.stringify(value), contentType);
}

/** A body the caller gives (JSON value or text) with its content type. */
export function givenBody(value: unknown, contentType: string | undefined): BuiltBody {
  if (value === undefined) return { ok: true, body: null, contentType: null };
  const type = contentType ?? (typeof value === 'string' ? 'text/plain' : 'application/json');
  return sized(typeof value === 'string' ? value : JSON.stringify(value), type);
}

function sized(body: string, contentType: string): BuiltBody {
  const bytes = new TextEncoder().encode(body).byteLength;
  if (bytes > MAX_DELIVERY_BODY) return { ok: false, error: `the body would be ${bytes} bytes; at most ${MAX_DELIVERY_BODY} are sent` };
  return { ok: true, body, contentType };
}

function isJson(mediaType: string): boolean {
  return /(^application\/json$|\+json$|^\*\/\*$|^application\/\*$)/.test(mediaType.split(';')[0].trim());
}
