/**
 * run_load_test and monitor_test_progress: load runs on the stack's test engine (workers/engine,
 * through the MCP worker's ENGINE binding) against a mock of this stack, and the progress of a
 * run or the latest results of a schedule. A run longer than a second sends progress
 * notifications (polling the engine); the MCP cancellation cancels the run, which keeps what was
 * measured.
 */
import { z } from 'zod';
import { type Problem, problem } from '../../problem';
import type { LoadClient, LoadRunView } from '../../testing/load';
import type { ScheduleClient } from '../../testing/schedule';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed, type ToolCall, type ToolDefinition } from '../tool';
import { apiRoot, findMock, type ToolDeps } from './deps';

/** Progress notifications start once a run has taken this long. */
const QUIET_MS = 1000;
const POLL_MS = 250;

const thresholdResult = z.object({ threshold: z.string(), ok: z.boolean(), actual: z.number(), operation: z.string().optional(), metric: z.string() });
const durations = z.object({ avg: z.number(), min: z.number(), med: z.number(), max: z.number(), 'p(90)': z.number(), 'p(95)': z.number(), 'p(99)': z.number() });
const requestMetrics = z.object({
  http_req_duration: z.object({ values: durations }),
  http_reqs: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }),
  http_req_failed: z.object({ values: z.object({ rate: z.number(), passes: z.number(), fails: z.number() }) }),
  checks: z.object({ values: z.object({ rate: z.number(), passes: z.number(), fails: z.number() }) }),
});
const summary = z
  .object({
    state: z.object({ testRunDurationMs: z.number(), shards: z.number(), subrequests: z.number(), invocations: z.number() }),
    metrics: requestMetrics.extend({ iterations: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }), dropped_iterations: z.object({ values: z.object({ count: z.number(), rate: z.number() }) }) }),
    operations: z.record(z.string(), requestMetrics),
    thresholds: z.array(thresholdResult),
  })
  .describe('k6-shaped summary (handleSummary data): metrics.http_req_duration.values["p(95)"] in ms, http_reqs count and rate, http_req_failed rate, checks, iterations, dropped_iterations; per operation. The per-second series is in the run’s JSON report.');

const runView = z.object({
  run_id: z.string(),
  status: z.string().describe('running, passed, failed (a threshold or the run failed) or cancelled'),
  target: z.string(),
  progress: z.number().describe('0–100'),
  elapsed_ms: z.number(),
  reason: z.string().nullable(),
  figures: z.object({ requests: z.number(), rate: z.number(), p50_ms: z.number(), p95_ms: z.number(), p99_ms: z.number(), failed_rate: z.number(), dropped_iterations: z.number() }).describe('headline figures from the summary'),
  thresholds_passed: z.boolean().describe('every threshold held (true when there are none)'),
  thresholds: z.array(thresholdResult),
  summary,
});
type RunOutput = z.output<typeof runView>;

function toOutput(view: LoadRunView): RunOutput {
  const m = view.summary.metrics;
  const { series: _series, ...rest } = view.summary;
  return {
    run_id: view.id,
    status: view.status,
    target: view.target,
    progress: view.progress,
    elapsed_ms: view.elapsedMs ?? (view.finishedAt ? view.finishedAt - view.startedAt : view.summary.state.testRunDurationMs),
    reason: view.reason,
    figures: {
      requests: m.http_reqs.values.count,
      rate: m.http_reqs.values.rate,
      p50_ms: m.http_req_duration.values.med,
      p95_ms: m.http_req_duration.values['p(95)'],
      p99_ms: m.http_req_duration.values['p(99)'],
      failed_rate: m.http_req_failed.values.rate,
      dropped_iterations: m.dropped_iterations.values.count,
    },
    thresholds_passed: view.summary.thresholds.every((t) => t.ok),
    thresholds: view.summary.thresholds,
    summary: rest,
  };
}

