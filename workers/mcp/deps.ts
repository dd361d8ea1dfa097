/** Binds the tools' dependencies to this worker's bindings. */
import { insertAuditEntry, queryAuditLog } from '../../src/db/audit';
import { executePlanRun, loadRun } from '../../src/db/plan-runs';
import { createDeployerClient } from '../../src/deploy';
import { createUlidFactory } from '../../src/logs/ulid';
import { createLoadClient } from '../../src/testing/load';
import { createScheduleClient, type ScheduleClient } from '../../src/testing/schedule';
import { type AuditLog, type ContextStore as ContextStoreApi, createAdminClient, type ToolDeps } from '../../src/mcp';
import { cloudflareDeployer } from './cloudflare';
import type { Env } from './env';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

export function auditLog(env: Env): AuditLog {
  return {
    record: (entry) => insertAuditEntry(env.DB, ulid(entry.ts), entry),
    query: (query) => queryAuditLog(env.DB, query),
  };
}

export function contextStore(env: Env): ContextStoreApi {
  // SAFETY: the stub forwards each ContextStoreApi method by RPC; results are plain JSON values.
  return env.CONTEXT_STORE.get(env.CONTEXT_STORE.idFromName('contexts')) as unknown as ContextStoreApi;
}

/**
 * The deployer: locally the Node one bound as DEPLOYER; deployed, the Cloudflare API of the
 * worker's own account (workers/mcp/cloudflare.ts). Absent without either: the mock tools are
 * then not offered.
 */
function deployerOf(env: Env): ToolDeps['deployer'] | undefined {
  if (env.DEPLOYER) return createDeployerClient(env.DEPLOYER);
  const cloudflare = cloudflareDeployer(env);
  return 'missing' in cloudflare ? undefined : cloudflare;
}

export function toolDeps(env: Env): Omit<ToolDeps, 'deployer'> & { deployer?: ToolDeps['deployer'] } {
  return {
    deployer: deployerOf(env),
    admin: (mock) => createAdminClient(mock),
    contexts: contextStore(env),
    audit: auditLog(env),
    schedules: env.ENGINE ? engineSchedules(env.ENGINE) : undefined,
    load: env.ENGINE ? createLoadClient((path, init) => (env.ENGINE as Fetcher).fetch(`http://engine${path}`, init)) : undefined,
    runs: { execute: (plan, options) => executePlanRun(env.DB, plan, options), load: (id) => loadRun(env.DB, id) },
    // Locally the Node side fetches (it resolves names and pins the checked address); deployed, a guarded fetch from here.
    readSpec: env.SPEC_FETCH ? specFetchThrough(env.SPEC_FETCH) : undefined,
  };
}

/** A spec read through the local stack's SPEC_FETCH binding: the text, or a 4xx whose body is the reason. */
function specFetchThrough(binding: Fetcher): (url: string) => Promise<string> {
  return async (url) => {
    const res = await binding.fetch(`http://spec-fetch/?url=${encodeURIComponent(url)}`);
    const text = await res.text();
    if (!res.ok) throw new Error(text);
    return text;
  };
}

/** The engine's schedule routes through its service binding (the host is a placeholder: a binding ignores it). */
function engineSchedules(engine: Fetcher): ScheduleClient {
  return createScheduleClient((path, init) => engine.fetch(`http://engine${path}`, init));
}
