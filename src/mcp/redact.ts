/**
 * Arguments as the audit log keeps them: secrets by key name or by value replaced, long strings
 * (a whole spec in `spec_text`) cut to a bounded excerpt, so the log stays small and safe.
 */

const SECRET_KEY = /(token|secret|password|passwd|authorization|api[-_]?key|cookie|credential|private[-_]?key)/i;
export const REDACTED = '[redacted]';
const MAX_STRING = 512;
const MAX_DEPTH = 8;

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
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : walk(item, secrets, depth + 1);
  return out;
}

function cleanString(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  clean = clean.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`);
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}… [${clean.length} characters]` : clean;
}