function line(o: RunOutput): string {
  const f = o.figures;
  const held = o.thresholds.length ? `; thresholds ${o.thresholds.map((t) => `${t.threshold} ${t.ok ? 'ok' : `FAILED (${t.actual})`}`).join(', ')}` : '';
  return `Load run ${o.run_id}: ${o.status} (${o.progress}%, ${(o.elapsed_ms / 1000).toFixed(1)} s): ${f.requests} requests at ${f.rate}/s, p50 ${f.p50_ms} ms, p95 ${f.p95_ms} ms, p99 ${f.p99_ms} ms, failed ${(f.failed_rate * 100).toFixed(2)}%, dropped ${f.dropped_iterations}${held}${o.reason ? `; ${o.reason}` : ''}.`;
}

/** The engine's problem, its JSON pointers into the run request renamed to this tool's arguments. */
const ARGUMENT_OF: Record<string, string> = { testPlan: 'test_plan', durationMs: 'duration_s', rate: 'rate', vus: 'vus', stages: 'stages', iterations: 'iterations', thresholds: 'thresholds', shards: 'shards', target: 'mock_name' };
function engineProblem(p: Problem): Problem {
  return {
    ...p,
    errors: (p.errors ?? []).map((e) => {
      const [head = '', ...tail] = e.location.replace(/^\//, '').split('/');
      const name = ARGUMENT_OF[head] ?? head;
      return { ...e, location: [name, ...tail].filter(Boolean).join('.') || '(arguments)' };
    }),
  };
}

/** Waits a poll interval, or less when the signal aborts. */
function pause(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, POLL_MS);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const finished = (status: string) => status !== 'running' && status !== 'queued';

/** Polls the run until it ends, notifying progress after the first second; the call's abort cancels it. */
async function follow(load: LoadClient, id: string, call: ToolCall, started: number): Promise<{ ok: true; view: LoadRunView } | { ok: false; problem: Problem }> {
  let cancelled = false;
  for (;;) {
    if (call.signal.aborted && !cancelled) {
      cancelled = true;
      const c = await load.cancel(id);
      if (c.ok && c.value && finished(c.value.status)) return { ok: true, view: c.value };
    }
    const r = await load.get(id);
    if (!r.ok) return r;
    if (finished(r.value.status)) return { ok: true, view: r.value };
    if (Date.now() - started >= QUIET_MS && !cancelled) {
      const m = r.value.summary.metrics;
      await call.progress({ progress: r.value.progress, total: 100, message: `${m.http_reqs.values.count} requests, p95 ${m.http_req_duration.values['p(95)']} ms, failed ${(m.http_req_failed.values.rate * 100).toFixed(2)}%` }).catch(() => {});
    }
    await pause(call.signal);
  }
}

export function loadTools(deps: ToolDeps & { load: LoadClient; schedules?: ScheduleClient }): ToolDefinition[] {
  return [runLoadTest(deps), monitorTestProgress(deps)] as ToolDefinition[];
}

function runLoadTest(deps: ToolDeps & { load: LoadClient }) {
  return defineTool({
    name: 'run_load_test',
    title: 'Run a load test',
    description:
      'Send load to a mock of this stack from the test engine (Durable Objects): an open model (`rate` requests/s, or `stages` ramping the rate) or a closed one (`vus` virtual users, or `stages` ramping them), for `duration_s` or `iterations`, with a request mix synthesised from the mock’s spec. Thresholds are k6-style lines (`p95<200`, `rate<0.01`, `GET /books:p95<100`, `max<500 abortOnFail`). Answers the k6-shaped summary, each threshold’s verdict and the run id (for monitor_test_progress, analyze_test_results, compare_test_runs). With `wait: false` it answers at once with the run id. Cancelling the call cancels the run and keeps what was measured. Without rate, vus and stages: 50 requests/s; without duration, stages and iterations: 10 s.',
    input: z.strictObject({
      mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).'),
      rate: z.number().positive().optional().describe('Open model: arrivals per second (constant, or the start rate with stages).'),
      vus: z.number().int().positive().optional().describe('Closed model: virtual users, each sending requests one after another.'),
      duration_s: z.number().positive().optional().describe('How long the run lasts, in seconds (not with stages).'),
      stages: z.array(z.strictObject({ duration_s: z.number().positive().describe('seconds'), target: z.number().min(0).describe('rate (open) or VUs (closed) reached at the end of the stage') })).min(1).max(50).optional().describe('Ramping stages, as k6’s: the level moves linearly to each target.'),
      iterations: z.number().int().positive().optional().describe('Stop after this many iterations (requests; with test_plan, runs of the plan).'),
      thresholds: z.array(z.string().min(1).max(300)).max(50).optional().describe('k6-style threshold lines: `p95<200`, `p(99)<300`, `rate<0.01` (failed requests), `checks:rate>0.99`, `GET /books:p95<100`, `max<500 abortOnFail`.'),
      shards: z.number().int().positive().optional().describe('Shard Durable Objects sending requests (default: one per 50 requests/s or per 6 VUs).'),
      seed: z.string().min(1).max(100).optional().describe('Seed of the synthesised requests (same seed, same requests).'),
      test_plan: z
        .union([z.string().min(1).max(1_000_000).regex(/steps/, 'a test plan: YAML or JSON text with its steps'), z.record(z.string(), z.unknown())])
        .optional()
        .describe(
          'A test plan (YAML/JSON text or object, as execute_test_plan’s plan) run once per iteration instead of the spec’s request mix: its steps in order, variables extracted for later steps (plus `iteration`, `vu` with vus, `shard`, `session`), each expectation counted as a check (a failed one does not stop the run), metrics and thresholds per step name (`get book:p95<100`). Its setup, teardown, scenarios, iterations and `schema: true` are refused; an iteration sends one request per step.',
        ),
      wait: z.boolean().default(true).describe('Wait for the end of the run (default); false: answer at once with the run id.'),
    }),
    output: runView,
    annotations: { openWorldHint: false },
    async run(args, call) {
      const found = await findMock(deps.deployer, args.mock_name, 'mock_name');
      if (!found.ok) return failed(found.problem);
      const mock = found.mock;
      const request: Record<string, unknown> = { target: { url: apiRoot(mock), mock: mock.name }, thresholds: args.thresholds ?? [] };
      if (args.test_plan !== undefined) request.testPlan = args.test_plan;
      else {
        const plan = await deps.admin(mock).fullPlan();
        if (!plan.ok) return failed(plan.problem);
        request.plan = plan.value;
      }
      if (args.rate !== undefined) request.rate = args.rate;
      if (args.vus !== undefined) request.vus = args.vus;
      if (args.rate === undefined && args.vus === undefined && args.stages === undefined) request.rate = 50;
      if (args.stages) request.stages = args.stages.map((s) => ({ durationMs: Math.round(s.duration_s * 1000), target: s.target }));
      if (args.duration_s !== undefined) request.durationMs = Math.round(args.duration_s * 1000);
      else if (!args.stages && args.iterations === undefined) request.durationMs = 10_000;
      for (const key of ['iterations', 'shards', 'seed'] as const) if (args[key] !== undefined) request[key] = args[key];
      const startedAt = Date.now();
      const started = await deps.load.start(request);
      if (!started.ok) return failed(engineProblem(started.problem));
      const id = started.value.id;
      if (!args.wait) {
        const r = await deps.load.get(id);
        if (!r.ok) return failed(r.problem);
        const out = toOutput(r.value);
        return done(out, `Started load run ${id} on "${mock.name}": ${started.value.operations.length} ${args.test_plan === undefined ? 'operation(s)' : 'step(s)'}, ${started.value.shards} shard(s); follow it with monitor_test_progress {"run_id":"${id}"}.`);
      }
      const end = await follow(deps.load, id, call, startedAt);
      if (!end.ok) return failed(end.problem);
      const out = toOutput(end.view);
      return done(out, line(out));
    },
  });
}

