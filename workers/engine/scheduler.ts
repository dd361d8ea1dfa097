/**
 * Scheduler: one Durable Object per stack holding every schedule of test plans, with one alarm set
 * to the earliest next run. When it fires it runs each due plan (src/testing/runs stores each run
 * in D1 with its scheduleId) and moves that schedule to its next time. A thin shell: the schedule
 * logic is src/testing/schedule, the run src/testing/plans.
 */
import { DurableObject } from 'cloudflare:workers';
import { createUlidFactory } from '../../src/logs/ulid';
import type { MockPlan } from '../../src/plan';
import { type PlanLookup, planLookup } from '../../src/testing/plans';
import { executePlanRun } from '../../src/db/plan-runs';
import { afterRun, dueSchedules, earliestRun, MAX_SCHEDULES, publicView, type ScheduleRecord, type ScheduleView } from '../../src/testing/schedule';

export interface SchedulerEnv {
  DB: D1Database;
  SCHEDULER: DurableObjectNamespace;
  /** Shortest `every` interval in ms (default 60000; the local stack and tests set less). */
  SCHEDULE_MIN_INTERVAL_MS?: string;
  LOAD_ALLOWED_HOSTS?: string;
  MOCK_HOSTS?: string;
  ENGINE_LOCAL?: string;
}

export interface SchedulerRpc {
  add(record: ScheduleRecord): Promise<{ ok: true; view: ScheduleView } | { ok: false; reason: string }>;
  list(): Promise<ScheduleView[]>;
  get(id: string): Promise<ScheduleView | null>;
  remove(id: string): Promise<boolean>;
}

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

export function schedulerOf(ns: DurableObjectNamespace): SchedulerRpc {
  // SAFETY: the namespace is bound to Scheduler (wrangler.engine.toml, cli/engine-runtime.ts), which implements SchedulerRpc.
  return ns.get(ns.idFromName('schedules')) as unknown as SchedulerRpc;
}

export class Scheduler extends DurableObject<SchedulerEnv> implements SchedulerRpc {
  async #all(): Promise<ScheduleRecord[]> {
    return [...(await this.ctx.storage.list<ScheduleRecord>({ prefix: 's:' })).values()];
  }

  async #arm(): Promise<void> {
    const next = earliestRun(await this.#all());
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  async add(record: ScheduleRecord) {
    const all = await this.#all();
    if (all.length >= MAX_SCHEDULES) return { ok: false as const, reason: `at most ${MAX_SCHEDULES} schedules; delete one first` };
    await this.ctx.storage.put(`s:${record.id}`, record);
    await this.#arm();
    return { ok: true as const, view: publicView(record) };
  }

  async list() {
    return (await this.#all()).map(publicView).sort((a, b) => a.created_at - b.created_at);
  }

  async get(id: string) {
    const record = await this.ctx.storage.get<ScheduleRecord>(`s:${id}`);
    return record ? publicView(record) : null;
  }

  async remove(id: string) {
    const existed = await this.ctx.storage.delete(`s:${id}`);
    await this.#arm();
    return existed;
  }

  override async alarm(): Promise<void> {
    for (const record of dueSchedules(await this.#all(), Date.now())) {
      const ranAt = Date.now();
      const runId = ulid(ranAt);
      let status = 'error';
      try {
        const stored = await executePlanRun(this.env.DB, record.plan, {
          id: runId,
          mock: record.target.mock,
          target: record.target.url,
          fetch: (input, init) => fetch(input, init),
          admin: record.admin,
          lookup: record.admin ? await lookupOf(record.admin) : undefined,
          scheduleId: record.id,
          clock: () => Date.now(),
        });
        status = stored.ok ? stored.result.status : 'error';
      } catch {
        // A failed run must not stop the schedule; the run row says what it could.
      }
      // The schedule may have been deleted while its plan ran.
      if (await this.ctx.storage.get(`s:${record.id}`)) await this.ctx.storage.put(`s:${record.id}`, afterRun(record, ranAt, runId, status, Date.now()));
    }
    await this.#arm();
  }
}

async function lookupOf(admin: { url: string; token: string }): Promise<PlanLookup | undefined> {
  try {
    const res = await fetch(`${admin.url.replace(/\/+$/, '')}/api/plan?full=true`, { headers: { authorization: `Bearer ${admin.token}` }, signal: AbortSignal.timeout(10_000) });
    // SAFETY: GET /api/plan?full=true answers the MockPlan the mock serves.
    return res.ok ? planLookup((await res.json()) as MockPlan) : undefined;
  } catch {
    return undefined;
  }
}
