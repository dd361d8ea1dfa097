/**
 * A Workers script upload (multipart form: a `metadata` part and one part per module) turned into
 * the next version of a script: bindings resolved (inherit, keep_bindings), secrets split out,
 * Durable Object migrations checked against the script's current migration tag.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, invalidWorker, migrationTagMismatch, serviceBindingNotFound } from './errors';
import { type Binding, BindingSchema, type Metadata, MetadataSchema, type MigrationStep } from './metadata';
import type { AccountState, ModuleFile, ModuleType, Script, ScriptVersion } from './state';

const MODULE_TYPES: Record<string, ModuleType> = {
  'application/javascript+module': 'ESModule',
  'text/javascript+module': 'ESModule',
  'application/javascript': 'CommonJS',
  'text/javascript': 'CommonJS',
  'text/plain': 'Text',
  'application/octet-stream': 'Data',
  'application/wasm': 'CompiledWasm',
};

export interface ParsedUpload {
  metadata: Metadata;
  bindings: Binding[];
  modules: ModuleFile[];
}

export async function parseUpload(form: FormData): Promise<ParsedUpload> {
  const part = partOf(form, 'metadata');
  if (part === null) throw invalidWorker('No metadata part in the upload (expected a multipart form with a "metadata" part)');
  let json: unknown;
  try {
    json = JSON.parse(typeof part === 'string' ? part : await part.text());
  } catch {
    throw invalidWorker('Invalid metadata: not JSON');
  }
  const parsed = MetadataSchema.safeParse(json);
  if (!parsed.success) throw invalidWorker(`Invalid metadata: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const metadata = parsed.data;
  if (metadata.body_part !== undefined && metadata.main_module === undefined) {
    throw invalidWorker('Service-worker format uploads (body_part) are not supported by the Cloudflare fake; upload ES modules (main_module)');
  }
  const bindings: Binding[] = [];
  for (const raw of metadata.bindings ?? []) {
    const binding = BindingSchema.safeParse(raw);
    if (!binding.success) throw invalidWorker(`Unsupported or invalid binding "${raw.name}" of type "${raw.type}" (the Cloudflare fake implements ${supportedTypes()})`);
    bindings.push(binding.data);
  }
  const modules: ModuleFile[] = [];
  for (const [name, value] of partsOf(form)) {
    if (name === 'metadata' || typeof value === 'string') continue;
    const contentType = value.type.split(';')[0].trim();
    if (contentType === 'application/source-map') continue;
    const type = MODULE_TYPES[contentType];
    if (type === undefined) throw invalidWorker(`Unsupported module type "${value.type}" for part "${name}"`);
    modules.push({ name, type, contentType, contents: new Uint8Array(await value.arrayBuffer()) });
  }
  if (metadata.main_module === undefined) throw invalidWorker('metadata.main_module is required');
  if (!modules.some((m) => m.name === metadata.main_module)) throw invalidWorker(`No such module "${metadata.main_module}".`);
  return { metadata, bindings, modules };
}

/** A form part: text, or a file (workers-types declares FormData for workerd, where parts may be typed as strings only). */
export type Part = string | Blob;

export function partOf(form: FormData, name: string): Part | null {
  // SAFETY: Node's FormData.get returns a string or a File (a Blob) for a part, null when absent.
  return form.get(name) as Part | null;
}

function partsOf(form: FormData): Array<[string, Part]> {
  // SAFETY: as in partOf; entries are [name, string | File] pairs.
  return [...(form as unknown as Iterable<[string, Part]>)];
}

function supportedTypes(): string {
  return 'plain_text, secret_text, json, d1, kv_namespace, durable_object_namespace, service, inherit';
}

export interface PlannedUpload {
  version: ScriptVersion;
  secrets: Map<string, string>;
  doClasses: Map<string, { sqlite: boolean }>;
  migrationTag: string | undefined;
}

