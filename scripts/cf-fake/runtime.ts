/**
 * Runs every uploaded script in one Miniflare (workerd) instance: one worker per script, bindings
 * built from the script's current version, D1 databases shared by id with the fake's D1 API, and
 * Durable Object state persisted under a temporary directory so a re-upload (which reloads workerd)
 * keeps it. A reload that fails to start (a script that throws at startup, a class that is not
 * exported) is rolled back and reported as the upload's error, like Cloudflare's validation.
 */
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse, type WorkerOptions } from 'miniflare';
import { COMPATIBILITY_DATE } from '../../cli/local-runtime';
import type { AccountState, Script, ScriptVersion } from './state';
import { currentVersion } from './state';
import { RuntimeLog } from './runtime-log';

/** The fake's own worker: entry of the instance and holder of every D1 database (for the D1 API). */
export const HOST_WORKER = '__cf_fake_host';
const HOST_SCRIPT = 'export default { fetch() { return new Response("no route", { status: 404 }); } };';

export function workerNameFor(script: Pick<Script, 'name' | 'namespace'>): string {
  return script.namespace === undefined ? `script.${script.name}` : `dispatch.${script.namespace}.${script.name}`;
}

export class FakeRuntime {
  readonly #mf: Miniflare;
  readonly #persistDir: string;
  readonly #log: RuntimeLog;
  readonly #runScripts: boolean;
  readonly #agent = new Agent({ keepAlive: true, timeout: 4_000 });
  #chain: Promise<unknown> = Promise.resolve();
  /** The configuration workerd runs now (without scripts: only the host worker's), to skip a reload that changes nothing. */
  #applied = '';
  #outbound: Outbound | undefined;

  private constructor(mf: Miniflare, persistDir: string, log: RuntimeLog, runScripts: boolean) {
    this.#mf = mf;
    this.#persistDir = persistDir;
    this.#log = log;
    this.#runScripts = runScripts;
  }

  /**
   * `workerLog` receives every line the Workers print (console.log, uncaught errors). Without
   * `runScripts` the uploaded scripts are stored but not run (the edge answers 503): only D1 and KV
   * live in workerd, which then restarts only when a database or namespace is created or deleted.
   */
  static async start(persistDir: string, workerLog?: (line: string) => void, runScripts = true): Promise<FakeRuntime> {
    const log = new RuntimeLog(workerLog);
    const mf = new Miniflare({ ...FakeRuntime.options(persistDir, log), workers: [hostWorker({}, {})] });
    await mf.ready;
    return new FakeRuntime(mf, persistDir, log, runScripts);
  }

  /**
   * Answers the scripts' outbound fetches from Node (the fake's edge for the hosts it serves, so a
   * Worker fetching another one's workers.dev URL reaches it, as on Cloudflare). Takes effect at
   * the next reload.
   */
  routeOutbound(outbound: Outbound): void {
    this.#outbound = outbound;
  }

  get runsScripts(): boolean {
    return this.#runScripts;
  }

  private static options(dir: string, log: RuntimeLog) {
    return {
      host: '127.0.0.1',
      port: 0,
      d1Persist: join(dir, 'd1'),
      kvPersist: join(dir, 'kv'),
      durableObjectsPersist: join(dir, 'do'),
      handleRuntimeStdio: log.attach,
      // Lets the fake fire a script's scheduled() handler (the edge refuses /cdn-cgi/ from outside).
      unsafeTriggerHandlers: true,
      // Miniflare's default logs every request through a round trip to Node: most of the edge's cost.
      logRequests: false,
    };
  }

