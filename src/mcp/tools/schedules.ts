/**
 * schedule_test_suite: keeps a test plan running on a cron-like schedule against a mock, in the
 * engine's Scheduler Durable Object; each run is stored with its schedule id. Also lists, shows
 * (with the latest runs and the newest result) and deletes schedules.
 */
import { z } from 'zod';
import { type Problem, problem } from '../../problem';
import type { ScheduleClient } from '../../testing/schedule';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed } from '../tool';
import { apiRoot, findMock, type ToolDeps } from './deps';

const view = z.object({
  id: z.string(),
  name: z.string(),
  schedule: z.string(),
  plan: z.string(),
  target: z.string(),
  mock: z.string().nullable(),
  created_at: z.number(),
  next_run_at: z.number().nullable(),
  runs: z.number(),
  last_run_id: z.string().nullable(),
  last_status: z.string().nullable(),
  last_run_at: z.number().nullable(),
});

export function scheduleTestSuite(deps: ToolDeps & { schedules: ScheduleClient }) {
  return defineTool({
    name: 'schedule_test_suite',
    title: 'Schedule a test plan',
    description:
      'Run a test plan on a schedule against a mock: `create` (mock_name, name, schedule — a 5-field cron in UTC such as `*/15 * * * *`, or `every 10m` — and plan as for execute_test_plan), `list`, `get` (schedule_id: the schedule with its latest runs and the newest result) and `delete`. Each run is stored with its schedule id, for analyze_test_results and compare_test_runs.',
    input: z.strictObject({
      operation: z.enum(['create', 'list', 'get', 'delete']).describe('What to do.'),
      mock_name: z.string().min(1).optional().describe('create: the mock the plan runs against.'),
      name: z.string().min(1).max(120).optional().describe('create: a name for the schedule.'),
      schedule: z.string().min(1).max(200).optional().describe('create: `m h dom mon dow` (UTC; *, a-b, a,b, */n) or `every <n><s|m|h|d>`.'),
      plan: z.union([z.string().min(1).max(1_000_000).regex(/steps/, 'a test plan: YAML or JSON text with its steps'), z.record(z.string(), z.unknown())]).optional().describe('create: the test plan (text or object; its JSON Schema is execute_test_plan’s plan).'),
      schedule_id: z.string().min(1).max(64).optional().describe('get, delete: the schedule.'),
    }),
    output: z.object({
      operation: z.string(),
      schedules: z.array(view),
      recent_runs: z.array(z.object({ id: z.string(), status: z.string(), createdAt: z.number(), finishedAt: z.number().nullable(), summary: z.unknown(), reason: z.string().nullable() })).optional(),
      latest: z.unknown().optional().describe('get: the newest finished run’s whole result'),
    }),
    annotations: { openWorldHint: false },
    async run(args) {
      const need = (field: 'mock_name' | 'name' | 'schedule' | 'plan' | 'schedule_id') => failed(problem(TOOL_INVALID_ARGUMENTS, `${field}: required for ${args.operation}`, { errors: [{ location: field, message: `required for ${args.operation}` }] }));
      const engineProblem = (p: Problem) => failed({ ...p, errors: (p.errors ?? []).map((e) => ({ ...e, location: e.location.replace(/^\//, '').replaceAll('/', '.') || '(arguments)' })) });
      if (args.operation === 'list') {
        const r = await deps.schedules.list();
        if (!r.ok) return engineProblem(r.problem);
        return done({ operation: 'list', schedules: r.value }, `${r.value.length} schedule(s)${r.value.map((s) => `\n${s.id} "${s.name}" ${s.schedule} → ${s.mock ?? s.target}: ${s.runs} run(s), last ${s.last_status ?? '–'}`).join('')}`);
      }
      if (args.operation === 'get' || args.operation === 'delete') {
        if (!args.schedule_id) return need('schedule_id');
        if (args.operation === 'delete') {
          const r = await deps.schedules.remove(args.schedule_id);
          if (!r.ok) return engineProblem(r.problem);
          return done({ operation: 'delete', schedules: [] }, `Deleted schedule ${args.schedule_id}.`);
        }
        const r = await deps.schedules.get(args.schedule_id);
        if (!r.ok) return engineProblem(r.problem);
        const { recent_runs, latest, ...schedule } = r.value;
        return done({ operation: 'get', schedules: [schedule], recent_runs, latest }, `Schedule "${schedule.name}" (${schedule.schedule}): ${schedule.runs} run(s), last ${schedule.last_status ?? '–'}, next at ${schedule.next_run_at ? new Date(schedule.next_run_at).toISOString() : '–'}.`);
      }
      for (const field of ['mock_name', 'name', 'schedule', 'plan'] as const) if (args[field] === undefined) return need(field);
      const found = await findMock(deps.deployer, args.mock_name ?? '', 'mock_name');
      if (!found.ok) return failed(found.problem);
      const mock = found.mock;
      const r = await deps.schedules.create({ name: args.name, schedule: args.schedule, plan: args.plan, target: { url: apiRoot(mock), mock: mock.name }, admin: { url: mock.adminUrl, token: mock.adminToken } });
      if (!r.ok) return engineProblem(r.problem);
      return done({ operation: 'create', schedules: [r.value] }, `Scheduled "${r.value.name}" (${r.value.schedule}) against "${mock.name}": id ${r.value.id}, first run at ${r.value.next_run_at ? new Date(r.value.next_run_at).toISOString() : '–'}.`);
    },
  });
}
