/**
 * A schedule of a test plan, as the Scheduler Durable Object keeps it, and the pure steps around
 * it: checking a request to create one, what is due, the next run. The stored record holds the
 * plan and the admin token (the DO's storage only); `publicView` is what leaves the engine.
 */
import { z } from 'zod';
import { fail, ok, type Problem, problem, type Result } from '../../problem';
import { checkTestPlan, parseTestPlan, type TestPlan } from '../plans';
import { nextRun, parseSchedule } from './cron';
import { SCHEDULE_INVALID } from './errors';

export const MAX_SCHEDULES = 100;

export const scheduleRequestSchema = z.strictObject({
  name: z.string().min(1).max(120),
  schedule: z.string().min(1).max(200).describe('`*/15 * * * *` (5-field cron, UTC) or `every 10m`'),
  plan: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]),
  target: z.strictObject({ url: z.url().max(2048), mock: z.string().min(1).max(100).nullable().optional() }),
  admin: z.strictObject({ url: z.url().max(2048), token: z.string().min(1).max(500) }).optional(),
});

export type ScheduleRequest = z.output<typeof scheduleRequestSchema>;

export interface ScheduleRecord {
  id: string;
  name: string;
  schedule: string;
  plan: TestPlan;
  target: { url: string; mock: string | null };
  admin?: { url: string; token: string };
  createdAt: number;
  nextRunAt: number | null;
  runs: number;
  lastRunId: string | null;
  lastStatus: string | null;
  lastRunAt: number | null;
}

export interface ScheduleView {
  id: string;
  name: string;
  schedule: string;
  plan: string;
  target: string;
  mock: string | null;
  created_at: number;
  next_run_at: number | null;
  runs: number;
  last_run_id: string | null;
  last_status: string | null;
  last_run_at: number | null;
}

/** Checks a request and makes the record (its first run computed from `now`). */
export function newSchedule(body: unknown, id: string, now: number, minIntervalMs: number): Result<ScheduleRecord> {
  const parsed = scheduleRequestSchema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ location: `/${i.path.join('/')}`, message: i.message }));
    return fail(problem(SCHEDULE_INVALID, errors.map((e) => `${e.location}: ${e.message}`).join('; '), { errors }));
  }
  const req = parsed.data;
  const when = parseSchedule(req.schedule, minIntervalMs);
  if (!when.ok) return fail(problem(SCHEDULE_INVALID, `schedule: ${when.reason}`, { errors: [{ location: '/schedule', message: when.reason }] }));
  const plan = typeof req.plan === 'string' ? parseTestPlan(req.plan) : checkTestPlan(req.plan);
  if (!plan.ok) return fail(prefixed(plan.problem, '/plan'));
  return ok({
    id,
    name: req.name,
    schedule: when.schedule.text,
    plan: plan.value,
    target: { url: req.target.url, mock: req.target.mock ?? null },
    ...(req.admin ? { admin: req.admin } : {}),
    createdAt: now,
    nextRunAt: nextRun(when.schedule, now, now),
    runs: 0,
    lastRunId: null,
    lastStatus: null,
    lastRunAt: null,
  });
}

/** The record after a run that started at `ranAt`: its next run on the schedule's grid. */
export function afterRun(record: ScheduleRecord, ranAt: number, runId: string, status: string, now: number): ScheduleRecord {
  const when = parseSchedule(record.schedule, 0);
  const next = when.ok ? nextRun(when.schedule, Math.max(now, ranAt), record.createdAt) : null;
  return { ...record, runs: record.runs + 1, lastRunId: runId, lastStatus: status, lastRunAt: ranAt, nextRunAt: next };
}

export function dueSchedules(records: readonly ScheduleRecord[], now: number): ScheduleRecord[] {
  return records.filter((r) => r.nextRunAt !== null && r.nextRunAt <= now).sort((a, b) => (a.nextRunAt ?? 0) - (b.nextRunAt ?? 0));
}

export function earliestRun(records: readonly ScheduleRecord[]): number | null {
  const times = records.map((r) => r.nextRunAt).filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

/** What callers see: no plan body (its headers may carry credentials), no admin token. */
export function publicView(r: ScheduleRecord): ScheduleView {
  return {
    id: r.id,
    name: r.name,
    schedule: r.schedule,
    plan: r.plan.name,
    target: r.target.url,
    mock: r.target.mock,
    created_at: r.createdAt,
    next_run_at: r.nextRunAt,
    runs: r.runs,
    last_run_id: r.lastRunId,
    last_status: r.lastStatus,
    last_run_at: r.lastRunAt,
  };
}

function prefixed(p: Problem, prefix: string): Problem {
  const errors = (p.errors ?? []).map((e) => ({ ...e, location: `${prefix}${e.location}` }));
  return { ...p, type: SCHEDULE_INVALID.type, title: SCHEDULE_INVALID.title, status: SCHEDULE_INVALID.status, detail: errors.slice(0, 5).map((e) => `${e.location}: ${e.message}`).join('; '), errors };
}
