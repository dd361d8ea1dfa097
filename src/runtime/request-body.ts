/**
 * Reads a request body for validation: picks the declared media type that matches the request's
 * Content-Type and parses JSON, form-urlencoded and multipart bodies into values.
 */
import type { PlanMedia } from '../plan';

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'unsupported'; contentType: string }
  | { kind: 'malformed'; media: PlanMedia; message: string }
  | { kind: 'value'; media: PlanMedia; value: unknown }
  | { kind: 'opaque'; media: PlanMedia };

function essence(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** The declared media type matching a Content-Type: exact first, then `type/*`, then `*\/*`. */
export function matchMedia(contents: readonly PlanMedia[], contentType: string): PlanMedia | undefined {
  const want = essence(contentType);
  const type = want.split('/')[0];
  return (
    contents.find((m) => essence(m.mediaType) === want) ??
    contents.find((m) => essence(m.mediaType) === `${type}/*`) ??
    contents.find((m) => essence(m.mediaType) === '*/*')
  );
}

export async function parseBody(contents: readonly PlanMedia[], contentType: string | null, body: Uint8Array | null): Promise<ParsedBody> {
  const empty = body === null || body.byteLength === 0;
  if (empty) return { kind: 'none' };
  if (contents.length === 0) return { kind: 'none' };
  const media = matchMedia(contents, contentType ?? '');
  if (!media) return { kind: 'unsupported', contentType: contentType ?? '(none)' };
  const type = essence(contentType ?? media.mediaType);
  if (type === 'application/json' || type.endsWith('+json')) {
    const text = new TextDecoder().decode(body);
    try {
      return { kind: 'value', media, value: JSON.parse(text) };
    } catch (error) {
      return { kind: 'malformed', media, message: error instanceof Error ? error.message : 'invalid JSON' };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'value', media, value: formToObject(new URLSearchParams(new TextDecoder().decode(body))) };
  }
  if (type === 'multipart/form-data') {
    try {
      // SAFETY: the web Response parses multipart bodies in both workerd and Node; the body is our own bytes.
      const form = await new Response(body as BodyInit, { headers: { 'content-type': contentType ?? '' } }).formData();
      const entries: Array<[string, string]> = [];
      form.forEach((value, key) => {
        entries.push([key, typeof value === 'string' ? value : (value as File).name || 'file']);
      });
      return { kind: 'value', media, value: formToObject(entries) };
    } catch (error) {
      return { kind: 'malformed', media, message: error instanceof Error ? error.message : 'invalid multipart body' };
    }
  }
  if (type.startsWith('text/')) return { kind: 'value', media, value: new TextDecoder().decode(body) };
  return { kind: 'opaque', media };
}

/** Repeated keys become arrays; the schema-aware coercion happens later. */
function formToObject(entries: Iterable<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}