const scheduleOutput = z.object({
  id: z.string(),
  name: z.string(),
  schedule: z.string(),
  mock: z.string().nullable(),
  runs: z.number(),
  next_run_at: z.number().nullable(),
  last_status: z.string().nullable(),
  recent_runs: z.array(z.object({ id: z.string(), status: z.string(), createdAt: z.number(), finishedAt: z.number().nullable(), summary: z.unknown(), reason: z.string().nullable() })),
  latest: z.unknown().describe('the newest finished run’s whole result'),
});

function monitorTestProgress(deps: ToolDeps & { load: LoadClient; schedules?: ScheduleClient }) {
  return defineTool({
    name: 'monitor_test_progress',
    title: 'Watch a test run or a schedule',
    description:
      'The progress of a load run (`run_id` from run_load_test: status, progress %, elapsed, live figures — requests, rate, p50/p95/p99, failed rate, dropped iterations — and threshold verdicts), or the latest results of a schedule (`schedule_id` from schedule_test_suite: its recent runs and the newest result). With `wait_s`, a running load run is followed (with progress notifications) for up to that many seconds before answering.',
    input: z.strictObject({
      run_id: z.string().min(1).max(64).optional().describe('A load run (from run_load_test).'),
      schedule_id: z.string().min(1).max(64).optional().describe('A schedule (from schedule_test_suite).'),
      wait_s: z.number().min(0).max(600).default(0).describe('Follow a running load run this long (seconds) before answering; 0 answers at once.'),
    }),
    output: z.object({ kind: z.enum(['load', 'schedule']), run: runView.optional(), schedule: scheduleOutput.optional() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, call) {
      if ((args.run_id === undefined) === (args.schedule_id === undefined)) {
        return failed(problem(TOOL_INVALID_ARGUMENTS, 'give run_id or schedule_id (one of them)', { errors: [{ location: args.run_id === undefined ? 'run_id' : 'schedule_id', message: 'give run_id or schedule_id, not both or neither' }] }));
      }
      if (args.schedule_id !== undefined) {
        if (!deps.schedules) return failed(problem(TOOL_INVALID_ARGUMENTS, 'schedule_id: this server has no scheduler', { errors: [{ location: 'schedule_id', message: 'no scheduler' }] }));
        const r = await deps.schedules.get(args.schedule_id);
        if (!r.ok) return failed(r.problem);
        const s = r.value;
        const out = { id: s.id, name: s.name, schedule: s.schedule, mock: s.mock, runs: s.runs, next_run_at: s.next_run_at, last_status: s.last_status, recent_runs: s.recent_runs, latest: s.latest };
        return done({ kind: 'schedule' as const, schedule: out }, `Schedule "${s.name}" (${s.schedule}): ${s.runs} run(s)${s.recent_runs.length ? `; latest ${s.recent_runs.map((x) => `${x.id} ${x.status}`).slice(0, 5).join(', ')}` : ''}; next at ${s.next_run_at ? new Date(s.next_run_at).toISOString() : '–'}.`);
      }
      const id = args.run_id ?? '';
      const startedAt = Date.now();
      let view: LoadRunView;
      if (args.wait_s > 0) {
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), args.wait_s * 1000);
        // Following stops at the deadline (the run goes on) or when the call is cancelled (the run goes on too: this tool only watches).
        const watch: ToolCall = { progress: (p) => call.progress(p), signal: AbortSignal.any([deadline.signal, call.signal]) };
        const end = await followOnly(deps.load, id, watch, startedAt);
        clearTimeout(timer);
        if (!end.ok) return failed(end.problem);
        view = end.view;
      } else {
        const r = await deps.load.get(id);
        if (!r.ok) return failed(r.problem);
        view = r.value;
      }
      const out = toOutput(view);
      return done({ kind: 'load' as const, run: out }, line(out));
    },
  });
}

/** Like follow, but an abort only stops watching. */
async function followOnly(load: LoadClient, id: string, call: ToolCall, started: number): Promise<{ ok: true; view: LoadRunView } | { ok: false; problem: Problem }> {
  for (;;) {
    const r = await load.get(id);
    if (!r.ok || finished(r.value.status) || call.signal.aborted) return r.ok ? { ok: true, view: r.value } : r;
    if (Date.now() - started >= QUIET_MS) {
      const m = r.value.summary.metrics;
      await call.progress({ progress: r.value.progress, total: 100, message: `${m.http_reqs.values.count} requests, p95 ${m.http_req_duration.values['p(95)']} ms` }).catch(() => {});
    }
    await pause(call.signal);
  }
}
