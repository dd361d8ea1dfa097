/**
 * Request bodies as the log keeps them: the values of fields named like secrets (see
 * secret-fields.ts) replaced by `[redacted]` in JSON (at any depth; a secret field's whole value,
 * object or not), form-urlencoded and multipart bodies. A body that does not parse (cut at the
 * storage cap, malformed) is scanned for `"name": value` pairs instead, so truncation leaks nothing.
 */
import { REDACTED, redactPairs } from './record';
import type { SecretFieldMatcher } from './secret-fields';

/** Redacts `text` (the body as stored) given its content type. Unchanged when nothing matches. */
export function redactBody(text: string, contentType: string | null, isSecret: SecretFieldMatcher): string {
  const type = (contentType ?? '').toLowerCase();
  // Escapes could spell a name the quick test cannot see; such bodies are always looked at.
  if (!isSecret.mayHold(text) && !text.includes('\\u') && !text.includes('%')) return text;
  if (type.includes('application/x-www-form-urlencoded')) return redactPairs(text, isSecret);
  if (type.startsWith('multipart/')) return redactMultipart(text, type, isSecret);
  const start = text.trimStart()[0];
  if (type.includes('json') || start === '{' || start === '[') return redactJson(text, isSecret);
  return redactLoose(text, isSecret);
}

function redactJson(text: string, isSecret: SecretFieldMatcher): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return redactLoose(text, isSecret);
  }
  // An explicit stack: a body nested 10,000 levels deep must not overflow the call stack.
  let changed = false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const object = node as Record<string, unknown>; // SAFETY: a non-array object from JSON.parse.
    for (const key of Object.keys(object)) {
      if (isSecret(key)) {
        Object.defineProperty(object, key, { value: REDACTED, writable: true, enumerable: true, configurable: true });
        changed = true;
      } else stack.push(object[key]);
    }
  }
  if (!changed) return text;
  try {
    return JSON.stringify(value);
  } catch {
    return redactLoose(text, isSecret);
  }
}

/** `"name": "value"` / `"name": 123` pairs and `<name>value</name>` elements in text that does not parse. */
const JSON_PAIR = /"((?:[^"\\]|\\.){1,200})"(\s*:\s*)("(?:[^"\\]|\\.)*"?|[-+\w.]+)/g;
const XML_ELEMENT = /<([A-Za-z_][\w.-]{0,100})(\s[^>]*)?>([^<]*)/g;

function redactLoose(text: string, isSecret: SecretFieldMatcher): string {
  return text
    .replace(JSON_PAIR, (whole, name: string, colon: string) => (isSecret(name) ? `"${name}"${colon}"${REDACTED}"` : whole))
    .replace(XML_ELEMENT, (whole, name: string, attributes: string | undefined) => (isSecret(name) ? `<${name}${attributes ?? ''}>${REDACTED}` : whole));
}

function redactMultipart(text: string, type: string, isSecret: SecretFieldMatcher): string {
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (boundary === undefined) return redactLoose(text, isSecret);
  const delimiter = `--${boundary}`;
  return text
    .split(delimiter)
    .map((part) => {
      const headEnd = part.indexOf('\r\n\r\n');
      if (headEnd < 0) return part;
      const name = /name="([^"]*)"/i.exec(part.slice(0, headEnd))?.[1];
      if (name === undefined || !isSecret(name)) return part;
      const bodyEnd = part.endsWith('\r\n') ? part.length - 2 : part.length;
      return `${part.slice(0, headEnd + 4)}${REDACTED}${part.slice(bodyEnd)}`;
    })
    .join(delimiter);
}
