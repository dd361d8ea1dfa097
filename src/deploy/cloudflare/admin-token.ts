/**
 * Admin tokens derived from one secret: HMAC-SHA256(secret, account + mock name), base64url. The
 * MCP worker holds the secret instead of a token per mock, so it can reach the admin API of every
 * mock it deployed, across isolates and restarts, without storing a token anywhere.
 */
const LABEL = 'mockloop-admin-token-v1';

/**
 * @example
 * const token = await deriveAdminToken(env.MOCK_ADMIN_SECRET, accountId, 'petstore');
 */
export async function deriveAdminToken(secret: string, accountId: string, mock: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${LABEL}\n${accountId}\n${mock}`)));
  let text = '';
  for (const b of mac) text += String.fromCharCode(b);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