  /**
   * Restarts workerd with the account's scripts as they are now; one reload at a time. When the
   * new set does not start, the error names what the Worker threw.
   */
  reload(account: AccountState): Promise<void> {
    const next = this.#chain.then(async () => {
      const since = Date.now();
      const workers = this.#runScripts ? buildWorkers(account, this.#outbound) : buildWorkers(account).slice(0, 1);
      if (!this.#runScripts) {
        const config = JSON.stringify(workers);
        if (config === this.#applied) return;
        this.#applied = config;
      }
      try {
        await this.#mf.setOptions({ ...FakeRuntime.options(this.#persistDir, this.#log), workers });
      } catch (error) {
        const detail = await this.#log.startupErrorSince(since);
        throw new Error(detail !== '' ? detail : error instanceof Error ? error.message : String(error));
      }
    });
    this.#chain = next.catch(() => {});
    return next;
  }

  async d1(hostBinding: string): Promise<D1Database> {
    await this.#chain;
    // SAFETY: Miniflare's D1 proxy implements the D1Database interface (its own copy of the type).
    return (await this.#mf.getD1Database(hostBinding, HOST_WORKER)) as unknown as D1Database;
  }

  /**
   * Sends a request to one worker, whatever the URL's host (the edge has already routed it):
   * straight to workerd's entry socket over kept-alive node:http connections, with the headers
   * Miniflare's own dispatchFetch sets (original URL, route override). dispatchFetch's undici
   * round trip made the edge answer ~15 times fewer requests per second than workerd itself.
   */
  async dispatch(workerName: string, url: string, init: { method: string; headers: Headers; body?: ReadableStream<Uint8Array> | null }): Promise<Response> {
    await this.#chain;
    const entry = await this.#mf.ready;
    const headers: Record<string, string> = {};
    init.headers.forEach((value, key) => {
      headers[key] = value;
    });
    headers['mf-original-url'] = url;
    headers['mf-route-override'] = workerName;
    headers['mf-disable-pretty-error'] = 'true';
    const hasBody = init.body !== undefined && init.body !== null && init.method !== 'GET' && init.method !== 'HEAD';
    return new Promise<Response>((resolve, reject) => {
      const req = httpRequest({ host: entry.hostname, port: entry.port, method: init.method, path: new URL(url).pathname + new URL(url).search, headers, agent: this.#agent }, (res) => {
        const out = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!res.rawHeaders[i].toLowerCase().startsWith('mf-')) out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        }
        const status = res.statusCode ?? 502;
        const noBody = status === 204 || status === 304 || init.method === 'HEAD';
        if (noBody) res.resume();
        // SAFETY: Readable.toWeb of an IncomingMessage yields the byte stream Response accepts.
        resolve(new Response(noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage, headers: out }));
      });
      req.on('error', reject);
      // SAFETY: a Fetch ReadableStream is what Readable.fromWeb reads.
      if (hasBody) Readable.fromWeb(init.body as unknown as import('node:stream/web').ReadableStream<Uint8Array>).pipe(req);
      else req.end();
    });
  }

  async kv(hostBinding: string): Promise<KVNamespace> {
    await this.#chain;
    // SAFETY: Miniflare's KV proxy implements the KVNamespace interface (its own copy of the type).
    return (await this.#mf.getKVNamespace(hostBinding, HOST_WORKER)) as unknown as KVNamespace;
  }

  dispose(): Promise<void> {
    this.#agent.destroy();
    return this.#mf.dispose();
  }
}

function hostWorker(d1: Record<string, string>, kv: Record<string, string>): WorkerOptions {
  return { name: HOST_WORKER, modules: true, script: HOST_SCRIPT, compatibilityDate: COMPATIBILITY_DATE, d1Databases: d1, kvNamespaces: kv };
}

function allScripts(account: AccountState): Script[] {
  const scripts = [...account.scripts.values()];
  for (const inNamespace of account.namespaceScripts.values()) scripts.push(...inNamespace.values());
  return scripts;
}

/** A Worker's outbound fetch, answered in Node. */
export type Outbound = (request: Request) => Promise<Response>;

export function buildWorkers(account: AccountState, outbound?: Outbound): WorkerOptions[] {
  const d1: Record<string, string> = {};
  for (const db of account.d1.values()) d1[db.hostBinding] = db.uuid;
  const kv: Record<string, string> = {};
  for (const ns of account.kv.values()) kv[ns.hostBinding] = ns.id;
  const workers: WorkerOptions[] = [hostWorker(d1, kv)];
  const namespaces = new Set<string>();
  for (const script of allScripts(account)) {
    const version = currentVersion(script);
    if (version === undefined) continue;
    workers.push({ ...workerFor(account, script, version), ...(outbound ? { outboundService: outboundThrough(outbound) } : {}) });
    for (const b of version.bindings) if (b.type === 'dispatch_namespace') namespaces.add(b.namespace);
  }
  for (const namespace of namespaces) workers.push(dispatcherWorker(account, namespace));
  return workers;
}

/** The worker behind a `dispatch_namespace` binding: `get(name)` answers the namespace's script (a wrapped binding). */
export const DISPATCHER_PREFIX = '__cf_fake_dispatcher.';
const DISPATCHER_SCRIPT = `export default function (env) {
  return {
    get(name) {
      const worker = env['script:' + name];
      // As Cloudflare's dispatcher: a name the namespace does not hold throws.
      if (worker === undefined) throw new Error('Worker not found.');
      return worker;
    },
  };
}`;

