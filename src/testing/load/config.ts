/**
 * A load run request, validated: target, request mix (from a plan), model (open: arrival rate;
 * closed: virtual users), stages, duration or iteration count, thresholds; and the caps that
 * bound what one run may ask for. Every problem is reported at once, by JSON pointer.
 */
import { z } from 'zod';
import type { MockPlan } from '../../plan';
import { fail, ok, type ProblemItem, problem, type Result } from '../../problem';
import { checkTestPlan, MAX_PLAN_CHARS, parseTestPlan, type TestPlan } from '../plans';
import { LOAD_INVALID, LOAD_OVER_CAP } from './errors';
import { planMixProblems } from './plan-mix';
import { peakLevel, type Stage, segmentsOf, totalArrivals, totalDuration } from './schedule';
import { parseThresholds, type Threshold } from './thresholds';

export interface LoadCaps {
  /** Requests per second, over all shards. */
  maxRate: number;
  maxVus: number;
  maxDurationMs: number;
  /** Requests in one run. */
  maxRequests: number;
  maxShards: number;
}

export const DEFAULT_CAPS: LoadCaps = { maxRate: 2000, maxVus: 300, maxDurationMs: 10 * 60_000, maxRequests: 500_000, maxShards: 64 };

/** Concurrent outgoing fetches of one shard invocation: the Workers platform's limit of open connections. */
export const MAX_CONNECTIONS = 6;
/** Arrivals per second one shard is given by default (the coordinator adds shards beyond it). */
export const RATE_PER_SHARD = 50;

const stageSchema = z.object({ durationMs: z.number().int().positive(), target: z.number().min(0) });

export const loadRunRequestSchema = z
  .object({
    target: z.object({
      /** The base URL requests' paths are appended to (origin + the API's base path). */
      url: z.url({ protocol: /^https?$/ }),
      /** The mock of this stack the URL belongs to, when it is one. */
      mock: z.string().min(1).max(63).optional(),
    }),
    /** The compiled plan the requests are synthesised from (not needed with a test plan). */
    plan: z.looseObject({ operations: z.array(z.looseObject({ id: z.string(), method: z.string(), path: z.string() })).max(5000), schemas: z.record(z.string(), z.unknown()) }).optional(),
    /** A test plan (YAML/JSON text or a value) whose steps each iteration runs, instead of the spec's request mix. */
    testPlan: z.union([z.string().max(MAX_PLAN_CHARS), z.record(z.string(), z.unknown())]).optional(),
    rate: z.number().positive().optional(),
    vus: z.number().int().positive().optional(),
    stages: z.array(stageSchema).min(1).max(50).optional(),
    durationMs: z.number().int().positive().optional(),
    iterations: z.number().int().positive().optional(),
    thresholds: z.array(z.string().max(300)).max(50).default([]),
    weights: z.record(z.string(), z.number().min(0)).optional(),
    seed: z.union([z.string().max(100), z.number()]).optional(),
    shards: z.number().int().positive().optional(),
    /** Per request. */
    timeoutMs: z.number().int().positive().max(60_000).default(30_000),
  })
  .strict();

export type LoadRunRequest = z.input<typeof loadRunRequestSchema>;

export interface LoadRunConfig {
  target: { url: string; mock?: string };
  /** The spec's compiled plan: the request mix when there is no test plan. */
  plan?: MockPlan;
  /** Each iteration runs this plan's steps (checked, and without what a load run refuses: plan-mix.ts). */
  testPlan?: TestPlan;
  model: 'open' | 'closed';
  /** Start level (rate per second or VUs) and stages. */
  start: number;
  stages?: Stage[];
  durationMs: number;
  /** At most this many iterations in all (open: arrivals; closed: requests). */
  iterations: number;
  thresholds: Threshold[];
  thresholdTexts: string[];
  weights?: Record<string, number>;
  seed: string | number;
  shards: number;
  timeoutMs: number;
}

