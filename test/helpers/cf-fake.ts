/** Small clients for tests of the Cloudflare fake: an authorised API call and a Workers upload form. */
import type { CloudflareFake } from '../../scripts/cf-fake';
import { runCli } from './cli-async';

export interface Envelope<T = unknown> {
  success: boolean;
  errors: Array<{ code: number; message: string }>;
  messages: unknown[];
  result: T;
}

export async function cfApi<T = unknown>(cf: CloudflareFake, method: string, path: string, body?: unknown, token = cf.token): Promise<{ status: number; headers: Headers; json: Envelope<T> }> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  const res = await fetch(`${cf.apiUrl}${path.replace('{account}', `accounts/${cf.accountId}`)}`, init);
  // SAFETY: every answer of the fake's API is the v4 envelope.
  return { status: res.status, headers: res.headers, json: (await res.json()) as Envelope<T> };
}

export function uploadForm(source: string, metadata: Record<string, unknown>): FormData {
  const form = new FormData();
  form.set('metadata', new Blob([JSON.stringify({ main_module: 'index.js', compatibility_date: '2026-01-01', ...metadata })], { type: 'application/json' }));
  form.set('index.js', new File([source], 'index.js', { type: 'application/javascript+module' }));
  return form;
}

/** A Worker with a D1 binding, a SQLite-backed Durable Object and string bindings, tagged by `label`. */
export function counterWorker(label: string): string {
  return `import { DurableObject } from 'cloudflare:workers';
export class Counter extends DurableObject {
  async fetch() {
    const n = ((await this.ctx.storage.get('n')) ?? 0) + 1;
    await this.ctx.storage.put('n', n);
    return new Response(String(n));
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/count') return env.COUNTER.get(env.COUNTER.idFromName('one')).fetch(request);
    const rows = env.DB ? (await env.DB.prepare('SELECT name FROM pets ORDER BY id').all()).results : null;
    return Response.json({ label: ${JSON.stringify(label)}, greeting: env.GREETING ?? null, secret: env.SECRET ?? null, rows, host: url.hostname });
  },
};`;
}

/** What `mockloop deploy` (and wrangler under it) needs in its environment to talk to the fake and its edge. */
export function deployEnv(cf: CloudflareFake): Record<string, string> {
  return {
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    CLOUDFLARE_API_BASE_URL: cf.apiUrl,
    MOCKLOOP_EDGE_URL: cf.edgeUrl,
    CI: '1',
    WRANGLER_SEND_METRICS: 'false',
  };
}

/** What `mockloop deploy --json` prints. */
export interface DeployJson {
  name: string;
  mock_url: string;
  admin_url: string;
  admin_token: string | null;
  plan_version: string;
  operations: number;
  expires_at: string | null;
}

/** `mockloop deploy <args> --json` against the fake; throws with its output when it fails, which never shows the API token. */
export async function deployJson(cf: CloudflareFake, args: string[]): Promise<DeployJson> {
  const out = await runCli(['deploy', ...args, '--json'], deployEnv(cf));
  if ((out.stderr + out.stdout).includes(cf.token)) throw new Error('mockloop deploy printed the API token');
  if (out.status !== 0) throw new Error(`deploy failed (${out.status}): ${out.stdout}${out.stderr}`);
  return JSON.parse(out.stdout) as DeployJson;
}
