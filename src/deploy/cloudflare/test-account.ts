/**
 * For unit tests only: a scripted stand-in for the Cloudflare API that records every call and
 * keeps just enough state (scripts, migrations, registry rows) to answer a deploy's calls the way
 * the documented API does. The end-to-end tests run against the full local fake instead.
 */
export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  form?: FormData;
  authorization: string | null;
}

export interface TestAccount {
  fetch: typeof fetch;
  calls: RecordedCall[];
  scripts: Map<string, { migrationTag: string | null; metadata: Record<string, unknown>; versions: string[] }>;
  /** Answers `status` with Cloudflare's envelope for the next call whose "METHOD path" matches. */
  failNext(match: RegExp, status: number, errors: Array<{ code: number; message: string }>, headers?: Record<string, string>): void;
}

export function createTestAccount(accountId = 'acc123'): TestAccount {
  const calls: RecordedCall[] = [];
  const scripts: TestAccount['scripts'] = new Map();
  const migrations = new Set<string>();
  const registry = new Map<string, { mock_url: string; admin_url: string; created_at: string; expires_at: string | null }>();
  const faults: Array<{ match: RegExp; status: number; errors: Array<{ code: number; message: string }>; headers?: Record<string, string> }> = [];
  let database: string | null = null;
  let version = 0;

  const ok = (result: unknown) => Response.json({ success: true, errors: [], messages: [], result });
  const error = (status: number, code: number, message: string) => Response.json({ success: false, errors: [{ code, message }], messages: [], result: null }, { status });

  async function handle(method: string, path: string, body: unknown, form: FormData | undefined): Promise<Response> {
    const fault = faults.findIndex((f) => f.match.test(`${method} ${path}`));
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1);
      return Response.json({ success: false, errors: f.errors, messages: [], result: null }, { status: f.status, headers: f.headers });
    }
    const base = `/accounts/${accountId}`;
    if (method === 'GET' && path.startsWith(`${base}/d1/database?name=`)) return ok(database ? [{ uuid: database, name: 'mockloop' }] : []);
    if (method === 'POST' && path === `${base}/d1/database`) {
      database = 'db-uuid-1';
      return ok({ uuid: database, name: 'mockloop' });
    }
    if (method === 'POST' && path === `${base}/d1/database/${database}/query`) return ok(answerQuery(body));
    if (method === 'GET' && path.startsWith(`${base}/workers/domains?service=`)) return ok([]);
    if (method === 'GET' && path === `${base}/workers/subdomain`) return ok({ subdomain: 'acme' });
    const service = path.match(/^\/accounts\/\w+\/workers\/services\/([\w-]+)$/);
    if (method === 'GET' && service) {
      const script = scripts.get(service[1]);
      return script ? ok({ id: service[1], default_environment: { environment: 'production', script: { id: service[1], migration_tag: script.migrationTag } } }) : error(404, 10090, 'workers.api.error.service_not_found');
    }
    const scriptMatch = path.match(/^\/accounts\/\w+\/workers\/scripts\/([\w-]+)(\/[\w]+)?(\?.*)?$/);
    if (scriptMatch) {
      const [, name, sub] = scriptMatch;
      const script = scripts.get(name);
      if (method === 'PUT' && !sub && form) {
        const part: unknown = form.get('metadata');
        if (!(part instanceof File)) return error(400, 10021, 'metadata part missing');
        // SAFETY: test-only; the fields read below are checked where used.
        const metadata = JSON.parse(await part.text()) as Record<string, unknown>;
        // SAFETY: test-only shape of the migrations field.
        const migration = metadata.migrations as { old_tag?: string; new_tag: string } | undefined;
        if (migration?.old_tag !== undefined && migration.old_tag !== (script?.migrationTag ?? undefined)) return error(400, 10079, 'migration tag precondition failed');
        const id = `v${++version}`;
        scripts.set(name, { migrationTag: migration?.new_tag ?? script?.migrationTag ?? null, metadata, versions: [...(script?.versions ?? []), id] });
        return ok({ id: name, etag: id });
      }
      if (!script) return error(404, 10007, 'workers.api.error.script_not_found');
      if (method === 'POST' && sub === '/subdomain') return ok({ enabled: true, previews_enabled: false });
      if (method === 'GET' && sub === '/settings') {
        // SAFETY: test-only; the deployer wrote the bindings as an array of objects.
        const bindings = (script.metadata.bindings ?? []) as Array<Record<string, unknown>>;
        return ok({ bindings: bindings.map((b) => (b.type === 'secret_text' ? { type: b.type, name: b.name } : b)) });
      }
      if (method === 'GET' && sub === '/deployments') return ok({ deployments: [{ id: 'd1', versions: [{ version_id: script.versions.at(-1), percentage: 100 }] }] });
      if (method === 'POST' && sub === '/deployments') return ok({ id: 'd2' });
      if (method === 'DELETE' && !sub) {
        scripts.delete(name);
        return ok(null);
      }
    }
    return error(404, 7003, `Could not route to ${path}`);
  }

  function answerQuery(body: unknown): Array<{ results: unknown[]; success: true }> {
    // SAFETY: the deployer sends {sql, params} or {batch: [{sql, params}]}.
    const b = body as { sql?: string; params?: string[]; batch?: Array<{ sql: string; params?: string[] }> };
    const statements = b.batch ?? [{ sql: b.sql ?? '', params: b.params }];
    return statements.map(({ sql, params = [] }) => {
      if (sql.startsWith('SELECT name FROM d1_migrations')) return { results: [...migrations].map((name) => ({ name })), success: true };
      const applied = sql.match(/INSERT INTO d1_migrations \(name\) VALUES \('([^']+)'\)/);
      if (applied) migrations.add(applied[1]);
      if (sql.startsWith('SELECT created_at, expires_at FROM deployments')) {
        const row = registry.get(params[0]);
        return { results: row ? [row] : [], success: true };
      }
      if (sql.startsWith('SELECT d.mock')) {
        return { results: [...registry].map(([mock, row]) => ({ mock, mock_url: row.mock_url, admin_url: row.admin_url, base_path: '', status: 'running', created_at: row.created_at, expires_at: row.expires_at })), success: true };
      }
      if (sql.startsWith('INSERT INTO deployments')) registry.set(params[0], { mock_url: params[2], admin_url: params[3], created_at: params[7], expires_at: params[9] || null });
      if (sql.startsWith('DELETE FROM deployments')) registry.delete(params[0]);
      return { results: [], success: true };
    });
  }

  return {
    calls,
    scripts,
    failNext(match, status, errors, headers) {
      faults.push({ match, status, errors, headers });
    },
    async fetch(input, init) {
      const url = new URL(String(input));
      const path = url.pathname.replace(/^\/client\/v4/, '') + url.search;
      const method = init?.method ?? 'GET';
      const form = init?.body instanceof FormData ? init.body : undefined;
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ method, path, body, form, authorization: new Headers(init?.headers).get('authorization') });
      return handle(method, path, body, form);
    },
  };
}
