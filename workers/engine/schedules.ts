/**
 * The engine's schedule routes (beside the load helper's /runs):
 *
 *   POST   /schedules        create (201), or problem+json naming the field, nothing stored
 *   GET    /schedules        every schedule
 *   GET    /schedules/:id    one, with recent_runs (newest first) and `latest`, the newest finished run's result
 *   DELETE /schedules/:id
 *   GET    /plan-runs        recent plan runs (`?schedule=<id>` for one schedule's)
 */
import { listTestRuns } from '../../src/db/test-runs';
import { createUlidFactory } from '../../src/logs/ulid';
import { problem, problemResponse } from '../../src/problem';
import { parseHostList, targetRefusal } from '../../src/testing/load';
import { latestScheduleResults } from '../../src/db/plan-runs';
import { newSchedule, SCHEDULE_INVALID, SCHEDULE_LIMIT, SCHEDULE_UNKNOWN } from '../../src/testing/schedule';
import { type SchedulerEnv, schedulerOf } from './scheduler';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
const MAX_BODY_CHARS = 1_100_000;

/** The response for a schedule route, or null when the path is not one (the caller tries its own). */
export async function routeSchedules(request: Request, env: SchedulerEnv): Promise<Response | null> {
  const url = new URL(request.url);
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'plan-runs' && parts.length === 1 && request.method === 'GET') {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
    const runs = await listTestRuns(env.DB, { kind: 'plan', scheduleId: url.searchParams.get('schedule') ?? undefined, mock: url.searchParams.get('mock') ?? undefined, limit });
    return Response.json({ items: runs });
  }
  if (parts[0] !== 'schedules' || parts.length > 2) return null;
  const scheduler = schedulerOf(env.SCHEDULER);
  if (parts.length === 1 && request.method === 'POST') return create(request, env);
  if (parts.length === 1 && request.method === 'GET') return Response.json({ items: await scheduler.list() });
  const id = parts[1] ?? '';
  if (request.method === 'GET') {
    const view = await scheduler.get(id);
    if (!view) return problemResponse(problem(SCHEDULE_UNKNOWN, `No schedule "${id}".`));
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 10) || 10));
    const { runs, latest } = await latestScheduleResults(env.DB, id, limit);
    return Response.json({ ...view, recent_runs: runs, latest });
  }
  if (request.method === 'DELETE') {
    return (await scheduler.remove(id)) ? Response.json({ id, deleted: true }) : problemResponse(problem(SCHEDULE_UNKNOWN, `No schedule "${id}".`));
  }
  return null;
}

async function create(request: Request, env: SchedulerEnv): Promise<Response> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) return problemResponse(problem(SCHEDULE_INVALID, `The body is over ${MAX_BODY_CHARS} characters.`));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problemResponse(problem(SCHEDULE_INVALID, 'The body is not JSON.', { errors: [{ location: '', message: 'not JSON' }] }));
  }
  const now = Date.now();
  const min = Number(env.SCHEDULE_MIN_INTERVAL_MS) > 0 ? Number(env.SCHEDULE_MIN_INTERVAL_MS) : 60_000;
  const made = newSchedule(body, ulid(now), now, min);
  if (!made.ok) return problemResponse(made.problem);
  const policy = { allowedHosts: parseHostList(env.LOAD_ALLOWED_HOSTS), mockHosts: parseHostList(env.MOCK_HOSTS), local: env.ENGINE_LOCAL === '1' };
  for (const [location, target] of [['/target/url', made.value.target.url], ['/admin/url', made.value.admin?.url]] as const) {
    const refusal = target === undefined ? undefined : targetRefusal(target, policy);
    if (refusal) return problemResponse(problem(SCHEDULE_INVALID, `${location}: ${refusal}`, { errors: [{ location, message: refusal }] }));
  }
  const added = await schedulerOf(env.SCHEDULER).add(made.value);
  if (!added.ok) return problemResponse(problem(SCHEDULE_LIMIT, added.reason));
  return Response.json(added.view, { status: 201 });
}
