/**
 * The stack's test engine on the account (docs/decisions/0023): one Worker, `mockloop-engine` by
 * default, holding the engine's Durable Objects and bound to the shared D1 database, which every
 * mock reaches through an `ENGINE` service binding. The deployer makes sure it exists before it
 * uploads a mock, and uploads it again only when what it would upload changed: the build (a hash
 * of the bundle and the settings it is uploaded with) is a plain-text binding of the script,
 * `ENGINE_BUILD`, read back with one settings call.
 */
import { z } from 'zod';
import { type Problem, problem } from '../../problem';
import { DEPLOY_NAME_TAKEN } from '../errors';
import type { CloudflareApi } from './api';
import { apiProblem } from './errors';
import { scriptState, setWorkersDev, uploadScript } from './scripts';
import { buildUploadForm, COMPATIBILITY_DATE, type DoMigration, pendingMigrations, type UploadMetadata } from './upload-form';

export const ENGINE_SCRIPT = 'mockloop-engine';
export const ENGINE_MAIN_MODULE = 'engine-worker.js';
/** As in wrangler.engine.toml, so an engine deployed with wrangler first is migrated from where it is. */
export const ENGINE_MIGRATIONS: readonly DoMigration[] = [
  { tag: 'v1', new_sqlite_classes: ['RunCoordinator', 'LoadShard'] },
  { tag: 'v2', new_sqlite_classes: ['Scheduler'] },
];
/** Its load runs fetch the mocks' public URLs on the same account as from the Internet. */
export const ENGINE_COMPATIBILITY_FLAGS = ['global_fetch_strictly_public'];
const DO_BINDINGS = [
  { name: 'RUN_COORDINATOR', class_name: 'RunCoordinator' },
  { name: 'LOAD_SHARD', class_name: 'LoadShard' },
  { name: 'SCHEDULER', class_name: 'Scheduler' },
];

export interface EngineRequest {
  name: string;
  bundle: string;
  databaseId: string;
  /** Host patterns of this stack's mocks the engine must accept as targets (MOCK_HOSTS). */
  mockHosts: string[];
}

export type EngineOutcome = { ok: true; uploaded: boolean; mockHosts: string[] } | { ok: false; problem: Problem };

const settingsSchema = z.looseObject({ bindings: z.array(z.looseObject({ type: z.string(), name: z.string(), text: z.string().optional() })).default([]) });

/** Cloudflare's "migration tag precondition failed": another deploy migrated the engine meanwhile. */
const MIGRATION_TAG_MISMATCH = 10079;

/**
 * The engine as it should be: nothing when it is, else one upload (hosts already allowed are
 * kept). Two deploys at once may both find it missing: the one whose migration comes second is
 * refused by its `old_tag`, reads the engine again and is then current or uploads once more.
 */
export async function ensureEngine(api: CloudflareApi, request: EngineRequest): Promise<EngineOutcome> {
  const first = await ensureEngineOnce(api, request);
  return first.ok || !first.raced ? first : ensureEngineOnce(api, request);
}

async function ensureEngineOnce(api: CloudflareApi, request: EngineRequest): Promise<EngineOutcome & { raced?: boolean }> {
  const settings = await api.request('engine settings', 'GET', `/accounts/${api.accountId}/workers/scripts/${request.name}/settings`, undefined, settingsSchema);
  if (!settings.ok && settings.failure.status !== 404) return { ok: false, problem: apiProblem(settings.failure) };
  const bindings = settings.ok ? settings.value.bindings : [];
  const text = (name: string) => bindings.find((b) => b.name === name && b.type === 'plain_text')?.text;
  // Hosts another deploy (another target, a custom hostname) or the operator allowed stay allowed.
  const mockHosts = [...new Set([...hostList(text('MOCK_HOSTS')), ...request.mockHosts])].sort();
  const build = await engineBuild(request.bundle, request.databaseId, mockHosts);
  if (text('ENGINE_BUILD') === build) return { ok: true, uploaded: false, mockHosts };

  const state = await scriptState(api, { kind: 'workers' }, request.name);
  if (!state.ok) return { ok: false, problem: apiProblem(state.failure) };
  const ours = state.value.migrationTag !== null && ENGINE_MIGRATIONS.some((m) => m.tag === state.value.migrationTag);
  if (state.value.exists && !ours && text('ENGINE_BUILD') === undefined) {
    return { ok: false, problem: problem(DEPLOY_NAME_TAKEN, `A Worker named "${request.name}" exists in this account and is not the mockloop test engine; name the engine another way (MOCKLOOP_ENGINE_NAME).`) };
  }
  const metadata: UploadMetadata = {
    main_module: ENGINE_MAIN_MODULE,
    compatibility_date: COMPATIBILITY_DATE,
    compatibility_flags: ENGINE_COMPATIBILITY_FLAGS,
    bindings: [
      { type: 'd1', name: 'DB', id: request.databaseId },
      ...DO_BINDINGS.map((b) => ({ type: 'durable_object_namespace' as const, ...b })),
      { type: 'plain_text', name: 'MOCK_HOSTS', text: mockHosts.join(',') },
      { type: 'plain_text', name: 'ENGINE_BUILD', text: build },
    ],
    // The operator's own settings (LOAD_ALLOWED_HOSTS, caps, LOAD_SUBREQUESTS_PER_INVOCATION) are kept as they are.
    keep_bindings: ['plain_text', 'secret_text'],
  };
  const migrations = pendingMigrations(state.value.migrationTag, ENGINE_MIGRATIONS);
  if (migrations) metadata.migrations = migrations;
  const uploaded = await uploadScript(api, { kind: 'workers' }, request.name, buildUploadForm(metadata, request.bundle));
  if (!uploaded.ok) return { ok: false, problem: apiProblem(uploaded.failure, 'No mock was changed.'), raced: uploaded.failure.errors.some((e) => e.code === MIGRATION_TAG_MISMATCH) };
  // Reached through service bindings only: no public URL.
  const hidden = await setWorkersDev(api, request.name, false);
  if (!hidden.ok) return { ok: false, problem: apiProblem(hidden.failure) };
  return { ok: true, uploaded: true, mockHosts };
}

function hostList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** sha-256 (hex) of the bundle and every setting the deployer uploads it with. */
async function engineBuild(bundle: string, databaseId: string, mockHosts: string[]): Promise<string> {
  const settings = JSON.stringify({ databaseId, mockHosts, date: COMPATIBILITY_DATE, flags: ENGINE_COMPATIBILITY_FLAGS, migrations: ENGINE_MIGRATIONS });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${bundle}\n${settings}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
