/** How the API shows a script, a version and a deployment (the fields wrangler and the dashboard read). */
import type { Binding } from './metadata';
import type { Deployment, Script, ScriptVersion } from './state';
import { currentVersion } from './state';

export function scriptView(script: Script) {
  const version = currentVersion(script);
  return {
    id: script.name,
    etag: script.etag,
    handlers: ['fetch'],
    created_on: script.createdOn,
    modified_on: script.modifiedOn,
    usage_model: 'standard',
    compatibility_date: version?.compatibilityDate,
    compatibility_flags: version?.compatibilityFlags ?? [],
    has_modules: true,
    has_assets: false,
    logpush: script.settings.logpush,
    tags: script.settings.tags,
    tail_consumers: script.settings.tail_consumers,
    observability: script.settings.observability,
    last_deployed_from: script.lastDeployedFrom,
    deployment_id: script.deployments.at(-1)?.id ?? null,
    ...(script.migrationTag === undefined ? {} : { migration_tag: script.migrationTag }),
  };
}

/** Bindings as the API lists them: secret values never leave the fake. */
export function bindingsView(script: Script, version: ScriptVersion | undefined) {
  const bindings: Array<Binding | { type: 'secret_text'; name: string }> = [...(version?.bindings ?? [])];
  for (const name of script.secrets.keys()) bindings.push({ type: 'secret_text', name });
  return bindings;
}

export function versionView(script: Script, version: ScriptVersion) {
  return {
    id: version.id,
    number: version.number,
    metadata: {
      created_on: version.createdOn,
      modified_on: version.createdOn,
      source: version.source,
      author_id: 'fake-author',
      author_email: 'fake@example.com',
      has_preview: false,
    },
    annotations: version.annotations,
    resources: {
      bindings: bindingsView(script, version),
      script: { etag: script.etag, handlers: ['fetch'], last_deployed_from: script.lastDeployedFrom },
      script_runtime: {
        compatibility_date: version.compatibilityDate,
        compatibility_flags: version.compatibilityFlags,
        usage_model: 'standard',
        limits: {},
      },
    },
  };
}

export function deploymentView(deployment: Deployment) {
  return {
    id: deployment.id,
    source: deployment.source,
    strategy: 'percentage',
    author_email: 'fake@example.com',
    created_on: deployment.createdOn,
    annotations: deployment.annotations,
    versions: deployment.versions,
  };
}

export function serviceView(script: Script) {
  return {
    id: script.name,
    default_environment: {
      environment: 'production',
      created_on: script.createdOn,
      modified_on: script.modifiedOn,
      script: scriptView(script),
    },
    created_on: script.createdOn,
    modified_on: script.modifiedOn,
  };
}
