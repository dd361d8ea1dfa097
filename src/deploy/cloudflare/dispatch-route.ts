/**
 * How the dispatch Worker (workers/dispatch) picks the mock for a request to a dispatch-namespace
 * target: `<mock>.<domain>` by its first label, any other hostname (a mock's or an admin hostname)
 * by the `deployments` registry, which also says whether the mock is stopped. Pure: the shell runs
 * the statement on D1 and caches the answer.
 */

/** A mock name (SLUG of ../wire.ts, which is not imported: it would bring zod into the dispatch Worker). */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface DispatchRoute {
  mock: string;
  status: 'running' | 'stopped';
}

/** The mock a `<mock>.<domain>` host names, or null for any other host. */
export function mockOfHost(host: string, domain: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  const suffix = `.${domain.toLowerCase()}`;
  if (!h.endsWith(suffix)) return null;
  const label = h.slice(0, -suffix.length);
  return SLUG.test(label) ? label : null;
}

/** One registry row for the host: by name (`<mock>.<domain>`) or by a hostname the mock was deployed with. */
export function routeStatement(host: string, domain: string, namespace: string): { sql: string; params: string[] } {
  return {
    sql:
      "SELECT mock, status FROM deployments WHERE target = ?1 AND (mock = ?2 OR EXISTS (SELECT 1 FROM json_each(deployments.hostnames) WHERE value = ?3)) ORDER BY mock = ?2 DESC LIMIT 1",
    params: [`dispatch:${namespace}`, mockOfHost(host, domain) ?? '', host.toLowerCase()],
  };
}

export function routeOfRow(row: Record<string, unknown> | null | undefined): DispatchRoute | null {
  if (!row || typeof row.mock !== 'string') return null;
  return { mock: row.mock, status: row.status === 'stopped' ? 'stopped' : 'running' };
}
