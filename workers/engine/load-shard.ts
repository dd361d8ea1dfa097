/**
 * LoadShard: sends one shard's share of a run. Each alarm is one invocation: it runs the pure
 * shard loop (src/testing/load/shard.ts) with at most MAX_CONNECTIONS fetches in flight, until the
 * invocation's subrequest budget or time slice is spent, saves its progress and sets the next alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import { changedSeconds, emptyStats, runSlice, type ShardProgress } from '../../src/testing/load';
import { type OutgoingRequest, PLAN_LIMITS, type Sent, send } from '../../src/testing/plans';
import type { SynthesizedRequest } from '../../src/testing/requests';
import type { Env } from './env';
import { coordinatorOf, remoteCoordinator, type ShardAssignment, type ShardRpc } from './protocol';

const DEFAULT_SUBREQUESTS = 1000;
/** One invocation sends for at most this long, then hands over to an alarm (CPU limits are per invocation). */
const SLICE_MS = 15_000;
const REPORT_EVERY_MS = 500;
/** How often an invocation looks for requests past their timeout (a timeout is kept within this). */
const SWEEP_MS = 100;
/** After a cancel, requests in flight get this long to finish before they are aborted. */
const ABORT_AFTER_MS = 300;

export class LoadShard extends DurableObject<Env> implements ShardRpc {
  #cancelled = false;
  /** Test-plan steps in flight (their timeouts are send()'s own). */
  readonly #controllers = new Set<AbortController>();
  /** Pool requests in flight, with the time (performance.now) each times out. */
  readonly #deadlines = new Map<AbortController, number>();
  readonly #prepared = new WeakMap<SynthesizedRequest, { url: string; init: RequestInit }>();
  /** Per second of the run, what the coordinator was last sent (requests + dropped); empty after an eviction, so everything is sent again. */
  readonly #reportedSeconds = new Map<number, number>();

  async begin(assignment: ShardAssignment): Promise<void> {
    const progress: ShardProgress = { next: 0, stats: emptyStats(), done: false };
    await this.ctx.storage.put({ assignment, progress });
    await this.ctx.storage.setAlarm(Math.max(Date.now(), assignment.plan.startAt - 50));
  }

  async cancel(): Promise<void> {
    this.#cancelled = true;
    // Requests in flight may finish for a moment (they were sent: the target logs them); then they are cut.
    const inFlight = [...this.#controllers, ...this.#deadlines.keys()];
    setTimeout(() => {
      for (const c of inFlight) c.abort('cancelled');
    }, ABORT_AFTER_MS);
    await this.ctx.storage.put('cancelled', true);
    // Between invocations: nothing is running, so report the final state now.
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm !== null) {
      await this.ctx.storage.deleteAlarm();
      await this.alarm();
    }
  }

  override async alarm(): Promise<void> {
    const assignment = await this.ctx.storage.get<ShardAssignment>('assignment');
    const progress = await this.ctx.storage.get<ShardProgress>('progress');
    if (!assignment || !progress || progress.done) return;
    if (await this.ctx.storage.get<boolean>('cancelled')) this.#cancelled = true;
    const { plan } = assignment;
    const coordinator = this.env.COORDINATOR_HOST ? remoteCoordinator(this.env.COORDINATOR_HOST, plan.runId, this.env.ENGINE_TOKEN) : coordinatorOf(this.env.RUN_COORDINATOR, plan.runId);
    const base = assignment.target.replace(/\/+$/, '');
    const stopSweeping = this.#sweepTimeouts();
    const outcome = await runSlice(
      plan,
      progress,
      {
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        send: (request) => this.#send(base, request, plan.runId, assignment.timeoutMs),
        sendStep: (request) => this.#sendStep(request, assignment.timeoutMs),
        report: async (stats, done) => {
          // What was sent counts as sent once the coordinator took it (a failed report is sent again whole).
          const sent = new Map(this.#reportedSeconds);
          await coordinator.report(plan.index, changedSeconds(stats, sent), done);
          for (const [second, weight] of sent) this.#reportedSeconds.set(second, weight);
        },
        cancelled: () => this.#cancelled,
      },
      { maxSubrequests: Number(this.env.LOAD_SUBREQUESTS_PER_INVOCATION ?? DEFAULT_SUBREQUESTS), maxSliceMs: SLICE_MS, reportEveryMs: REPORT_EVERY_MS },
    ).finally(stopSweeping);
    await this.ctx.storage.put('progress', outcome.progress);
    if (outcome.resumeAt !== null) await this.ctx.storage.setAlarm(outcome.resumeAt);
  }

  /** A test-plan step (its URL below the target, X-Test-Session set): the answer is read up to the plan's limit for its checks. */
  async #sendStep(request: OutgoingRequest, timeoutMs: number): Promise<Sent> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    try {
      return await send(request, fetch, { timeoutMs, maxBytes: PLAN_LIMITS.responseBytes, signal: controller.signal, now: () => performance.now() });
    } finally {
      this.#controllers.delete(controller);
    }
  }

  /**
   * The hot path: one request of the pool. Its URL and headers are put together once per
   * invocation (a pool has a few requests per operation), and its timeout is kept by the
   * invocation's sweeper instead of a timer per request.
   */
  async #send(base: string, request: SynthesizedRequest, runId: string, timeoutMs: number): Promise<{ status: number; ms: number }> {
    let prepared = this.#prepared.get(request);
    if (!prepared) {
      prepared = { url: base + request.path, init: { method: request.method, headers: { ...request.headers, 'x-test-session': runId }, body: request.body, redirect: 'manual' } };
      this.#prepared.set(request, prepared);
    }
    const controller = new AbortController();
    const started = performance.now();
    this.#deadlines.set(controller, started + timeoutMs);
    try {
      const res = await fetch(prepared.url, { ...prepared.init, signal: controller.signal });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    } catch {
      // A timeout, a network error or a cancel's abort: the request was sent, so it counts, as failed.
      return { status: 0, ms: performance.now() - started };
    } finally {
      this.#deadlines.delete(controller);
    }
  }

  /** Aborts the pool requests past their timeout, every SWEEP_MS while an invocation runs; returns the stop. */
  #sweepTimeouts(): () => void {
    const timer = setInterval(() => {
      const now = performance.now();
      for (const [controller, deadline] of this.#deadlines) if (deadline <= now) controller.abort('timeout');
    }, SWEEP_MS);
    return () => clearInterval(timer);
  }
}