/** Validates a request against the schema and the caps. */
export function validateLoadRun(input: unknown, caps: LoadCaps = DEFAULT_CAPS): Result<LoadRunConfig> {
  const parsed = loadRunRequestSchema.safeParse(input);
  if (!parsed.success) {
    const errors: ProblemItem[] = parsed.error.issues.map((i) => ({ location: `/${i.path.join('/')}`, message: i.message }));
    return fail(problem(LOAD_INVALID, errors.map((e) => `${e.location}: ${e.message}`).join('; '), { errors }));
  }
  const r = parsed.data;
  const errors: ProblemItem[] = [];
  const over: ProblemItem[] = [];
  if (r.rate !== undefined && r.vus !== undefined) errors.push({ location: '/vus', message: 'give either rate (open model) or vus (closed model), not both' });
  if (r.stages && r.durationMs !== undefined) errors.push({ location: '/durationMs', message: 'stages set the duration; give one or the other' });
  if (r.rate === undefined && r.vus === undefined && !r.stages) errors.push({ location: '/rate', message: 'give a rate, vus or stages' });
  let testPlan: TestPlan | undefined;
  if (r.testPlan !== undefined) {
    const checked = typeof r.testPlan === 'string' ? parseTestPlan(r.testPlan) : checkTestPlan(r.testPlan);
    if (!checked.ok) errors.push(...(checked.problem.errors ?? []).map((e) => ({ ...e, location: `/testPlan${e.location}` })));
    else {
      testPlan = checked.value;
      errors.push(...planMixProblems(testPlan));
    }
    if (r.weights) errors.push({ location: '/weights', message: 'weights choose among the spec’s operations; a test plan runs all its steps' });
  } else if (!r.plan) errors.push({ location: '/plan', message: 'give the compiled plan (the spec’s request mix) or a testPlan' });
  const thresholds = parseThresholds(r.thresholds);
  if (!thresholds.ok) for (const { index, message } of thresholds.messages) errors.push({ location: `/thresholds/${index}`, message });
  if (errors.length) return fail(problem(LOAD_INVALID, errors.map((e) => `${e.location}: ${e.message}`).join('; '), { errors }));

  const model = r.vus !== undefined ? 'closed' : 'open';
  const start = model === 'closed' ? (r.vus ?? 0) : (r.rate ?? 0);
  const durationMs = r.stages ? r.stages.reduce((s, x) => s + x.durationMs, 0) : (r.durationMs ?? (model === 'open' && r.iterations ? Math.ceil((r.iterations / start) * 1000) : 30_000));
  const segments = segmentsOf(start, r.stages, durationMs);
  const peak = peakLevel(segments);
  if (model === 'open' && peak > caps.maxRate) over.push({ location: r.stages ? '/stages' : '/rate', message: `${peak}/s is past the cap of ${caps.maxRate}/s` });
  if (model === 'closed' && peak > caps.maxVus) over.push({ location: r.stages ? '/stages' : '/vus', message: `${peak} VUs is past the cap of ${caps.maxVus}` });
  if (totalDuration(segments) > caps.maxDurationMs) over.push({ location: r.stages ? '/stages' : '/durationMs', message: `${totalDuration(segments) / 1000}s is past the cap of ${caps.maxDurationMs / 1000}s` });
  const planned = model === 'open' ? totalArrivals(segments) : Number.POSITIVE_INFINITY;
  const iterations = Math.min(r.iterations ?? Number.POSITIVE_INFINITY, planned);
  // A test plan's iteration sends one request per step.
  const perIteration = testPlan?.steps.length ?? 1;
  const maxIterations = Math.floor(caps.maxRequests / perIteration);
  if (iterations > maxIterations && r.iterations !== undefined) over.push({ location: '/iterations', message: `${iterations * perIteration} requests is past the cap of ${caps.maxRequests}` });
  else if (model === 'open' && iterations > maxIterations) over.push({ location: '/rate', message: `${iterations * perIteration} requests in all is past the cap of ${caps.maxRequests}` });
  const shards = r.shards ?? (model === 'closed' ? Math.ceil(peak / MAX_CONNECTIONS) : Math.ceil(peak / RATE_PER_SHARD));
  if (shards > caps.maxShards) over.push({ location: '/shards', message: `${shards} shards is past the cap of ${caps.maxShards}` });
  if (model === 'closed' && r.shards !== undefined && r.shards * MAX_CONNECTIONS < peak) errors.push({ location: '/shards', message: `${r.shards} shards hold at most ${r.shards * MAX_CONNECTIONS} VUs (${MAX_CONNECTIONS} connections each)` });
  if (errors.length) return fail(problem(LOAD_INVALID, errors.map((e) => `${e.location}: ${e.message}`).join('; '), { errors }));
  if (over.length) return fail(problem(LOAD_OVER_CAP, over.map((e) => `${e.location}: ${e.message}`).join('; '), { errors: over }));
  if (!thresholds.ok) throw new Error('unreachable');
  return ok({
    target: r.target,
    // SAFETY: the plan's shape was checked where the engine reads it (operations, schemas); it is a compiled MockPlan from the mock or `--spec`.
    ...(r.plan ? { plan: r.plan as unknown as MockPlan } : {}),
    ...(testPlan ? { testPlan } : {}),
    model,
    start,
    ...(r.stages ? { stages: r.stages } : {}),
    durationMs,
    iterations: Number.isFinite(iterations) ? iterations : maxIterations,
    thresholds: thresholds.value,
    thresholdTexts: r.thresholds,
    ...(r.weights ? { weights: r.weights } : {}),
    seed: r.seed ?? 1,
    shards: Math.max(1, shards),
    // A plan's own step timeout applies when it is shorter than the run's.
    timeoutMs: Math.min(r.timeoutMs, testPlan?.stepTimeoutMs ?? r.timeoutMs),
  });
}
