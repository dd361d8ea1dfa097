/**
 * The multipart form of the Workers Script Upload API for one mock: a `metadata` part (entry
 * module, compatibility date, bindings, Durable Object migrations) and the bundled mock worker
 * as an ES module part. The same form goes to a dispatch namespace.
 */

export const MAIN_MODULE = 'mock-worker.js';
/** Not newer than the workerd the project runs locally (cli/local-runtime.ts). */
export const COMPATIBILITY_DATE = '2026-07-01';
export const MOCK_STATE_CLASS = 'MockState';

export type DoMigration = { tag: string; new_sqlite_classes?: string[] };

/** The Durable Object migrations of the mock worker, oldest first (as in wrangler.toml). */
export const DO_MIGRATIONS: readonly DoMigration[] = [{ tag: 'v1', new_sqlite_classes: [MOCK_STATE_CLASS] }];

export type Binding =
  | { type: 'd1'; name: string; id: string }
  | { type: 'durable_object_namespace'; name: string; class_name: string }
  | { type: 'plain_text'; name: string; text: string }
  | { type: 'secret_text'; name: string; text: string }
  /** Another Worker of the account (wrangler's `[[services]]`): the mocks' ENGINE. */
  | { type: 'service'; name: string; service: string };

export interface MigrationsMetadata {
  old_tag?: string;
  new_tag: string;
  steps: Array<{ new_sqlite_classes?: string[] }>;
}

export interface UploadMetadata {
  main_module: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  bindings: Binding[];
  migrations?: MigrationsMetadata;
  /** Binding types kept from the previous version when absent here (the admin token secret on an update). */
  keep_bindings?: string[];
}

export interface MockScriptSettings {
  mock: string;
  databaseId: string;
  planVersion: string;
  /** A new admin token; absent on an update that keeps the existing secret. */
  adminToken?: string;
  adminHost?: string;
  adminPathPrefix?: string;
  /** The script's current migration tag (null: a new script). */
  migrationTag: string | null;
  /** The stack's test engine (a Worker of the account) and this mock's public origin, which the engine sends load runs to. */
  engine?: { service: string; targetOrigin: string };
}

/**
 * @example buildMetadata({ mock: 'petstore', databaseId, planVersion: plan.version, adminToken, adminPathPrefix: '/__mockloop', migrationTag: null })
 */
export function buildMetadata(settings: MockScriptSettings): UploadMetadata {
  const bindings: Binding[] = [
    { type: 'd1', name: 'DB', id: settings.databaseId },
    { type: 'durable_object_namespace', name: 'MOCK_STATE', class_name: MOCK_STATE_CLASS },
    { type: 'plain_text', name: 'MOCK_ID', text: settings.mock },
    { type: 'plain_text', name: 'PLAN_VERSION', text: settings.planVersion },
  ];
  if (settings.adminHost) bindings.push({ type: 'plain_text', name: 'ADMIN_HOST', text: settings.adminHost });
  if (settings.adminPathPrefix) bindings.push({ type: 'plain_text', name: 'ADMIN_PATH_PREFIX', text: settings.adminPathPrefix });
  if (settings.engine) {
    bindings.push({ type: 'service', name: 'ENGINE', service: settings.engine.service });
    bindings.push({ type: 'plain_text', name: 'MOCK_TARGET_ORIGIN', text: settings.engine.targetOrigin });
  }
  if (settings.adminToken) bindings.push({ type: 'secret_text', name: 'ADMIN_TOKEN', text: settings.adminToken });
  const metadata: UploadMetadata = { main_module: MAIN_MODULE, compatibility_date: COMPATIBILITY_DATE, bindings };
  const migrations = pendingMigrations(settings.migrationTag);
  if (migrations) metadata.migrations = migrations;
  if (!settings.adminToken) metadata.keep_bindings = ['secret_text'];
  return metadata;
}

/** The migration steps after `currentTag` (all of them for a new script), or null when it is current. */
export function pendingMigrations(currentTag: string | null, migrations: readonly DoMigration[] = DO_MIGRATIONS): MigrationsMetadata | null {
  const last = migrations[migrations.length - 1];
  if (currentTag === last.tag) return null;
  const from = currentTag === null ? 0 : migrations.findIndex((m) => m.tag === currentTag) + 1;
  // An unknown tag (not ours): send every step after none and let old_tag make the API refuse.
  const steps = migrations.slice(from).map(({ tag: _tag, ...step }) => step);
  return { ...(currentTag === null ? {} : { old_tag: currentTag }), new_tag: last.tag, steps };
}

export function buildUploadForm(metadata: UploadMetadata, script: string): FormData {
  const form = new FormData();
  form.set('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
  form.set(metadata.main_module, new File([script], metadata.main_module, { type: 'application/javascript+module' }));
  return form;
}
