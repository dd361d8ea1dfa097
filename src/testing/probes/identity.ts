/**
 * Credentials for a request: the operator's (`--auth` / `--auth2` headers) or, when none are given,
 * placeholders shaped like the operation's security scheme (enough for a mock, which checks
 * presence and shape). Also what must be redacted from a request shown in a report.
 */
import type { MockPlan, PlanOperation } from '../../plan';

export interface Credentials {
  headers: Record<string, string>;
  query: Record<string, string>;
}

export const NO_CREDENTIALS: Credentials = { headers: {}, query: {} };

/** The credentials to send to `op`: the given headers, else placeholders for its first security requirement. */
export function credentialsFor(plan: MockPlan, op: PlanOperation, given: Record<string, string> | undefined): Credentials {
  if (given && Object.keys(given).length > 0) return { headers: lowerKeys(given), query: {} };
  const out: Credentials = { headers: {}, query: {} };
  for (const name of op.security[0] ?? []) {
    const scheme = plan.securitySchemes[name];
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      if (scheme.in === 'header') out.headers[scheme.name.toLowerCase()] = 'probe-api-key';
      else if (scheme.in === 'query') out.query[scheme.name] = 'probe-api-key';
      else out.headers.cookie = `${scheme.name}=probe-api-key`;
    } else if (scheme.type === 'http' && scheme.scheme === 'basic') out.headers.authorization = `Basic ${btoa('probe:probe')}`;
    else if (scheme.type === 'http' && scheme.scheme !== 'bearer') out.headers.authorization = `${scheme.scheme} probe-credential`;
    else if (scheme.type !== 'mutualTLS') out.headers.authorization = 'Bearer probe-token';
  }
  return out;
}

export function isSecured(op: PlanOperation): boolean {
  return op.security.length > 0 && op.security.every((alt) => alt.length > 0);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Header and query names whose values never appear in a report. */
export function secretNames(plan: MockPlan, identities: ReadonlyArray<Record<string, string> | undefined>): { headers: Set<string>; query: Set<string> } {
  const headers = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token']);
  const query = new Set<string>(['api_key', 'apikey', 'access_token', 'token']);
  for (const scheme of Object.values(plan.securitySchemes)) {
    if (scheme.type !== 'apiKey') continue;
    if (scheme.in === 'header') headers.add(scheme.name.toLowerCase());
    if (scheme.in === 'query') query.add(scheme.name);
  }
  for (const identity of identities) for (const name of Object.keys(identity ?? {})) headers.add(name.toLowerCase());
  return { headers, query };
}

/** Parses `Name: value` header lines (`--auth 'Authorization: Bearer …'`). */
export function parseHeaderLines(lines: readonly string[]): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { ok: false, error: `"${line.slice(0, 40)}…" is not a header line (Name: value)` };
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}
