/**
 * Cookie header parsing that tolerates what real clients send: stray spaces around `;` and `=`,
 * empty pieces, pieces without `=`, and values wrapped in double quotes (RFC 6265 allows them).
 */
import type { FormPair } from './deserialize';

/**
 * Splits a Cookie header into pairs in header order; values stay percent-encoded (the
 * parameter's style decides where to split before decoding) but lose their surrounding quotes.
 * @example parseCookies('a=1; b="x y"') // [{ key: 'a', raw: '1' }, { key: 'b', raw: 'x y' }]
 */
export function parseCookies(header: string | undefined): FormPair[] {
  const pairs: FormPair[] = [];
  if (!header) return pairs;
  for (const piece of header.split(';')) {
    const eq = piece.indexOf('=');
    // A piece without `=` is not a name=value cookie; browsers send such pieces rarely and ambiguously.
    if (eq === -1) continue;
    const key = piece.slice(0, eq).trim();
    if (key === '') continue;
    pairs.push({ key, raw: unquote(piece.slice(eq + 1).trim()) });
  }
  return pairs;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
