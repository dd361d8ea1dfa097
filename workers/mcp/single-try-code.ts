/**
 * An OAuth authorization code is good for one try: the first token request that presents it is
 * passed to the provider, and any later one is refused, so a failed PKCE verifier burns the code
 * instead of leaving it open to more guesses. Codes tried are remembered (hashed) in OAUTH_KV for
 * longer than a code lives, and in this isolate for requests that race the KV write.
 */

/** Longer than the provider's authorization-code lifetime (10 minutes). */
const REMEMBER_S = 15 * 60;
const tried = new Set<string>();

async function codeKey(code: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code)));
  return `code-tried:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function exchangeCodeOnce(request: Request, kv: KVNamespace, pass: (request: Request) => Promise<Response>): Promise<Response> {
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const code = form?.get('grant_type') === 'authorization_code' ? form.get('code') : null;
  if (typeof code !== 'string' || code === '') return pass(request);
  const key = await codeKey(code);
  if (tried.has(key) || (await kv.get(key)) !== null) {
    const body = { error: 'invalid_grant', error_description: 'This authorization code was presented before; a code is good for one try. Start the authorization again.' };
    return Response.json(body, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  tried.add(key);
  if (tried.size > 10_000) tried.delete(tried.values().next().value ?? key);
  await kv.put(key, '1', { expirationTtl: REMEMBER_S });
  return pass(request);
}
