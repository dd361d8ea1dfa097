/**
 * Content keys of texts the request log stores once (response bodies, response header sets; see
 * src/db/logs.ts): the first 128 bits of the text's SHA-256, base64url. A mock sends the same
 * static response again and again, so keys are memoised by text; the memo is small and starts
 * over when full.
 */
/** The key at once when the text is memoised (the usual case), else a promise of it. */
export type TextKeys = (text: string) => string | Promise<string>;

/**
 * @example
 * const keys = createTextKeys();
 * await keys('{"items":[]}'); // 'mL3b…' (22 characters)
 */
export function createTextKeys(memoSize = 256): TextKeys {
  const memo = new Map<string, string>();
  const compute = async (text: string): Promise<string> => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    const key = btoa(String.fromCharCode(...digest.subarray(0, 16)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    if (memo.size >= memoSize) memo.clear();
    memo.set(text, key);
    return key;
  };
  return (text) => memo.get(text) ?? compute(text);
}
