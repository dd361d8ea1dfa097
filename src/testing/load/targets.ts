/**
 * Which URLs a load run may send to. A mock of this stack always; another host only when the
 * operator listed it (LOAD_ALLOWED_HOSTS: `api.example.com`, `*.example.com`, `10.0.0.5:8080`);
 * from a deployed engine never a loopback, private, link-local or reserved address, nor a local
 * name, whatever the list says. The local engine (the CLI's) may reach loopback, where the
 * local stack's mocks listen.
 */
import { addressRefusal, classifyAddress, isLocalName } from '../../net';

export interface TargetPolicy {
  /** Host patterns the operator allowed. */
  allowedHosts: readonly string[];
  /** Host patterns of this stack's mocks (deployed: their domain; locally: their loopback origins). */
  mockHosts: readonly string[];
  /** The local stack: loopback addresses are where its mocks are. */
  local: boolean;
}

export function parseHostList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function matches(pattern: string, host: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1)) || host.endsWith(pattern.slice(1));
  return pattern === host || pattern === hostname;
}

/** Why the target is refused, or undefined when a run may send to it. */
export function targetRefusal(url: string, policy: TargetPolicy): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${url}: only http and https targets`;
  if (u.username || u.password) return `${url}: credentials in the URL are not sent; give them another way`;
  const host = u.host.toLowerCase();
  const hostname = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const isMock = policy.mockHosts.some((p) => matches(p, host, hostname));
  const allowed = isMock || policy.allowedHosts.some((p) => matches(p, host, hostname));
  if (!allowed) return `${host} is neither a mock of this stack nor in LOAD_ALLOWED_HOSTS`;
  if (policy.local) return undefined;
  if (classifyAddress(hostname) !== undefined) return addressRefusal(hostname, { loopback: false, private: false });
  if (isLocalName(hostname)) return `${hostname} is a local name`;
  return undefined;
}
