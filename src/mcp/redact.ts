/**
 * Arguments as the audit log keeps them: secrets by key name or by value replaced, long strings
 * (a whole spec in `spec_text`) cut to a bounded excerpt, so the log stays small and safe. Key
 * names match as the request log's do (src/logs/secret-fields: `client_secret`, `X-Api-Key`,
 * `newPassword`), plus cookies.
 */
import { createSecretFieldMatcher, DEFAULT_SECRET_FIELDS } from '../logs/secret-fields';

const isSecretKey = createSecretFieldMatcher([...DEFAULT_SECRET_FIELDS, 'cookie']);
export const REDACTED = '[redacted]';
const MAX_STRING = 512;
const MAX_DEPTH = 8;
const MAX_KEYS = 50;
/** The whole record stays small, so a page of the audit log fits in one tool result. */
export const MAX_AUDIT_ARGUMENTS_CHARS = 1500;

/**
 * @example
 * redactArguments({ name: 'shop', admin_token: 'abc' }, []); // { name: 'shop', admin_token: '[redacted]' }
 */
export function redactArguments(value: unknown, secrets: readonly string[]): unknown {
  const known = secrets.filter((s) => s.length >= 8);
  return walk(value, known, 0);
}

function walk(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return cleanString(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((item) => walk(item, secrets, depth + 1));
    return value.length > 50 ? [...items, `[${value.length - 50} more items]`] : items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [key, item] of entries.slice(0, MAX_KEYS)) out[key] = isSecretKey(key) ? REDACTED : walk(item, secrets, depth + 1);
  if (entries.length > MAX_KEYS) out['[more keys]'] = entries.length - MAX_KEYS;
  return out;
}

/**
 * The redacted arguments as the JSON the audit log stores: cut, when still too long, to an
 * excerpt that is itself valid JSON (a string under "[truncated]").
 */
export function auditArguments(value: unknown, secrets: readonly string[]): string {
  const json = JSON.stringify(redactArguments(value, secrets));
  return json.length <= MAX_AUDIT_ARGUMENTS_CHARS ? json : JSON.stringify({ '[truncated]': json.slice(0, MAX_AUDIT_ARGUMENTS_CHARS - 100), chars: json.length });
}

function cleanString(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  clean = clean.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`);
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}… [${clean.length} characters]` : clean;
}

/** Text with every known secret (8+ characters) replaced: for the error an audit entry keeps, which may quote an argument. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 8 && clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  return clean;
}
