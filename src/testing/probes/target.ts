/**
 * Where probes may go: the mocks of this stack (loopback, locally) and hosts the operator listed
 * in PROBE_ALLOWED_HOSTS. Link-local and reserved addresses never (the cloud metadata service);
 * private ones only when listed, and never from a deployed worker (`fromWorker`).
 */
import { classifyAddress, isLocalName } from '../../net';

export interface TargetPolicy {
  /** Host names or IP literals (`api.example.com`, `*.staging.example.com`, `10.0.0.5`). */
  allowedHosts: readonly string[];
  /** Loopback is where this stack's mocks listen locally. */
  loopback: boolean;
  /** The caller is a deployed Worker: private and loopback addresses are refused whatever the list says. */
  fromWorker?: boolean;
}

/** Splits PROBE_ALLOWED_HOSTS (`a.example.com, *.b.example.com`). */
export function parseAllowedHosts(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

function listed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => entry === host || (entry.startsWith('*.') && host.endsWith(entry.slice(1))));
}

/** Why probes may not go to `url`, or `undefined`. */
export function probeTargetRefusal(url: URL, policy: TargetPolicy): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} targets are not probed (only http and https)`;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = classifyAddress(host);
  if (kind === 'link-local' || kind === 'reserved') return `${host} is a ${kind} address; probes never go there`;
  const isLoopback = kind === 'loopback' || host === 'localhost' || host.endsWith('.localhost');
  if (policy.fromWorker && (isLoopback || kind === 'private' || (kind === undefined && isLocalName(host)))) return `${host} is an internal address; a deployed worker does not probe it`;
  if (isLoopback && policy.loopback) return undefined;
  if (listed(host, policy.allowedHosts)) return undefined;
  return `${host} is neither a mock of this stack nor listed in PROBE_ALLOWED_HOSTS`;
}
