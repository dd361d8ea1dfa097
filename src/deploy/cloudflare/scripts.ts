/**
 * The Workers endpoints a deploy uses, for either target: the account's own scripts
 * (`/workers/scripts/N`, with workers.dev, deployments and Custom Domains) or a Workers for
 * Platforms dispatch namespace (`/workers/dispatch/namespaces/<ns>/scripts/N`, same upload form).
 */
import { z } from 'zod';
import type { ApiResult, CloudflareApi } from './api';

export type Target = { kind: 'workers' } | { kind: 'dispatch'; namespace: string };

export function targetName(target: Target): string {
  return target.kind === 'workers' ? 'workers' : `dispatch:${target.namespace}`;
}

export function scriptPath(api: CloudflareApi, target: Target, name: string): string {
  const account = `/accounts/${api.accountId}/workers`;
  return target.kind === 'workers' ? `${account}/scripts/${name}` : `${account}/dispatch/namespaces/${encodeURIComponent(target.namespace)}/scripts/${name}`;
}

const serviceSchema = z.looseObject({ default_environment: z.looseObject({ script: z.looseObject({ migration_tag: z.string().nullish() }) }) });
const dispatchScriptSchema = z.looseObject({ script: z.looseObject({ migration_tag: z.string().nullish() }).optional() });

/** Whether the script exists, and its Durable Object migration tag. */
export async function scriptState(api: CloudflareApi, target: Target, name: string): Promise<ApiResult<{ exists: boolean; migrationTag: string | null }>> {
  const answer =
    target.kind === 'workers'
      ? await api.request('script lookup', 'GET', `/accounts/${api.accountId}/workers/services/${name}`, undefined, serviceSchema.transform((s) => s.default_environment.script.migration_tag))
      : await api.request('script lookup', 'GET', scriptPath(api, target, name), undefined, dispatchScriptSchema.transform((s) => s.script?.migration_tag));
  if (!answer.ok) return answer.failure.status === 404 ? { ok: true, value: { exists: false, migrationTag: null } } : answer;
  return { ok: true, value: { exists: true, migrationTag: answer.value ?? null } };
}

export function uploadScript(api: CloudflareApi, target: Target, name: string, form: FormData): Promise<ApiResult<unknown>> {
  return api.request('upload', 'PUT', scriptPath(api, target, name), form);
}

export function deleteScript(api: CloudflareApi, target: Target, name: string): Promise<ApiResult<unknown>> {
  // force: the script's Durable Object namespace goes with it.
  return api.request('delete script', 'DELETE', `${scriptPath(api, target, name)}?force=true`);
}

export async function accountSubdomain(api: CloudflareApi): Promise<ApiResult<string>> {
  const answer = await api.request('workers.dev subdomain', 'GET', `/accounts/${api.accountId}/workers/subdomain`, undefined, z.looseObject({ subdomain: z.string() }));
  return answer.ok ? { ok: true, value: answer.value.subdomain } : answer;
}

export function setWorkersDev(api: CloudflareApi, name: string, enabled: boolean): Promise<ApiResult<unknown>> {
  return api.request(enabled ? 'enable workers.dev' : 'disable workers.dev', 'POST', `/accounts/${api.accountId}/workers/scripts/${name}/subdomain`, {
    enabled,
    previews_enabled: false,
  });
}

const deploymentsSchema = z.looseObject({
  deployments: z.array(z.looseObject({ versions: z.array(z.looseObject({ version_id: z.string(), percentage: z.number() })) })),
});

/** The versions the script's active deployment serves (newest deployment first, as the API lists them). */
export async function activeVersions(api: CloudflareApi, name: string): Promise<ApiResult<Array<{ version_id: string; percentage: number }>>> {
  const answer = await api.request('read deployment', 'GET', `/accounts/${api.accountId}/workers/scripts/${name}/deployments`, undefined, deploymentsSchema);
  if (!answer.ok) return answer;
  const versions = answer.value.deployments[0]?.versions ?? [];
  return { ok: true, value: versions.map((v) => ({ version_id: v.version_id, percentage: v.percentage })) };
}

export function rollBack(api: CloudflareApi, name: string, versions: Array<{ version_id: string; percentage: number }>): Promise<ApiResult<unknown>> {
  return api.request('roll back', 'POST', `/accounts/${api.accountId}/workers/scripts/${name}/deployments?force=true`, {
    strategy: 'percentage',
    versions,
    annotations: { 'workers/message': 'mockloop: a failed deploy rolled back' },
  });
}

const domainSchema = z.looseObject({ id: z.string(), hostname: z.string(), service: z.string() });

export async function listDomains(api: CloudflareApi, name: string): Promise<ApiResult<Array<{ id: string; hostname: string }>>> {
  const answer = await api.request('domain list', 'GET', `/accounts/${api.accountId}/workers/domains?service=${encodeURIComponent(name)}`, undefined, z.array(domainSchema));
  return answer.ok ? { ok: true, value: answer.value.filter((d) => d.service === name) } : answer;
}

/** Attaches a Custom Domain to the script, finding its zone by the longest matching suffix. */
export async function attachDomain(api: CloudflareApi, name: string, hostname: string): Promise<ApiResult<{ id: string }>> {
  const zone = await findZone(api, hostname);
  if (!zone.ok) return zone;
  if (zone.value === null) {
    return { ok: false, failure: { step: 'zone lookup', method: 'GET', path: '/zones', status: 404, errors: [{ code: 0, message: `no zone of this account holds ${hostname}` }] } };
  }
  const answer = await api.request(`domain attach ${hostname}`, 'PUT', `/accounts/${api.accountId}/workers/domains`, { hostname, service: name, zone_id: zone.value, environment: 'production' }, domainSchema);
  return answer.ok ? { ok: true, value: { id: answer.value.id } } : answer;
}

export function detachDomain(api: CloudflareApi, domain: { id: string; hostname: string }): Promise<ApiResult<unknown>> {
  return api.request(`domain detach ${domain.hostname}`, 'DELETE', `/accounts/${api.accountId}/workers/domains/${domain.id}`);
}

async function findZone(api: CloudflareApi, hostname: string): Promise<ApiResult<string | null>> {
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    const answer = await api.request('zone lookup', 'GET', `/zones?name=${encodeURIComponent(candidate)}&account.id=${api.accountId}`, undefined, z.array(z.looseObject({ id: z.string() })));
    if (!answer.ok) return answer;
    if (answer.value.length > 0) return { ok: true, value: answer.value[0].id };
  }
  return { ok: true, value: null };
}
