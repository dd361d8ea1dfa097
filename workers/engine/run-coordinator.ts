/**
 * RunCoordinator: one per run. It hands each LoadShard its share of the schedule, keeps the
 * latest cumulative stats each shard reports, merges them (adding histograms) for live progress
 * and the final summary, evaluates thresholds (stopping the run early on an abortOnFail one),
 * and stores the result in D1 when every shard is done, the run is cancelled, or the watchdog fires.
 */
import { DurableObject } from 'cloudflare:workers';
import { saveTestRunResult, type TestRunStatus, updateTestRun } from '../../src/db/test-runs';
import { applyReport, buildSummary, evaluateThresholds, type LoadStats, type LoadSummary, mergeStats } from '../../src/testing/load';
import type { Env } from './env';
import { type CoordinatorRpc, hostOf, remoteShard, type RunSetup, type RunView, type ShardRpc, shardOf } from './protocol';

interface RunState {
  setup: Omit<RunSetup, 'pool' | 'testPlan'>;
  status: TestRunStatus;
  reason: string | null;
  stats: Record<number, LoadStats>;
  done: number[];
  finishedAt: number | null;
  /** Epoch ms at which a cancel reached the coordinator. */
  cancelledAt?: number;
}

/** After the schedule's end, shards get this long to report before the run is closed without them. */
const WATCHDOG_MS = 30_000;
/** A cancelled run is closed with what the shards reported within this time. */
const CANCEL_GRACE_MS = 700;

export class RunCoordinator extends DurableObject<Env> implements CoordinatorRpc {
  #state: RunState | null = null;

  async #load(): Promise<RunState | null> {
    if (this.#state) return this.#state;
    const stored = await this.ctx.storage.get<Omit<RunState, 'stats'>>('state');
    if (!stored) return null;
    // Each shard's stats are kept under their own key (`stats:<shard>`, without the per-second
    // series) and each of its seconds under `sec:<shard>:<second>`: a report rewrites what changed.
    const stats: Record<number, LoadStats> = {};
    for (const [key, value] of await this.ctx.storage.list<LoadStats>({ prefix: 'stats:' })) stats[Number(key.slice(6))] = { ...value, seconds: {} };
    for (const [key, value] of await this.ctx.storage.list<LoadStats['seconds'][number]>({ prefix: 'sec:' })) {
      const [, shard, second] = key.split(':');
      const target = stats[Number(shard)];
      if (target) target.seconds[Number(second)] = value;
    }
    this.#state = { ...stored, stats };
    return this.#state;
  }

  async #save(): Promise<void> {
    if (!this.#state) return;
    const { stats: _stats, ...rest } = this.#state;
    await this.ctx.storage.put('state', rest);
  }

  #shard(k: number): ShardRpc {
    const runId = this.#state?.setup.id ?? '';
    const host = this.env.SHARD_HOSTS ? hostOf(k, this.#state?.setup.shards ?? 1, Number(this.env.SHARD_HOST_COUNT ?? 0)) : null;
    return host !== null && this.env.SHARD_HOSTS ? remoteShard(this.env.SHARD_HOSTS, host, runId, k) : shardOf(this.env.LOAD_SHARD, runId, k);
  }

