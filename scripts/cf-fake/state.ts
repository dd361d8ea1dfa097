/** The fake account's state: everything the API writes and the edge reads. Plain data, one instance per fake. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Binding } from './metadata';

export type ModuleType = 'ESModule' | 'CommonJS' | 'Text' | 'Data' | 'CompiledWasm';

export interface ModuleFile {
  name: string;
  type: ModuleType;
  contentType: string;
  contents: Uint8Array;
}

export interface ScriptVersion {
  id: string;
  number: number;
  createdOn: string;
  mainModule: string;
  modules: ModuleFile[];
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** Bindings without secret values (those live in Script.secrets). */
  bindings: Binding[];
  annotations: Record<string, string>;
  source: string;
}

export interface Deployment {
  id: string;
  createdOn: string;
  source: string;
  versions: Array<{ version_id: string; percentage: number }>;
  annotations: Record<string, string>;
}

export interface Script {
  name: string;
  /** Set for a script uploaded into a Workers for Platforms dispatch namespace. */
  namespace?: string;
  createdOn: string;
  modifiedOn: string;
  etag: string;
  migrationTag?: string;
  /** `wrangler` when wrangler made the last change, else `api` (wrangler warns before overwriting an API deploy). */
  lastDeployedFrom: 'wrangler' | 'api';
  /** Durable Object classes created by migrations, and whether they are SQLite-backed. */
  doClasses: Map<string, { sqlite: boolean }>;
  versions: ScriptVersion[];
  deployments: Deployment[];
  secrets: Map<string, string>;
  /** Cron Triggers (`PUT …/schedules`); the fake fires them on request (runScheduled), not on the clock. */
  schedules: Array<{ cron: string; created_on: string; modified_on: string }>;
  subdomain: { enabled: boolean; previews_enabled: boolean };
  settings: { logpush: boolean; observability: unknown; tail_consumers: unknown[] | null; tags: string[] };
}

export interface D1Database {
  uuid: string;
  name: string;
  createdAt: string;
  /** The Miniflare D1 binding name under which the fake's own host worker holds this database. */
  hostBinding: string;
}

export interface KvNamespace {
  id: string;
  title: string;
  /** The binding name under which the fake's host worker holds this namespace (for the values API). */
  hostBinding: string;
}

export interface CustomDomain {
  id: string;
  zone_id: string;
  zone_name: string;
  hostname: string;
  service: string;
  environment: string;
}

export interface ZoneRoute {
  id: string;
  zoneId: string;
  pattern: string;
  script: string;
}

export interface Zone {
  id: string;
  name: string;
}

export interface DispatchNamespace {
  id: string;
  name: string;
  createdOn: string;
}

export interface AccountState {
  id: string;
  name: string;
  subdomain: string;
  scripts: Map<string, Script>;
  namespaces: Map<string, DispatchNamespace>;
  /** namespace name → script name → script */
  namespaceScripts: Map<string, Map<string, Script>>;
  d1: Map<string, D1Database>;
  kv: Map<string, KvNamespace>;
  domains: Map<string, CustomDomain>;
  routes: Map<string, ZoneRoute>;
  zones: Zone[];
}

export function hexId(): string {
  return randomBytes(16).toString('hex');
}

export function newAccount(options: { accountId?: string; subdomain?: string; zones?: string[] }): AccountState {
  return {
    id: options.accountId ?? hexId(),
    name: 'MockLoop fake account',
    subdomain: options.subdomain ?? 'mockloop-fake',
    scripts: new Map(),
    namespaces: new Map(),
    namespaceScripts: new Map(),
    d1: new Map(),
    kv: new Map(),
    domains: new Map(),
    routes: new Map(),
    zones: (options.zones ?? ['example.com']).map((name) => ({ id: hexId(), name })),
  };
}

export function newScript(name: string, namespace?: string): Script {
  const now = new Date().toISOString();
  return {
    name,
    namespace,
    createdOn: now,
    modifiedOn: now,
    etag: hexId(),
    lastDeployedFrom: 'api',
    doClasses: new Map(),
    versions: [],
    deployments: [],
    secrets: new Map(),
    schedules: [],
    subdomain: { enabled: false, previews_enabled: false },
    settings: { logpush: false, observability: null, tail_consumers: null, tags: [] },
  };
}

export function currentVersion(script: Script): ScriptVersion | undefined {
  const deployed = script.deployments.at(-1)?.versions[0]?.version_id;
  return script.versions.find((v) => v.id === deployed) ?? script.versions.at(-1);
}

export { randomUUID };
