/**
 * One shard's work for one invocation (a Durable Object alarm): send its share of the run's
 * iterations, at most MAX_CONNECTIONS at a time, and stop when the invocation's subrequest budget
 * or time slice is spent, saying when to go on (the shell sets an alarm for it). Pure apart from
 * the effects passed in: the clock, sleeping, sending, reporting.
 */
import { createRandom, type Random } from '../../synth';
import type { OutgoingRequest, Sent } from '../plans';
import type { SynthesizedRequest } from '../requests';
import { MAX_CONNECTIONS } from './config';
import { type PlanMix, runPlanIteration } from './plan-mix';
import { arrivalTime, levelAt, type Stage, segmentsOf, shareOf } from './schedule';
import { addDropped, addIteration, addSample, addStepSample, type LoadStats } from './stats';

/** The request mix a shard draws from: per operation a weight, the statuses it declares and a few synthesised requests. */
export interface RequestPool {
  entries: Array<{ label: string; weight: number; declared: string[]; requests: SynthesizedRequest[] }>;
}

export interface ShardPlan {
  runId: string;
  index: number;
  shards: number;
  model: 'open' | 'closed';
  start: number;
  stages?: Stage[];
  durationMs: number;
  /** Iterations of the whole run. */
  iterations: number;
  /** Epoch ms at which the run's time 0 is. */
  startAt: number;
  seed: string | number;
  pool: RequestPool;
  /** When set, each iteration runs this test plan's steps instead of drawing one request from the pool. */
  planMix?: PlanMix;
}

export interface ShardProgress {
  /** Open model: the shard's next ordinal j (global iteration index + j·shards). Closed: iterations started. */
  next: number;
  stats: LoadStats;
  done: boolean;
}

export interface ShardEffects {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Sends one request; status 0 for a network error, a timeout or an abort; ms from sending to the end of the body. */
  send(request: SynthesizedRequest): Promise<{ status: number; ms: number }>;
  /** Sends a test-plan step's request (whole URL), reading a bounded part of the answer; needed with `planMix`. */
  sendStep?(request: OutgoingRequest): Promise<Sent>;
  report(stats: LoadStats, done: boolean): Promise<void>;
  cancelled(): boolean;
}

export interface SliceBudget {
  /** Outgoing fetches (and reports) one invocation may make (1000 on the Workers paid plan, 50 on the free one). */
  maxSubrequests: number;
  /** Wall time one invocation keeps sending before it hands over to an alarm. */
  maxSliceMs: number;
  reportEveryMs: number;
}

/**
 * An arrival that finds every connection busy waits for one; it is dropped when it could not be
 * sent within this long after it was due (a target slower than the shard's six connections can
 * carry, or an alarm gap).
 */
export const LATE_DROP_MS = 500;

export interface SliceOutcome {
  progress: ShardProgress;
  /** Epoch ms at which the next invocation should start; null when the shard is done. */
  resumeAt: number | null;
}

export async function runSlice(plan: ShardPlan, progress: ShardProgress, fx: ShardEffects, budget: SliceBudget): Promise<SliceOutcome> {
  if (plan.planMix && !fx.sendStep) throw new Error('a test-plan load run needs the sendStep effect');
  const ctx = new SliceContext(plan, progress, fx, budget);
  const resumeAt = plan.model === 'open' ? await ctx.open() : await ctx.closed();
  await Promise.all(ctx.inflight);
  progress.stats.subrequests += ctx.subrequests;
  progress.stats.invocations++;
  if (resumeAt === null || fx.cancelled()) progress.done = true;
  await fx.report(progress.stats, progress.done);
  return { progress, resumeAt: progress.done ? null : resumeAt };
}

class SliceContext {
  readonly inflight = new Set<Promise<void>>();
  subrequests = 0;
  /** Resolves the open loop's wait for a free connection (see #connectionFreed). */
  #freed: (() => void) | null = null;
  /** A wake-up shared by every wait that starts before it fires (see #heartbeat). */
  #beat: Promise<void> | null = null;
  readonly #random: Random;
  readonly #cumulative: number[] = [];
  readonly #total: number;
  readonly #sliceStart: number;
  #lastReport: number;

