/**
 * LoadShard: sends one shard's share of a run. Each alarm is one invocation: it runs the pure
 * shard loop (src/testing/load/shard.ts) with at most MAX_CONNECTIONS fetches in flight, until the
 * invocation's subrequest budget or time slice is spent, saves its progress and sets the next alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import { runSlice, type ShardProgress, emptyStats } from '../../src/testing/load';
import { type OutgoingRequest, PLAN_LIMITS, type Sent, send } from '../../src/testing/plans';
import type { SynthesizedRequest } from '../../src/testing/requests';
import type { Env } from './env';
import { coordinatorOf, remoteCoordinator, type ShardAssignment, type ShardRpc } from './protocol';

const DEFAULT_SUBREQUESTS = 1000;
/** One invocation sends for at most this long, then hands over to an alarm (CPU limits are per invocation). */
const SLICE_MS = 15_000;
const REPORT_EVERY_MS = 500;
/** After a cancel, requests in flight get this long to finish before they are aborted. */
const ABORT_AFTER_MS = 300;

export class LoadShard extends DurableObject<Env> implements ShardRpc {
  #cancelled = false;
  readonly #controllers = new Set<AbortController>();

  async begin(assignment: ShardAssignment): Promise<void> {
    const progress: ShardProgress = { next: 0, stats: emptyStats(), done: false };
    await this.ctx.storage.put({ assignment, progress });
    await this.ctx.storage.setAlarm(Math.max(Date.now(), assignment.plan.startAt - 50));
  }

  async cancel(): Promise<void> {
    this.#cancelled = true;
    // Requests in flight may finish for a moment (they were sent: the target logs them); then they are cut.
    const inFlight = [...this.#controllers];
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
    const coordinator = this.env.COORDINATOR_HOST ? remoteCoordinator(this.env.COORDINATOR_HOST, plan.runId) : coordinatorOf(this.env.RUN_COORDINATOR, plan.runId);
    const base = assignment.target.replace(/\/+$/, '');
    const outcome = await runSlice(
      plan,
      progress,
      {
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        send: (request) => this.#send(base, request, plan.runId, assignment.timeoutMs),
        sendStep: (request) => this.#sendStep(request, assignment.timeoutMs),
        report: (stats, done) => coordinator.report(plan.index, stats, done),
        cancelled: () => this.#cancelled,
      },
      { maxSubrequests: Number(this.env.LOAD_SUBREQUESTS_PER_INVOCATION ?? DEFAULT_SUBREQUESTS), maxSliceMs: SLICE_MS, reportEveryMs: REPORT_EVERY_MS },
    );
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

  async #send(base: string, request: SynthesizedRequest, runId: string, timeoutMs: number): Promise<{ status: number; ms: number }> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const timer = setTimeout(() => controller.abort('timeout'), timeoutMs);
    const started = performance.now();
    try {
      const res = await fetch(base + request.path, {
        method: request.method,
        headers: { ...request.headers, 'x-test-session': runId },
        body: request.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    } catch {
      // A timeout, a network error or a cancel's abort: the request was sent, so it counts, as failed.
      return { status: 0, ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
      this.#controllers.delete(controller);
    }
  }
}