/** What the script becomes if this upload succeeds; nothing is changed until the caller commits it. */
export function planUpload(script: Script, upload: ParsedUpload, previous: ScriptVersion | undefined, source: string): PlannedUpload {
  const { metadata } = upload;
  const keep = new Set(metadata.keep_bindings ?? []);
  const named = new Set(upload.bindings.map((b) => b.name));
  // Secrets outlive uploads (wrangler deploy sends no keep_bindings and users keep their secrets);
  // a binding of the same name in the upload replaces one.
  const secrets = new Map<string, string>();
  for (const [k, v] of script.secrets) if (!named.has(k)) secrets.set(k, v);

  const bindings: Binding[] = [];
  for (const binding of upload.bindings) {
    if (binding.type === 'secret_text') {
      secrets.set(binding.name, binding.text);
    } else if (binding.type === 'inherit') {
      const inherited = previous?.bindings.find((b) => b.name === binding.name);
      if (inherited !== undefined) bindings.push(inherited);
      else if (script.secrets.has(binding.name)) secrets.set(binding.name, script.secrets.get(binding.name)!);
      else throw invalidWorker(`Binding "${binding.name}" is of type inherit, but the previous version has no binding of that name`);
    } else {
      bindings.push(binding);
    }
  }
  for (const old of previous?.bindings ?? []) if (keep.has(old.type) && !named.has(old.name)) bindings.push(old);

  const { doClasses, migrationTag } = applyMigrations(script, metadata);
  for (const b of bindings) {
    if (b.type !== 'durable_object_namespace' || (b.script_name !== undefined && b.script_name !== script.name)) continue;
    if (!doClasses.has(b.class_name)) {
      throw invalidWorker(
        `Cannot create binding for class '${b.class_name}' because it is not currently configured to implement Durable Objects. Did you forget to apply a migration?`,
      );
    }
  }

  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.annotations ?? {})) if (v !== undefined) annotations[k] = v;
  const version: ScriptVersion = {
    id: randomUUID(),
    number: script.versions.length + 1,
    createdOn: new Date().toISOString(),
    mainModule: metadata.main_module!,
    modules: upload.modules,
    compatibilityDate: metadata.compatibility_date ?? '2021-11-02',
    compatibilityFlags: metadata.compatibility_flags ?? [],
    bindings,
    annotations,
    source,
  };
  return { version, secrets, doClasses, migrationTag };
}

/**
 * Every D1 database, KV namespace and service a binding names must exist on the account, as
 * Cloudflare checks on upload. A service binding resolves among the account's own scripts, also
 * from a script in a dispatch namespace (Cloudflare refuses a binding to a sibling in the
 * namespace with the same 10143); a script may name itself.
 */
export function checkResources(account: AccountState, bindings: Binding[], uploading: Pick<Script, 'name' | 'namespace'>): void {
  const self = uploading.namespace === undefined ? uploading.name : undefined;
  for (const b of bindings) {
    if (b.type === 'service' && b.service !== self && !account.scripts.has(b.service)) throw serviceBindingNotFound(b.name, b.service);
    if (b.type === 'd1') {
      const id = b.id ?? b.database_id;
      if (id === undefined) throw badRequest(`D1 binding "${b.name}" needs an id`);
      if (!account.d1.has(id)) throw invalidWorker(`D1 binding "${b.name}" references database "${id}", which does not exist on this account`);
    }
    if (b.type === 'kv_namespace' && !account.kv.has(b.namespace_id)) {
      throw invalidWorker(`KV binding "${b.name}" references namespace "${b.namespace_id}", which does not exist on this account`);
    }
  }
}

function applyMigrations(script: Script, metadata: Metadata): { doClasses: Map<string, { sqlite: boolean }>; migrationTag: string | undefined } {
  const doClasses = new Map(script.doClasses);
  const migrations = metadata.migrations;
  if (migrations === undefined) return { doClasses, migrationTag: script.migrationTag };
  if (migrations.old_tag !== script.migrationTag) throw migrationTagMismatch(script.migrationTag);
  const steps: MigrationStep[] = migrations.steps ?? [migrations];
  for (const step of steps) {
    for (const cls of step.new_classes ?? []) addClass(doClasses, cls, false);
    for (const cls of step.new_sqlite_classes ?? []) addClass(doClasses, cls, true);
    for (const { from, to } of step.renamed_classes ?? []) {
      const existing = doClasses.get(from);
      if (existing === undefined) throw invalidWorker(`Cannot apply migration: class '${from}' does not exist`);
      doClasses.delete(from);
      doClasses.set(to, existing);
    }
    for (const cls of step.deleted_classes ?? []) {
      if (!doClasses.delete(cls)) throw invalidWorker(`Cannot apply migration: class '${cls}' does not exist`);
    }
  }
  return { doClasses, migrationTag: migrations.new_tag };
}

function addClass(classes: Map<string, { sqlite: boolean }>, cls: string, sqlite: boolean): void {
  if (classes.has(cls)) throw invalidWorker(`Cannot apply new-class migration to class '${cls}' that is already depended on by existing Durable Objects`);
  classes.set(cls, { sqlite });
}
