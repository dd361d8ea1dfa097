/**
 * A small client of one mock's admin API: the only way the MCP tools reach a mock (as CI and the
 * admin page do). Failures come back as problems, never as thrown errors.
 */
import { type AdminRoute, type BodyOf, core, type QueryOf, type ResponseOf, type ServedPlan, type Settings, type SettingsPatch, steering, type SteeringStateView } from '../admin-api';
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

/** GET /api/plan: the plan being served, summarised, with its stored versions. */
export type PlanSummary = ServedPlan;
export type MockSettings = Settings;
/** What requests see now (GET /api/mock-data/state). */
export type SteeringState = SteeringStateView;

type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/** What a contract route takes: path parameters by name, query parameters the route declares, its body. */
export interface CallInput<R extends AdminRoute> {
  params?: Record<string, string>;
  query?: R['query'] extends undefined ? never : { [K in keyof QueryOf<R>]?: QueryValue };
  body?: BodyOf<R>;
  /** Aborts the call (and, for a route that works until it answers, that work). */
  signal?: AbortSignal;
}

/** The JSON a route answers on success (200, or 201 for a route that creates). */
export type SuccessOf<R extends AdminRoute> = ResponseOf<R, Extract<keyof R['responses'], '200' | '201'>>;

export interface AdminClient {
  health(): Promise<AdminResult<MockHealth>>;
  requestCount(): Promise<AdminResult<number>>;
  plan(): Promise<AdminResult<PlanSummary>>;
  /** The whole compiled plan being served. */
  fullPlan(): Promise<AdminResult<MockPlan>>;
  steeringState(): Promise<AdminResult<SteeringState>>;
  updateSettings(patch: SettingsPatch): Promise<AdminResult<MockSettings>>;
  /**
   * A route of the admin API contract (src/admin-api), typed by it: the path is filled from
   * `params`, the query may name only the route's parameters, the body and answer have its shapes.
   */
  call<R extends AdminRoute>(route: R, input?: CallInput<R>): Promise<AdminResult<SuccessOf<R>>>;
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
      const res = await call<ResponseOf<typeof core.getHealth>>(core.getHealth.path, {}, false);
      return res.ok ? { ok: true, value: { status: res.value.status, planVersion: res.value.planVersion, latencyMs: now() - started } } : res;
    },
    async requestCount() {
      const res = await call<ResponseOf<typeof core.listRequests>>(`${core.listRequests.path}?limit=1`);
      return res.ok ? { ok: true, value: res.value.total } : res;
    },
    plan: () => call<PlanSummary>(core.getPlan.path),
    fullPlan: () => call<MockPlan>(`${core.getPlan.path}?full=true`),
    steeringState: () => call<SteeringState>(steering.getMockDataState.path),
    updateSettings: (patch) => call<MockSettings>(core.patchSettings.path, { method: core.patchSettings.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
    call: <R extends AdminRoute>(route: R, input: CallInput<R> = {}) => {
      const path = fillPath(route.path, input.params ?? {}) + queryString(input.query ?? {});
      const method = route.method.toUpperCase();
      const signal = input.signal ? { signal: input.signal } : {};
      return call<SuccessOf<R>>(path, input.body === undefined ? { method, ...signal } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(input.body), ...signal });
    },
    text: (path) => call<{ text: string; contentType: string }>(path, {}, true, true),
  };
}

/** `/api/sessions/{id}/end` with `{ id: 'a b' }` → `/api/sessions/a%20b/end`. */
function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template} needs the path parameter "${name}".`);
    return encodeURIComponent(value);
  });
}

/** A query string from the defined values (arrays joined with commas, as the admin API takes them). */
export function queryString(values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
