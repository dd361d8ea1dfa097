/**
 * A client of the engine's schedule routes (workers/engine/schedules.ts) over a fetch the caller
 * binds (a service binding deployed, the local engine's URL and token in Node). Failures come back
 * as the engine's problem, never thrown.
 */
import type { Problem } from '../../problem';
import type { ScheduleView } from './model';

export type EngineFetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface ScheduleDetail extends ScheduleView {
  recent_runs: Array<{ id: string; status: string; createdAt: number; finishedAt: number | null; summary: unknown; reason: string | null }>;
  latest: unknown;
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface ScheduleClient {
  create(body: unknown): Promise<EngineResult<ScheduleView>>;
  list(): Promise<EngineResult<ScheduleView[]>>;
  get(id: string): Promise<EngineResult<ScheduleDetail>>;
  remove(id: string): Promise<EngineResult<{ id: string; deleted: boolean }>>;
}

export function createScheduleClient(engine: EngineFetch): ScheduleClient {
  async function call<T>(path: string, init?: RequestInit): Promise<EngineResult<T>> {
    try {
      const res = await engine(path, init);
      const body = (await res.json()) as unknown;
      // SAFETY: the engine answers its documented JSON on 2xx, problem+json otherwise.
      return res.ok ? { ok: true, value: body as T } : { ok: false, problem: body as Problem };
    } catch (error) {
      return { ok: false, problem: { type: 'https://mockloop.dev/problems/engine-unreachable', title: 'The test engine could not be reached', status: 502, detail: error instanceof Error ? error.message : String(error) } };
    }
  }
  return {
    create: (body) => call('/schedules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    list: async () => {
      const r = await call<{ items: ScheduleView[] }>('/schedules');
      return r.ok ? { ok: true, value: r.value.items } : r;
    },
    get: (id) => call(`/schedules/${encodeURIComponent(id)}`),
    remove: (id) => call(`/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  };
}
