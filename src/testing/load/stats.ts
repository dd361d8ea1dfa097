/**
 * What a shard measures, as plain mergeable data: histograms and counters for the whole run, per
 * operation and per second of the run. Merging snapshots adds them up, so the coordinator's view
 * of N shards is exactly the view one shard would have had of all their requests.
 */
import { createHistogram, type Histogram, mergeInto, record } from './histogram';

export interface RequestStats {
  duration: Histogram;
  reqs: number;
  /** Requests that failed: a network error, a timeout or a status outside 200–399 (as k6 counts http_req_failed). */
  failed: number;
  checksPassed: number;
  checksFailed: number;
}

export interface SecondStats extends RequestStats {
  dropped: number;
}

export interface LoadStats {
  all: RequestStats;
  /** By operation label (`GET /books/{bookId}`). */
  operations: Record<string, RequestStats>;
  /** By whole seconds since the run's start. */
  seconds: Record<number, SecondStats>;
  iterations: number;
  dropped: number;
  /** Outgoing fetches and the invocations (alarms) they were spread over. */
  subrequests: number;
  invocations: number;
}

/** One finished request, as the shard saw it. */
export interface Sample {
  operation: string;
  /** ms from sending the request to the end of the response body. */
  ms: number;
  /** 0 for a network error or timeout. */
  status: number;
  /** Whether the status is one the operation declares. */
  declared: boolean;
  /** ms since the run's start when it was sent. */
  at: number;
}

export function emptyRequestStats(): RequestStats {
  return { duration: createHistogram(), reqs: 0, failed: 0, checksPassed: 0, checksFailed: 0 };
}

export function emptyStats(): LoadStats {
  return { all: emptyRequestStats(), operations: {}, seconds: {}, iterations: 0, dropped: 0, subrequests: 0, invocations: 0 };
}

export function isFailure(status: number): boolean {
  return status < 200 || status >= 400;
}

function add(into: RequestStats, s: Sample): void {
  record(into.duration, s.ms);
  into.reqs++;
  if (isFailure(s.status)) into.failed++;
  if (s.declared) into.checksPassed++;
  else into.checksFailed++;
}

export function addSample(stats: LoadStats, s: Sample): void {
  add(stats.all, s);
  let op = stats.operations[s.operation];
  if (!op) {
    op = emptyRequestStats();
    stats.operations[s.operation] = op;
  }
  add(op, s);
  add(secondOf(stats, s.at), s);
  stats.iterations++;
}

/**
 * One step of a test-plan iteration: a request (unless `status` is null: the step was not sent)
 * with the checks its expectations made. Iterations are counted apart (addIteration).
 */
export function addStepSample(stats: LoadStats, s: { operation: string; ms: number; status: number | null; passes: number; fails: number; at: number }): void {
  let op = stats.operations[s.operation];
  if (!op) {
    op = emptyRequestStats();
    stats.operations[s.operation] = op;
  }
  for (const into of [stats.all, op, secondOf(stats, s.at)]) {
    if (s.status !== null) {
      record(into.duration, s.ms);
      into.reqs++;
      if (isFailure(s.status)) into.failed++;
    }
    into.checksPassed += s.passes;
    into.checksFailed += s.fails;
  }
}

export function addIteration(stats: LoadStats): void {
  stats.iterations++;
}

export function addDropped(stats: LoadStats, at: number, n = 1): void {
  stats.dropped += n;
  secondOf(stats, at).dropped += n;
}

function secondOf(stats: LoadStats, at: number): SecondStats {
  const sec = Math.max(0, Math.floor(at / 1000));
  let s = stats.seconds[sec];
  if (!s) {
    s = { ...emptyRequestStats(), dropped: 0 };
    stats.seconds[sec] = s;
  }
  return s;
}

function mergeRequestStats(into: RequestStats, from: RequestStats): void {
  mergeInto(into.duration, from.duration);
  into.reqs += from.reqs;
  into.failed += from.failed;
  into.checksPassed += from.checksPassed;
  into.checksFailed += from.checksFailed;
}

/** Adds shard snapshots together. */
export function mergeStats(list: readonly LoadStats[]): LoadStats {
  const out = emptyStats();
  for (const s of list) {
    mergeRequestStats(out.all, s.all);
    for (const [name, op] of Object.entries(s.operations)) {
      out.operations[name] ??= emptyRequestStats();
      mergeRequestStats(out.operations[name], op);
    }
    for (const [sec, st] of Object.entries(s.seconds)) {
      const k = Number(sec);
      out.seconds[k] ??= { ...emptyRequestStats(), dropped: 0 };
      mergeRequestStats(out.seconds[k], st);
      out.seconds[k].dropped += st.dropped;
    }
    out.iterations += s.iterations;
    out.dropped += s.dropped;
    out.subrequests += s.subrequests;
    out.invocations += s.invocations;
  }
  return out;
}

/**
 * What a shard sends in one report: its cumulative stats with only the seconds that changed since
 * the last report (`sent`: per second, the requests + dropped already reported; updated here). A
 * run's per-second series is the longest part of its stats, and reports repeat every half second:
 * without this, each one would carry every second so far. An empty `sent` (a new invocation, or a
 * shard brought back after eviction) sends every second.
 */
export function changedSeconds(stats: LoadStats, sent: Map<number, number>): LoadStats {
  const seconds: Record<number, SecondStats> = {};
  for (const [key, s] of Object.entries(stats.seconds)) {
    const second = Number(key);
    const weight = s.reqs + s.dropped;
    if (sent.get(second) === weight) continue;
    sent.set(second, weight);
    seconds[second] = s;
  }
  return { ...stats, seconds };
}

/** A report applied to what the coordinator holds of that shard: the seconds it sent replace theirs, the rest stay. */
export function applyReport(previous: LoadStats | undefined, report: LoadStats): LoadStats {
  return previous ? { ...report, seconds: { ...previous.seconds, ...report.seconds } } : report;
}
