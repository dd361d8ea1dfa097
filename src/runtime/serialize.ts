/** Turns a response value into the bytes of a media type. */
import type { JsonSchema } from '../plan';
import { isJsonMediaType } from './negotiate';

/** A 1×1 transparent PNG, so an `image/png` response is a real image. */
const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);
/** A minimal valid GIF, reused for other image types that browsers sniff. */
const GIF_1X1 = Uint8Array.from(atob('R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs='), (c) => c.charCodeAt(0));

export function serializeBody(value: unknown, mediaType: string, schema: JsonSchema | undefined): string | Uint8Array {
  const type = mediaType.split(';')[0].trim().toLowerCase();
  if (isJsonMediaType(type)) return JSON.stringify(value);
  if (type.endsWith('/xml') || type.endsWith('+xml')) return toXml(value, xmlName(schema) ?? 'root');
  if (type === 'application/x-www-form-urlencoded') return toForm(value);
  if (type.startsWith('text/')) return typeof value === 'string' ? value : JSON.stringify(value);
  if (type === 'image/png') return typeof value === 'string' && value.length > 0 && !isPlaceholderBinary(value) ? encode(value) : PNG_1X1;
  if (type.startsWith('image/')) return GIF_1X1;
  if (typeof value === 'string') return encode(value);
  return JSON.stringify(value);
}

/** An author's example: a string example of an XML media type is the document itself, sent verbatim (as Prism does). */
export function serializeExample(value: unknown, mediaType: string, schema: JsonSchema | undefined): string | Uint8Array {
  const type = mediaType.split(';')[0].trim().toLowerCase();
  if (typeof value === 'string' && (type.endsWith('/xml') || type.endsWith('+xml'))) return value;
  return serializeBody(value, mediaType, schema);
}

function isPlaceholderBinary(text: string): boolean {
  return !text.startsWith('\u0089PNG');
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function xmlName(schema: JsonSchema | undefined): string | undefined {
  if (schema === undefined || typeof schema === 'boolean') return undefined;
  const xml = schema.xml as { name?: unknown } | undefined;
  return typeof xml?.name === 'string' ? xml.name : undefined;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

function toXml(value: unknown, name: string, depth = 0): string {
  const tag = name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'item';
  if (depth > 32) return `<${tag}/>`;
  if (Array.isArray(value)) return value.map((item) => toXml(item, tag, depth + 1)).join('');
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => toXml(v, k, depth + 1)).join('');
    return depth === 0 ? `<?xml version="1.0" encoding="UTF-8"?><${tag}>${inner}</${tag}>` : `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${escapeXml(value === null || value === undefined ? '' : String(value))}</${tag}>`;
}

function toForm(value: unknown): string {
  const params = new URLSearchParams();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (Array.isArray(v)) for (const item of v) params.append(k, scalar(item));
      else params.append(k, scalar(v));
    }
  }
  return params.toString();
}

function scalar(value: unknown): string {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
}