  async begin(setup: RunSetup): Promise<void> {
    const { pool, testPlan, ...rest } = setup;
    const planMix = testPlan ? { plan: testPlan, target: setup.target.replace(/\/+$/, '') } : undefined;
    this.#state = { setup: rest, status: 'running', reason: null, stats: {}, done: [], finishedAt: null };
    await this.#save();
    await updateTestRun(this.env.DB, setup.id, { status: 'running', startedAt: setup.startAt });
    await Promise.all(
      Array.from({ length: setup.shards }, (_, index) =>
        this.#shard(index).begin({
          plan: { runId: setup.id, index, shards: setup.shards, model: setup.model, start: setup.start, ...(setup.stages ? { stages: setup.stages } : {}), durationMs: setup.durationMs, iterations: setup.iterations, startAt: setup.startAt, seed: setup.seed, pool, ...(planMix ? { planMix } : {}) },
          target: setup.target,
          timeoutMs: setup.timeoutMs,
        }),
      ),
    );
    await this.ctx.storage.setAlarm(setup.startAt + setup.durationMs + setup.timeoutMs + WATCHDOG_MS);
  }

  async report(index: number, stats: LoadStats, done: boolean): Promise<void> {
    const state = await this.#load();
    if (!state || state.finishedAt !== null) return;
    // A report carries only the seconds that changed since the shard's last one (changedSeconds).
    state.stats[index] = applyReport(state.stats[index], stats);
    const entries: Array<[string, unknown]> = [[`stats:${index}`, { ...stats, seconds: {} }], ...Object.entries(stats.seconds).map(([second, s]) => [`sec:${index}:${second}`, s] as [string, unknown])];
    // storage.put takes at most 128 keys at once.
    for (let i = 0; i < entries.length; i += 128) await this.ctx.storage.put(Object.fromEntries(entries.slice(i, i + 128)));
    const newlyDone = done && !state.done.includes(index);
    if (newlyDone) state.done.push(index);
    if (state.status === 'running' && state.setup.thresholds.some((t) => t.abortOnFail)) {
      const merged = mergeStats(Object.values(state.stats));
      const failing = evaluateThresholds(
        state.setup.thresholds.filter((t) => t.abortOnFail),
        merged,
        this.#elapsed(state),
        (name) => state.setup.labels[name],
      ).find((r) => !r.ok);
      if (failing) {
        state.status = 'failed';
        state.reason = `threshold ${failing.threshold} failed (abortOnFail)`;
        await this.#save();
        this.ctx.waitUntil(this.#stopShards());
        return;
      }
    }
    if (state.done.length >= state.setup.shards) await this.#finish();
    else if (newlyDone) await this.#save();
  }

  async cancel(): Promise<RunView | null> {
    const state = await this.#load();
    if (!state) return null;
    if (state.finishedAt === null && state.status === 'running') {
      state.status = 'cancelled';
      state.reason = 'cancelled';
      state.cancelledAt = Date.now();
      await this.#save();
      await this.#stopShards(false);
      await this.#shardsDone(state);
      await this.#finish();
    }
    return this.view();
  }

  async #stopShards(finish = true): Promise<void> {
    const state = this.#state;
    if (!state) return;
    await Promise.all(Array.from({ length: state.setup.shards }, (_, k) => this.#shard(k).cancel().catch(() => {})));
    if (finish && state.finishedAt === null) {
      await this.#shardsDone(state);
      await this.#finish();
    }
  }

  /** Shards report their last figures once their requests in flight have settled; wait for that, a little. */
  async #shardsDone(state: RunState): Promise<void> {
    const deadline = Date.now() + CANCEL_GRACE_MS;
    while (state.done.length < state.setup.shards && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  override async alarm(): Promise<void> {
    const state = await this.#load();
    if (!state || state.finishedAt !== null) return;
    if (state.status === 'running') {
      state.status = 'error';
      state.reason = `${state.setup.shards - state.done.length} shard(s) did not report the end of their work`;
    }
    await this.#finish();
  }

  #elapsed(state: RunState): number {
    const end = state.finishedAt ?? Date.now();
    return Math.max(0, Math.min(end, state.setup.startAt + state.setup.durationMs + state.setup.timeoutMs) - state.setup.startAt);
  }

  #summary(state: RunState, merged = mergeStats(Object.values(state.stats))): LoadSummary {
    const elapsed = this.#elapsed(state);
    const results = evaluateThresholds(state.setup.thresholds, merged, elapsed, (name) => state.setup.labels[name]);
    return buildSummary(merged, elapsed, state.setup.shards, results);
  }

  async #finish(): Promise<void> {
    const state = this.#state;
    if (!state || state.finishedAt !== null) return;
    state.finishedAt = Date.now();
    const merged = mergeStats(Object.values(state.stats));
    const summary = this.#summary(state, merged);
    if (state.status === 'running') state.status = summary.thresholds.every((t) => t.ok) ? 'passed' : 'failed';
    await this.#save();
    await this.ctx.storage.deleteAlarm();
    const id = state.setup.id;
    // The merged histograms (whole run and per operation) go with the summary, so a comparison of
    // runs ranks their latencies; the per-second ones are already in the summary's series.
    const stats: LoadStats = { ...merged, seconds: {} };
    await saveTestRunResult(this.env.DB, id, { id, kind: 'load', target: state.setup.target, status: state.status, reason: state.reason, startedAt: state.setup.startAt, finishedAt: state.finishedAt, ...(state.cancelledAt ? { cancelledAt: state.cancelledAt } : {}), summary, stats });
    await updateTestRun(this.env.DB, id, { status: state.status, finishedAt: state.finishedAt, reason: state.reason, summary: compact(summary) });
  }

  async view(): Promise<RunView | null> {
    const state = await this.#load();
    if (!state) return null;
    const elapsed = this.#elapsed(state);
    const summary = this.#summary(state);
    const byTime = elapsed / Math.max(1, state.setup.durationMs);
    const byCount = summary.metrics.iterations.values.count / Math.max(1, state.setup.iterations);
    const progress = state.finishedAt !== null ? 100 : Math.min(99, Math.round(Math.max(byTime, byCount) * 100));
    return { id: state.setup.id, status: state.status, target: state.setup.target, progress, elapsedMs: elapsed, startedAt: state.setup.startAt, finishedAt: state.finishedAt, ...(state.cancelledAt ? { cancelledAt: state.cancelledAt } : {}), reason: state.reason, summary };
  }
}

/** What the run row keeps: the headline figures (the whole document is in the chunks). */
function compact(summary: LoadSummary) {
  const m = summary.metrics;
  return {
    http_reqs: m.http_reqs.values,
    http_req_duration: m.http_req_duration.values,
    http_req_failed: m.http_req_failed.values.rate,
    dropped_iterations: m.dropped_iterations.values.count,
    thresholds: summary.thresholds.map((t) => ({ threshold: t.threshold, ok: t.ok })),
  };
}