  constructor(
    readonly plan: ShardPlan,
    readonly progress: ShardProgress,
    readonly fx: ShardEffects,
    readonly budget: SliceBudget,
  ) {
    this.#random = createRandom(`${plan.seed}/${plan.runId}/${plan.index}`).fork(progress.stats.invocations);
    let total = 0;
    for (const e of plan.pool.entries) {
      total += e.weight;
      this.#cumulative.push(total);
    }
    this.#total = total;
    this.#sliceStart = fx.now();
    this.#lastReport = this.#sliceStart;
  }

  /** Subrequests one iteration may make: one request, or every step of a test plan. */
  get #cost(): number {
    return this.plan.planMix?.plan.steps.length ?? 1;
  }

  /**
   * Room for one more iteration in this invocation (one subrequest is kept for the final report).
   * An iteration of a test plan starts only when all its steps fit: it is never split over invocations.
   */
  #budgetLeft(now: number): boolean {
    return this.subrequests + this.#cost <= this.budget.maxSubrequests - 1 && now - this.#sliceStart < this.budget.maxSliceMs;
  }

  async #maybeReport(now: number): Promise<void> {
    if (now - this.#lastReport < this.budget.reportEveryMs || this.subrequests >= this.budget.maxSubrequests - 2) return;
    this.#lastReport = now;
    this.subrequests++;
    await this.fx.report(this.progress.stats, false);
  }

  #launch(iteration: number, vu?: number): Promise<void> {
    const { plan, progress, fx } = this;
    if (plan.planMix) return this.#track(this.#planIteration(plan.planMix, iteration, vu));
    const u = this.#random.next() * this.#total;
    const entry = plan.pool.entries[this.#cumulative.findIndex((c) => c > u)] ?? plan.pool.entries[plan.pool.entries.length - 1];
    const request = entry.requests[Math.floor(this.#random.next() * entry.requests.length)];
    const at = fx.now() - plan.startAt;
    this.subrequests++;
    const p = fx.send(request).then((r) => {
      addSample(progress.stats, { operation: entry.label, ms: r.ms, status: r.status, declared: isDeclared(r.status, entry.declared), at });
    });
    return this.#track(p);
  }

  #track(p: Promise<void>): Promise<void> {
    const tracked = p.finally(() => {
      this.inflight.delete(tracked);
      const freed = this.#freed;
      this.#freed = null;
      freed?.();
    });
    this.inflight.add(tracked);
    return tracked;
  }

  /** Resolves when a request in flight ends. */
  #connectionFreed(): Promise<void> {
    return new Promise((resolve) => {
      this.#freed = resolve;
    });
  }

  /**
   * Resolves within `ms`, one timer for every wait that begins before it fires: waits for a free
   * connection happen about once per request at a shard's top rate, and a timer (or a
   * Promise.race over every request in flight) for each would cost more than the request.
   */
  #heartbeat(ms: number): Promise<void> {
    this.#beat ??= this.fx.sleep(ms).then(() => {
      this.#beat = null;
    });
    return this.#beat;
  }

  #sendStep(request: OutgoingRequest): Promise<Sent> {
    if (!this.fx.sendStep) throw new Error('a test-plan load run needs the sendStep effect');
    return this.fx.sendStep(request);
  }

  /** One iteration of a test plan: its steps' subrequests are reserved up front, the unused ones given back. */
  async #planIteration(mix: PlanMix, iteration: number, vu: number | undefined): Promise<void> {
    const { plan, progress, fx } = this;
    const cost = this.#cost;
    this.subrequests += cost;
    const variables: Record<string, unknown> = { ...mix.plan.variables, iteration, shard: plan.index, session: plan.runId, ...(vu === undefined ? {} : { vu }) };
    const { sent, finished } = await runPlanIteration(mix, variables, plan.runId, plan.startAt, { now: () => fx.now(), sendStep: (r) => this.#sendStep(r), cancelled: () => fx.cancelled() }, (s) =>
      addStepSample(progress.stats, { operation: s.step, ms: s.ms, status: s.status, passes: s.passes, fails: s.fails, at: s.at }),
    );
    this.subrequests -= cost - sent;
    if (finished) addIteration(progress.stats);
  }

  /** Arrivals at the schedule's times, never more than MAX_CONNECTIONS in flight. */
  async open(): Promise<number | null> {
    const { plan, progress, fx } = this;
    const segments = segmentsOf(plan.start, plan.stages, plan.durationMs);
    for (;;) {
      if (fx.cancelled()) return null;
      const i = plan.index + progress.next * plan.shards;
      const due = i < plan.iterations ? arrivalTime(segments, i) : null;
      if (due === null) return null;
      const dueAt = plan.startAt + due;
      const now = fx.now();
      await this.#maybeReport(now);
      if (dueAt > now) {
        // A long wait with nothing in flight is an alarm's job, not this invocation's.
        if (this.inflight.size === 0 && dueAt - now > this.budget.maxSliceMs / 2) return dueAt;
        // At least a millisecond: arrivals due within it go out together on the next turn.
        await fx.sleep(Math.max(1, Math.min(dueAt - now, this.budget.reportEveryMs)));
        continue;
      }
      if (!this.#budgetLeft(now)) return now;
      if (now - dueAt > LATE_DROP_MS) {
        progress.next++;
        addDropped(progress.stats, due);
        continue;
      }
      if (this.inflight.size >= MAX_CONNECTIONS) {
        // Woken when a connection frees, or soon enough to drop what waited too long and to report.
        await Promise.race([this.#connectionFreed(), this.#heartbeat(Math.max(1, Math.min(dueAt + LATE_DROP_MS - now + 1, this.budget.reportEveryMs)))]);
        continue;
      }
      progress.next++;
      void this.#launch(i);
    }
  }

  /** Each local VU sends, waits for the answer, and sends again while the stage gives it a place. */
  async closed(): Promise<number | null> {
    const { plan, progress, fx } = this;
    const segments = segmentsOf(plan.start, plan.stages, plan.durationMs);
    const myIterations = shareOf(plan.iterations, plan.index, plan.shards);
    let handOver = false;
    const vu = async (v: number): Promise<void> => {
      for (;;) {
        if (fx.cancelled() || handOver) return;
        const now = fx.now();
        const t = now - plan.startAt;
        if (t >= plan.durationMs || progress.next >= myIterations) return;
        if (!this.#budgetLeft(now)) {
          handOver = true;
          return;
        }
        await this.#maybeReport(now);
        const active = shareOf(Math.floor(levelAt(segments, t) + 1e-9), plan.index, plan.shards);
        if (v >= active) {
          await fx.sleep(Math.max(1, Math.min(100, plan.startAt + plan.durationMs - now)));
          continue;
        }
        const n = progress.next++;
        await this.#launch(plan.index + n * plan.shards, plan.index + v * plan.shards);
      }
    };
    // The shard never runs more VUs than it has connections: the coordinator gives it at most that many.
    const peak = Math.min(MAX_CONNECTIONS, shareOf(Math.ceil(Math.max(plan.start, ...(plan.stages ?? []).map((s) => s.target))), plan.index, plan.shards));
    const now = fx.now();
    if (now < plan.startAt) await fx.sleep(plan.startAt - now);
    await Promise.all(Array.from({ length: peak }, (_, v) => vu(v)));
    if (handOver) return fx.now();
    return null;
  }
}

/** Whether the operation declares `status` (exactly, as a range such as `4XX`, or through `default`). */
export function isDeclared(status: number, declared: readonly string[]): boolean {
  if (status === 0) return false;
  const s = String(status);
  return declared.some((d) => d === s || d === 'default' || (d.length === 3 && d.endsWith('XX') && d[0] === s[0]));
}
