/**
 * Which names of request fields carry secrets, for the log: a name matches when, lower-cased and
 * without `-`, `_`, `.` and spaces, it contains one of the terms (`newPassword`, `client_secret`,
 * `X-Refresh-Token`, `api-key`). Matching by part errs on the side of hiding: `token_type` is
 * hidden too. The list is configurable per mock (`LOG_REDACT_FIELDS`), on by default.
 */

export const DEFAULT_SECRET_FIELDS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'authorization',
  'private_key',
  'credential',
  'otp',
];

export interface SecretFieldMatcher {
  /** Whether a field, parameter or header of this name holds a secret. */
  (name: string): boolean;
  /** A quick test of a whole text: false means no name in it can match, so it needs no parsing. */
  mayHold(text: string): boolean;
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, '');

/**
 * Reads `LOG_REDACT_FIELDS`: unset → the default list; `none` → no field names (the credential
 * headers and the spec's apiKey names are still redacted); otherwise a comma-separated list that
 * replaces the default (`+name,…` adds to it).
 */
export function secretFieldList(setting: string | undefined): string[] {
  if (setting === undefined || setting.trim() === '') return [...DEFAULT_SECRET_FIELDS];
  if (setting.trim().toLowerCase() === 'none') return [];
  const extra = setting.trim().startsWith('+');
  const names = setting
    .replace(/^\s*\+/, '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return extra ? [...DEFAULT_SECRET_FIELDS, ...names] : names;
}

/**
 * @example createSecretFieldMatcher(DEFAULT_SECRET_FIELDS)('client_secret') // true
 */
export function createSecretFieldMatcher(fields: readonly string[]): SecretFieldMatcher {
  const terms = [...new Set(fields.map(normalise).filter(Boolean))];
  const seen = new Map<string, boolean>();
  // Each term with an optional separator between its letters: one linear scan of the text.
  const escapeChar = (char: string) => char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const any = terms.length === 0 ? null : new RegExp(terms.map((term) => [...term].map(escapeChar).join('[-_.\\s]?')).join('|'), 'i');
  const matches = Object.assign(
    (name: string): boolean => {
      let known = seen.get(name);
      if (known === undefined) {
        const plain = normalise(name);
        known = terms.some((term) => plain.includes(term));
        if (seen.size < 2000) seen.set(name, known);
      }
      return known;
    },
    { mayHold: (text: string) => any?.test(text) === true },
  );
  return matches;
}