function dispatcherWorker(account: AccountState, namespace: string): WorkerOptions {
  const serviceBindings: Record<string, string> = {};
  for (const script of account.namespaceScripts.get(namespace)?.values() ?? []) {
    if (currentVersion(script) !== undefined) serviceBindings[`script:${script.name}`] = workerNameFor(script);
  }
  // A wrapped binding runs at the compatibility date of the worker that holds it, so it names none.
  return { name: `${DISPATCHER_PREFIX}${namespace}`, modules: true, script: DISPATCHER_SCRIPT, serviceBindings };
}

function workerFor(account: AccountState, script: Script, version: ScriptVersion): WorkerOptions {
  const bindings: Record<string, unknown> = {};
  const d1Databases: Record<string, string> = {};
  const kvNamespaces: Record<string, string> = {};
  const durableObjects: Record<string, { className: string; scriptName?: string; useSQLite: boolean }> = {};
  const serviceBindings: Record<string, string> = {};
  const wrappedBindings: Record<string, { scriptName: string }> = {};
  for (const b of version.bindings) {
    if (b.type === 'plain_text') bindings[b.name] = b.text;
    else if (b.type === 'json') bindings[b.name] = b.json;
    else if (b.type === 'd1') d1Databases[b.name] = (b.id ?? b.database_id)!;
    else if (b.type === 'kv_namespace') kvNamespaces[b.name] = b.namespace_id;
    else if (b.type === 'durable_object_namespace') {
      const owner = b.script_name === undefined || b.script_name === script.name ? script : account.scripts.get(b.script_name);
      if (owner === undefined) continue;
      const sqlite = owner.doClasses.get(b.class_name)?.sqlite ?? false;
      durableObjects[b.name] = { className: b.class_name, useSQLite: sqlite, ...(owner === script ? {} : { scriptName: workerNameFor(owner) }) };
    } else if (b.type === 'dispatch_namespace') {
      wrappedBindings[b.name] = { scriptName: `${DISPATCHER_PREFIX}${b.namespace}` };
    } else if (b.type === 'service') {
      // Resolved among the account's scripts, from a namespace's script too (as Cloudflare does).
      const target = account.scripts.get(b.service);
      if (target !== undefined) serviceBindings[b.name] = workerNameFor(target);
    }
  }
  for (const [name, value] of script.secrets) bindings[name] = value;
  const main = version.modules.find((m) => m.name === version.mainModule)!;
  const ordered = [main, ...version.modules.filter((m) => m !== main)];
  return {
    name: workerNameFor(script),
    modulesRoot: '/',
    modules: ordered.map((m) => ({ type: m.type, path: `/${m.name}`, contents: new Uint8Array(m.contents) })),
    compatibilityDate: supportedDate(version.compatibilityDate),
    compatibilityFlags: version.compatibilityFlags,
    // SAFETY: plain_text/secret values are strings and json values are JSON, which is what Miniflare's bindings accept.
    bindings: bindings as WorkerOptions['bindings'],
    d1Databases,
    kvNamespaces,
    durableObjects,
    serviceBindings,
    wrappedBindings,
  };
}

/** Miniflare's outbound function takes and answers its own (undici) Request and Response. */
function outboundThrough(outbound: Outbound) {
  return async (request: MiniflareRequest): Promise<MiniflareResponse> => {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    // SAFETY: Miniflare's undici Request body is a web ReadableStream, as a Fetch API Request takes.
    const body = hasBody ? (request.body as unknown as ReadableStream<Uint8Array> | null) : null;
    // SAFETY: `duplex` is required by Node's fetch for a streamed body and missing from the DOM RequestInit type.
    const forwarded = new Request(request.url, { method: request.method, headers: [...request.headers], body, duplex: 'half', redirect: 'manual' } as RequestInit);
    const res = await outbound(forwarded);
    // SAFETY: the body is a web ReadableStream, which Miniflare's Response accepts.
    return new MiniflareResponse(res.body as never, { status: res.status, statusText: res.statusText, headers: [...res.headers] });
  };
}

/** workerd refuses a date newer than it knows; the fake runs such a script at the newest date it supports. */
function supportedDate(date: string): string {
  return [date, COMPATIBILITY_DATE].sort()[0];
}
