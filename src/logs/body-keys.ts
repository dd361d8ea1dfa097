/**
 * Content keys of logged response bodies: a long body is stored once, under the SHA-256 of its
 * text (see src/db/logs.ts). A mock sends the same static body again and again, usually as the
 * very same string, so keys are memoised by text; the memo is small and starts over when full.
 */
export type BodyKeys = (text: string) => Promise<string>;

/**
 * @example
 * const keys = createBodyKeys();
 * await keys('{"items":[]}'); // 'mL3b…' (43 characters, base64url)
 */
export function createBodyKeys(memoSize = 128): BodyKeys {
  const memo = new Map<string, string>();
  return async (text) => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    const key = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    if (memo.size >= memoSize) memo.clear();
    memo.set(text, key);
    return key;
  };
}
