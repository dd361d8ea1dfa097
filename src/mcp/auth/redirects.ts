/**
 * Which redirect URIs a dynamically registered OAuth client may use: loopback callbacks (Claude
 * Code, the MCP Inspector, other local apps), Claude's remote-connector callbacks, and any https
 * URI the operator adds. Anything else is refused at registration.
 */
import { isLoopbackHost } from './loopback';

export const CLAUDE_CALLBACKS = ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'];

export function redirectRefusal(redirectUris: unknown, extra: string | undefined): string | undefined {
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) return 'redirect_uris must list at least one URI';
  const allowed = new Set([...CLAUDE_CALLBACKS, ...(extra ?? '').split(',').map((s) => s.trim()).filter(Boolean)]);
  for (const uri of redirectUris) {
    if (typeof uri !== 'string') return 'redirect_uris must be strings';
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return `redirect URI ${uri} is not a URL`;
    }
    if (allowed.has(uri)) continue;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)) continue;
    return `redirect URI ${uri} is not allowed here: use a loopback callback, one of ${CLAUDE_CALLBACKS.join(', ')}, or ask the operator to add it to OAUTH_REDIRECT_ALLOWLIST`;
  }
  return undefined;
}
