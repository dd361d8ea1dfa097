/**
 * Reads a request body for validation: picks the declared media type that matches the request's
 * Content-Type and parses JSON, form-urlencoded and multipart bodies into values.
 */
import type { FormRules, PlanMedia } from '../plan';

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'unsupported'; contentType: string }
  | { kind: 'malformed'; media: PlanMedia; message: string }
  | { kind: 'value'; media: PlanMedia; value: unknown; formViolations?: FormViolation[] }
  | { kind: 'opaque'; media: PlanMedia };

/** A form field that breaks its media type's FormRules (see src/plan/types.ts). */
export interface FormViolation {
  field: string;
  rule: 'non-empty' | 'encoded';
}

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
    const text = new TextDecoder().decode(body);
    const value = formToObject(new URLSearchParams(text));
    return media.form ? { kind: 'value', media, value, formViolations: formViolations(text, media.form) } : { kind: 'value', media, value };
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

/** RFC 3986 reserved characters but `&` (the field separator) and `+` (a space in a form). */
const RAW_RESERVED = /[:/?#[\]@!$'()*,;=]/;

/** Checks the raw `name=value` pairs: an empty value where one is forbidden, reserved characters left unencoded. */
function formViolations(text: string, rules: FormRules): FormViolation[] {
  const out: FormViolation[] = [];
  if (rules.nonEmpty.length + rules.encoded.length === 0) return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let field: string;
    try {
      field = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    if (rawValue === '' && rules.nonEmpty.includes(field)) out.push({ field, rule: 'non-empty' });
    if (rules.encoded.includes(field) && RAW_RESERVED.test(rawValue)) out.push({ field, rule: 'encoded' });
    if (out.length >= 20) break;
  }
  return out;
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
