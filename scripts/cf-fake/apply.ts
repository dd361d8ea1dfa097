/**
 * Makes a planned change live: the script's state is changed, workerd is reloaded with it, and if
 * the new code does not start the change is undone and the upload fails with Cloudflare's 10021.
 */
import { randomUUID } from 'node:crypto';
import type { Fake } from './context';
import { invalidWorker } from './errors';
import type { Deployment, Script } from './state';
import { hexId } from './state';
import type { PlannedUpload } from './upload';

export interface CommitOptions {
  /** Deploy the new version at 100% (an upload does; `POST …/versions` does not). */
  deploy: boolean;
  annotations?: Record<string, string>;
}

export async function commitUpload(fake: Fake, scripts: Map<string, Script>, script: Script, plan: PlannedUpload, options: CommitOptions): Promise<Deployment | undefined> {
  const before = snapshot(script);
  const existed = scripts.has(script.name);
  script.versions.push(plan.version);
  script.secrets = plan.secrets;
  script.doClasses = plan.doClasses;
  script.migrationTag = plan.migrationTag;
  const deployment = options.deploy ? deploymentOf(plan.version.id, plan.version.source, options.annotations) : undefined;
  if (deployment !== undefined) script.deployments.push(deployment);
  scripts.set(script.name, script);
  try {
    await fake.runtime.reload(fake.account);
  } catch (error) {
    restore(script, before);
    if (!existed) scripts.delete(script.name);
    await fake.runtime.reload(fake.account).catch(() => {});
    throw invalidWorker(startupMessage(error));
  }
  script.modifiedOn = new Date().toISOString();
  script.etag = hexId();
  if (deployment !== undefined) script.lastDeployedFrom = plan.version.source === 'wrangler' ? 'wrangler' : 'api';
  return deployment;
}

/** Deploys an existing version, or a change of secrets, and reloads; rolls back when workerd will not start. */
export async function commitChange(fake: Fake, script: Script, change: () => void): Promise<void> {
  const before = snapshot(script);
  change();
  try {
    await fake.runtime.reload(fake.account);
  } catch (error) {
    restore(script, before);
    await fake.runtime.reload(fake.account).catch(() => {});
    throw invalidWorker(startupMessage(error));
  }
  script.modifiedOn = new Date().toISOString();
}

export function deploymentOf(versionId: string, source: string, annotations: Record<string, string> = {}): Deployment {
  return {
    id: randomUUID(),
    createdOn: new Date().toISOString(),
    source,
    versions: [{ version_id: versionId, percentage: 100 }],
    annotations: { 'workers/triggered_by': 'upload', ...annotations },
  };
}

function snapshot(script: Script) {
  return {
    versions: [...script.versions],
    deployments: [...script.deployments],
    secrets: new Map(script.secrets),
    doClasses: new Map(script.doClasses),
    migrationTag: script.migrationTag,
  };
}

function restore(script: Script, before: ReturnType<typeof snapshot>): void {
  script.versions = before.versions;
  script.deployments = before.deployments;
  script.secrets = before.secrets;
  script.doClasses = before.doClasses;
  script.migrationTag = before.migrationTag;
}

function startupMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
