/**
 * A client of the engine's load-run routes (workers/engine/index.ts) over a fetch the caller binds
 * (a service binding). Failures come back as the engine's problem, never thrown.
 */
import type { Problem } from '../../problem';
import type { LoadSummary } from './summary';

export type LoadEngineFetch = (path: string, init?: RequestInit) => Promise<Response>;
export type LoadResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** What `POST /runs` answers (202). */
export interface LoadRunStarted {
  id: string;
  status: string;
  model: string;
  shards: number;
  durationMs: number | null;
  iterations: number | null;
  operations: string[];
  skipped: Array<{ operation: string; reason: string }>;
}

/** What `GET /runs/:id` answers: live while the run goes, the stored result after. */
export interface LoadRunView {
  id: string;
  status: string;
  target: string;
  progress: number;
  elapsedMs?: number;
  startedAt: number;
  finishedAt: number | null;
  reason: string | null;
  summary: LoadSummary;
}

export interface LoadClient {
  start(body: unknown): Promise<LoadResult<LoadRunStarted>>;
  get(id: string): Promise<LoadResult<LoadRunView>>;
  cancel(id: string): Promise<LoadResult<LoadRunView | null>>;
  /** The report as text: `json`, `junit` or `text`. */
  report(id: string, format: 'json' | 'junit' | 'text'): Promise<LoadResult<string>>;
}

const unreachable = (error: unknown): Problem => ({ type: 'https://mockloop.dev/problems/engine-unreachable', title: 'The test engine could not be reached', status: 502, detail: error instanceof Error ? error.message : String(error) });

export function createLoadClient(engine: LoadEngineFetch): LoadClient {
  async function call<T>(path: string, init?: RequestInit): Promise<LoadResult<T>> {
    try {
      const res = await engine(path, init);
      const body = (await res.json()) as unknown;
      // SAFETY: the engine answers its documented JSON on 2xx, problem+json otherwise.
      return res.ok ? { ok: true, value: body as T } : { ok: false, problem: body as Problem };
    } catch (error) {
      return { ok: false, problem: unreachable(error) };
    }
  }
  const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;
  return {
    start: (body) => call('/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    get: (id) => call(runPath(id)),
    cancel: (id) => call(`${runPath(id)}/cancel`, { method: 'POST' }),
    async report(id, format) {
      try {
        const res = await engine(`${runPath(id)}/report?format=${format}`);
        const text = await res.text();
        // SAFETY: a non-2xx answer is the engine's problem+json.
        return res.ok ? { ok: true, value: text } : { ok: false, problem: JSON.parse(text) as Problem };
      } catch (error) {
        return { ok: false, problem: unreachable(error) };
      }
    },
  };
}
