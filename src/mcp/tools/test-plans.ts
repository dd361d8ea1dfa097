/**
 * The test-plan tools: execute_test_plan (every iteration), run_test_iteration (one),
 * analyze_test_results and compare_test_runs. Plans run here, against a mock of this stack, with
 * the runner in src/testing/plans (steps through fetch, setup through the mock's admin API); each
 * run is stored in the run registry (kind `plan`), so it can be analysed and compared later with
 * load runs. Progress is notified once a run passes a second; the MCP cancellation stops it and
 * keeps what ran.
 */
import { z } from 'zod';
import { createUlidFactory } from '../../logs/ulid';
import { type Problem, problem } from '../../problem';
import { analyzePlanRun, analyzeSample, compareRuns } from '../../testing/compare';
import { checkTestPlan, type PlanRunResult, parseTestPlan, planLookup, TEST_PLAN_JSON_SCHEMA } from '../../testing/plans';
import type { PlanRunStore } from '../../testing/runs';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed, type ToolCall, type ToolDefinition } from '../tool';
import { apiRoot, findMock, type ToolDeps } from './deps';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
const TOOL_UNKNOWN_RUN = { type: 'https://mockloop.dev/problems/mcp-unknown-run', title: 'No such test run', status: 404 };
const MAX_STEPS_LISTED = 200;
/** Progress notifications start once a run has taken this long. */
const QUIET_MS = 1000;

const { $defs: planDefs, $schema: _s, $id: _i, ...planSchema } = TEST_PLAN_JSON_SCHEMA;
const planArgument = z
  .union([z.string().min(1).max(1_000_000).regex(/steps/, 'a test plan: YAML or JSON text with its steps'), z.record(z.string(), z.unknown())])
  .meta({
    description: 'The test plan: YAML or JSON text, or the plan as an object (its JSON Schema is this anyOf’s second branch). Problems come back by JSON pointer into the plan (/steps/2/expect/status).',
    anyOf: [{ type: 'string' }, planSchema],
  });

const failure = z.object({ iteration: z.string(), step: z.string(), check: z.string(), location: z.string(), message: z.string() });
const runOutput = z.object({
  run_id: z.string(),
  mock_name: z.string(),
  plan: z.string(),
  status: z.enum(['passed', 'failed', 'cancelled']),
  duration_ms: z.number(),
  summary: z.object({ iterations: z.number(), steps: z.number(), passed: z.number(), failed: z.number() }),
  failures: z.array(failure).describe('every failed expectation: iteration, step, where in the plan (JSON pointer) and why'),
  iterations: z.array(
    z.object({
      iteration: z.string(),
      scenario: z.string().nullable(),
      passed: z.boolean(),
      setup_problems: z.array(z.string()),
      steps: z.array(z.object({ step: z.string(), operation: z.string().optional(), status: z.number().optional(), latency_ms: z.number().optional(), passed: z.boolean(), failures: z.array(z.string()) })),
    }),
  ),
  steps_left_out: z.number().describe('steps not listed above (the list stops at 200); all are stored with the run'),
});

type RunOutput = z.output<typeof runOutput>;

function withRunDefs<T extends z.ZodObject>(schema: T): T {
  // The plan argument's JSON Schema refers to its definitions from the root of the tool's input schema.
  return schema.meta({ $defs: planDefs });
}

export function testPlanTools(deps: ToolDeps & { runs: PlanRunStore }): ToolDefinition[] {
  return [executeTestPlan(deps), runTestIteration(deps), analyzeTestResults(deps), compareTestRuns(deps)] as ToolDefinition[];
}

