/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of 24 random bytes; a delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. Web Crypto only.
 */

const PREFIX = 'whsec_';

/** A new secret from `random` (crypto.getRandomValues in the shells). */
export function newWebhookSecret(random: (bytes: Uint8Array) => Uint8Array): string {
  return PREFIX + toBase64(random(new Uint8Array(24)));
}

/**
 * @example
 * const headers = await signatureHeaders('whsec_…', 'msg_01J…', 1733400000, '{"id":1}');
 * // → { 'webhook-id': 'msg_01J…', 'webhook-timestamp': '1733400000', 'webhook-signature': 'v1,…' }
 */
export async function signatureHeaders(secret: string, id: string, timestampSeconds: number, body: string): Promise<Record<string, string>> {
  const key = await crypto.subtle.importKey('raw', fromBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${toBase64(new Uint8Array(mac))}` };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
