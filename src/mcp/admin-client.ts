/**
 * A small client of one mock's admin API: the only way the MCP tools reach a mock (as CI and the
 * admin page do). Failures come back as problems, never as thrown errors.
 */
import type { MockPlan } from '../plan';
import { type Problem, problem } from '../problem';
import { TOOL_ADMIN_FAILED } from './errors';

export interface AdminTarget {
  name: string;
  adminUrl: string;
  adminToken: string;
}

export type AdminResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface MockHealth {
  status: string;
  planVersion: string | null;
  latencyMs: number;
}

export interface PlanSummary {
  version: string;
  title: string;
  basePath: string;
  operations: Array<{ id: string; method: string; path: string; responses: string[] }>;
  warnings: Array<{ location: string; code: string; message: string }>;
}

export interface MockSettings {
  validateRequests: boolean;
  enforceSecurity: boolean;
  cors: boolean;
  stateful: boolean;
}

/** What requests see now (GET /api/mock-data/state), the part the MCP tools report. */
export interface SteeringState {
  paused: boolean;
  active_scenario: string | null;
  stateful: boolean;
}

export interface AdminClient {
  health(): Promise<AdminResult<MockHealth>>;
  requestCount(): Promise<AdminResult<number>>;
  plan(): Promise<AdminResult<PlanSummary>>;
  /** The whole compiled plan being served. */
  fullPlan(): Promise<AdminResult<MockPlan>>;
  steeringState(): Promise<AdminResult<SteeringState>>;
  updateSettings(patch: Partial<MockSettings>): Promise<AdminResult<MockSettings>>;
  /** Any documented admin route answering JSON (see the admin API's /api/openapi.json). */
  json<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<AdminResult<T>>;
  /** A route answering text (HTML or CSV reports). */
  text(path: string): Promise<AdminResult<{ text: string; contentType: string }>>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * @example
 * const admin = createAdminClient({ name: 'shop', adminUrl, adminToken });
 * const count = await admin.requestCount(); // { ok: true, value: 12 }
 */
export function createAdminClient(target: AdminTarget, fetchImpl: FetchLike = (input, init) => fetch(input, init), now: () => number = Date.now): AdminClient {
  const call = async <T>(path: string, init: RequestInit = {}, auth = true, raw = false): Promise<AdminResult<T>> => {
    const headers = new Headers(init.headers);
    if (auth) headers.set('authorization', `Bearer ${target.adminToken}`);
    let res: Response;
    try {
      res = await fetchImpl(target.adminUrl + path, { ...init, headers });
    } catch (error) {
      return { ok: false, problem: problem(TOOL_ADMIN_FAILED, `The admin API of "${target.name}" is unreachable: ${error instanceof Error ? error.message : String(error)}`) };
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text.slice(0, 300);
      // The admin problem's items (which field, what exists instead) let a tool name the argument at fault.
      let extra: Record<string, unknown> = {};
      try {
        const body = JSON.parse(text) as { detail?: string; title?: string; errors?: unknown; available?: unknown };
        detail = body.detail ?? body.title ?? detail;
        extra = { ...(Array.isArray(body.errors) ? { errors: body.errors.slice(0, 50) } : {}), ...(Array.isArray(body.available) ? { available: body.available.slice(0, 200) } : {}) };
      } catch {}
      return { ok: false, problem: problem(TOOL_ADMIN_FAILED, `${init.method ?? 'GET'} ${path} on "${target.name}" answered ${res.status}: ${detail}`, { adminStatus: res.status, ...extra }) };
    }
    // SAFETY: raw callers ask for T = { text, contentType }.
    if (raw) return { ok: true, value: { text, contentType: res.headers.get('content-type') ?? '' } as T };
    // SAFETY: each caller names the response shape documented in the admin API's OpenAPI.
    return { ok: true, value: JSON.parse(text) as T };
  };

  return {
    async health() {
      const started = now();
      const res = await call<{ status: string; planVersion: string | null }>('/health', {}, false);
      return res.ok ? { ok: true, value: { status: res.value.status, planVersion: res.value.planVersion, latencyMs: now() - started } } : res;
    },
    async requestCount() {
      const res = await call<{ total: number }>('/api/requests?limit=1');
      return res.ok ? { ok: true, value: res.value.total } : res;
    },
    plan: () => call<PlanSummary>('/api/plan'),
    fullPlan: () => call<MockPlan>('/api/plan?full=true'),
    steeringState: () => call<SteeringState>('/api/mock-data/state'),
    updateSettings: (patch) => call<MockSettings>('/api/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
    json: <T>(method: string, path: string, body?: unknown) =>
      call<T>(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    text: (path) => call<{ text: string; contentType: string }>(path, {}, true, true),
  };
}