function executeTestPlan(deps: ToolDeps & { runs: PlanRunStore }) {
  return defineTool({
    name: 'execute_test_plan',
    title: 'Run a test plan',
    description:
      'Run a test plan against a mock: every iteration (each may switch scenario), each step a request with expectations (status, headers, schema conformance to the spec, JSONPath/JSON-pointer assertions, max latency), variables extracted for later steps, setup and teardown through the mock’s admin API. The run is stored (run_id) for analyze_test_results and compare_test_runs. The result names each failing step, where in the plan and why.',
    input: withRunDefs(z.strictObject({ mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).'), plan: planArgument })),
    output: runOutput,
    annotations: { openWorldHint: false },
    run: (args, call) => runPlanTool(deps, args.mock_name, args.plan, undefined, call),
  });
}

function runTestIteration(deps: ToolDeps & { runs: PlanRunStore }) {
  return defineTool({
    name: 'run_test_iteration',
    title: 'Run one iteration of a test plan',
    description: 'Run one iteration of a test plan (by name or index) against a mock: its scenario, its steps, setup and teardown. Stored like execute_test_plan’s runs.',
    input: withRunDefs(
      z.strictObject({
        mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).'),
        plan: planArgument,
        iteration: z.string().min(1).max(120).describe('The iteration’s name (`default` for a plan without iterations).'),
      }),
    ),
    output: runOutput,
    annotations: { openWorldHint: false },
    run: (args, call) => runPlanTool(deps, args.mock_name, args.plan, args.iteration, call),
  });
}

async function runPlanTool(deps: ToolDeps & { runs: PlanRunStore }, mockName: string, planArg: string | Record<string, unknown>, iteration: string | undefined, call: ToolCall) {
  const checked = typeof planArg === 'string' ? parseTestPlan(planArg) : checkTestPlan(planArg);
  if (!checked.ok) return failed(asPlanProblem(checked.problem));
  const found = await findMock(deps.deployer, mockName, 'mock_name');
  if (!found.ok) return failed(found.problem);
  const mock = found.mock;
  const full = await deps.admin(mock).fullPlan();
  const started = Date.now();
  const stored = await deps.runs.execute(checked.value, {
    id: ulid(started),
    mock: mock.name,
    target: apiRoot(mock),
    fetch: (input, init) => fetch(input, init),
    admin: { url: mock.adminUrl, token: mock.adminToken },
    lookup: full.ok ? planLookup(full.value) : undefined,
    iteration,
    signal: call.signal,
    clock: () => Date.now(),
    onProgress: async (doneSteps, total, message) => {
      if (Date.now() - started >= QUIET_MS) await call.progress({ progress: doneSteps, total, message });
    },
  });
  if (!stored.ok) return failed(problem(TOOL_INVALID_ARGUMENTS, stored.reason, { errors: [{ location: iteration === undefined ? 'plan' : 'iteration', message: stored.reason }] }));
  const out = toOutput(stored.id, mock.name, stored.result);
  const { summary } = stored.result;
  const first = stored.result.failures[0];
  return done(out, `Run ${stored.id} of "${checked.value.name}" on "${mock.name}": ${stored.result.status}, ${summary.passed}/${summary.steps} step(s) passed${first ? `; first failure: ${[first.iteration, first.step].filter(Boolean).join(' / ')} ${first.location}: ${first.message}` : ''}.`);
}

function asPlanProblem(p: Problem): Problem {
  // Pointers into the plan, prefixed with the argument that carried it.
  const errors = (p.errors ?? []).map((e) => ({ ...e, location: `plan${e.location}` }));
  return { ...p, detail: `plan: ${errors.slice(0, 5).map((e) => `${e.location}: ${e.message}`).join('; ')}`, errors };
}

function toOutput(id: string, mock: string, result: PlanRunResult): RunOutput {
  let listed = 0;
  let left = 0;
  const iterations = result.iterations.map((it) => ({
    iteration: it.iteration,
    scenario: it.scenario,
    passed: it.passed,
    setup_problems: [...it.setup, ...it.teardown].filter((a) => !a.ok).map((a) => a.detail),
    steps: it.steps.flatMap((s) => {
      if (listed >= MAX_STEPS_LISTED) {
        left++;
        return [];
      }
      listed++;
      return [{ step: s.step, ...(s.operation ? { operation: s.operation } : {}), ...(s.status !== undefined ? { status: s.status } : {}), ...(s.latencyMs !== undefined ? { latency_ms: s.latencyMs } : {}), passed: s.passed, failures: s.failures.map((f) => `${f.location} [${f.check}] ${f.message}`) }];
    }),
  }));
  return { run_id: id, mock_name: mock, plan: result.plan, status: result.status, duration_ms: result.durationMs, summary: result.summary, failures: result.failures.slice(0, 100), iterations, steps_left_out: left };
}

const slowEntry = z.object({ operation: z.string(), n: z.number(), p50: z.number().nullable(), p95: z.number().nullable(), max: z.number().nullable(), shareOfTime: z.number() });

function analyzeTestResults(deps: ToolDeps & { runs: PlanRunStore }) {
  return defineTool({
    name: 'analyze_test_results',
    title: 'Explain a test run',
    description:
      'Explain a stored test run (a plan run or a load run) from its data: what failed and where, the slowest steps or operations (p50/p95/max, share of time), failures clustered by kind and message, and recommendations each drawn from a figure of this run.',
    input: z.strictObject({ run_id: z.string().min(1).max(64).describe('A run id (from execute_test_plan, run_test_iteration or run_load_test).') }),
    output: z.object({
      run: z.string(),
      kind: z.enum(['plan', 'load']),
      status: z.string().optional(),
      headline: z.string(),
      failed: z.array(failure),
      slowest: z.array(slowEntry),
      errorClusters: z.array(z.object({ check: z.string(), signature: z.string(), count: z.number(), steps: z.array(z.string()), iterations: z.array(z.string()), example: z.string() })),
      errorRates: z.array(z.object({ operation: z.string(), requests: z.number(), errors: z.number(), rate: z.number() })),
      recommendations: z.array(z.string()),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args) {
      const run = await deps.runs.load(args.run_id);
      if (!run.ok) return failed(problem(TOOL_UNKNOWN_RUN, `run_id: ${run.reason}.`, { errors: [{ location: 'run_id', message: run.reason }] }));
      const analysis = run.plan ? analyzePlanRun(args.run_id, run.plan) : { ...analyzeSample(run.sample), status: run.row.status };
      return done(analysis, `${analysis.headline} ${analysis.recommendations[0] ?? ''}`.trim());
    },
  });
}

function compareTestRuns(deps: ToolDeps & { runs: PlanRunStore }) {
  const latency = z
    .object({
      test: z.literal('mann-whitney-u'),
      baseline: z.object({ n: z.number(), p50: z.number().nullable(), p95: z.number().nullable() }),
      candidate: z.object({ n: z.number(), p50: z.number().nullable(), p95: z.number().nullable() }),
      u: z.number(),
      z: z.number(),
      p: z.number(),
      effectSize: z.number().describe('rank-biserial correlation, −1..1, positive when the candidate is slower'),
      medianRatio: z.number().nullable(),
      significant: z.boolean(),
      direction: z.enum(['slower', 'faster', 'same']),
    })
    .nullable();
  const errors = z
    .object({ test: z.literal('two-proportion-z'), baselineRate: z.number(), candidateRate: z.number(), difference: z.number(), z: z.number(), p: z.number(), significant: z.boolean(), direction: z.enum(['more', 'fewer', 'same']) })
    .nullable();
  const verdict = z.enum(['regression', 'improvement', 'no significant change']);
  const op = z.object({ operation: z.string(), latency, errors, verdict, reason: z.string() });
  return defineTool({
    name: 'compare_test_runs',
    title: 'Compare test runs',
    description:
      'Compare two or more stored runs (plan or load runs; the first is the baseline) per operation (per step for plan runs) and as a whole: latency distributions by the Mann–Whitney U test (normal approximation with tie correction; p-value and rank-biserial effect size), error rates by the two-proportion z-test; verdict regression / improvement / no significant change at alpha, Bonferroni-corrected over the tests of each comparison.',
    input: z.strictObject({
      run_ids: z.array(z.string().min(1).max(64)).min(2).max(10).describe('The baseline first, then the runs to compare with it.'),
      alpha: z.number().gt(0).lt(0.5).default(0.05).describe('Significance level before the Bonferroni correction (default 0.05).'),
    }),
    output: z.object({
      comparisons: z.array(
        z.object({
          baseline: z.string(),
          candidate: z.string(),
          alpha: z.number(),
          correctedAlpha: z.number(),
          overall: op,
          operations: z.array(op),
          unmatched: z.object({ baselineOnly: z.array(z.string()), candidateOnly: z.array(z.string()) }),
          verdict,
        }),
      ),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args) {
      const samples = [];
      for (const [i, id] of args.run_ids.entries()) {
        const run = await deps.runs.load(id);
        if (!run.ok) return failed(problem(TOOL_UNKNOWN_RUN, `run_ids.${i}: ${run.reason}.`, { errors: [{ location: `run_ids.${i}`, message: run.reason }] }));
        samples.push(run.sample);
      }
      const comparisons = compareRuns(samples, { alpha: args.alpha });
      const lines = comparisons.map((c) => `${c.candidate} vs ${c.baseline}: ${c.verdict}${c.verdict === 'no significant change' ? '' : ` (${[c.overall, ...c.operations].filter((o) => o.verdict === c.verdict).map((o) => `${o.operation}: ${o.reason}`)[0]})`}`);
      return done({ comparisons }, lines.join('\n'));
    },
  });
}

