/**
 * The end-of-test summary, shaped like k6's (`handleSummary` data): metrics with their values and
 * the thresholds on them, plus per-operation metrics and a per-second series. Built from merged
 * stats only, so every figure (percentiles included) is exact for the merged histograms.
 */
import { type Histogram, percentile } from './histogram';
import type { LoadStats, RequestStats } from './stats';
import type { ThresholdResult } from './thresholds';

export interface DurationValues {
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
}

export interface RequestMetrics {
  http_req_duration: { values: DurationValues };
  http_reqs: { values: { count: number; rate: number } };
  http_req_failed: { values: { rate: number; passes: number; fails: number } };
  checks: { values: { rate: number; passes: number; fails: number } };
}

export interface SecondPoint {
  /** Seconds since the start. */
  t: number;
  reqs: number;
  failed: number;
  dropped: number;
  avg: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LoadSummary {
  state: { testRunDurationMs: number; shards: number; subrequests: number; invocations: number };
  metrics: RequestMetrics & {
    iterations: { values: { count: number; rate: number } };
    dropped_iterations: { values: { count: number; rate: number } };
  };
  operations: Record<string, RequestMetrics>;
  series: SecondPoint[];
  thresholds: ThresholdResult[];
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function durationValues(h: Histogram): DurationValues {
  return {
    avg: round(h.count ? h.sum / h.count / 1000 : 0),
    min: round(h.count ? h.min / 1000 : 0),
    med: round(percentile(h, 50)),
    max: round(h.max / 1000),
    'p(90)': round(percentile(h, 90)),
    'p(95)': round(percentile(h, 95)),
    'p(99)': round(percentile(h, 99)),
  };
}

function requestMetrics(r: RequestStats, secs: number): RequestMetrics {
  const checks = r.checksPassed + r.checksFailed;
  return {
    http_req_duration: { values: durationValues(r.duration) },
    http_reqs: { values: { count: r.reqs, rate: round(r.reqs / secs) } },
    // k6's convention: for a rate metric, `passes` counts the true values (here: failed requests).
    http_req_failed: { values: { rate: round(r.reqs ? r.failed / r.reqs : 0, 5), passes: r.failed, fails: r.reqs - r.failed } },
    checks: { values: { rate: round(checks ? r.checksPassed / checks : 0, 5), passes: r.checksPassed, fails: r.checksFailed } },
  };
}

export function buildSummary(stats: LoadStats, elapsedMs: number, shards: number, thresholds: ThresholdResult[]): LoadSummary {
  const secs = Math.max(elapsedMs, 1) / 1000;
  const series = Object.entries(stats.seconds)
    .map(([t, s]) => ({
      t: Number(t),
      reqs: s.reqs,
      failed: s.failed,
      dropped: s.dropped,
      avg: round(s.duration.count ? s.duration.sum / s.duration.count / 1000 : 0),
      p50: round(percentile(s.duration, 50)),
      p95: round(percentile(s.duration, 95)),
      max: round(s.duration.max / 1000),
    }))
    .sort((a, b) => a.t - b.t);
  return {
    state: { testRunDurationMs: Math.round(elapsedMs), shards, subrequests: stats.subrequests, invocations: stats.invocations },
    metrics: {
      ...requestMetrics(stats.all, secs),
      iterations: { values: { count: stats.iterations, rate: round(stats.iterations / secs) } },
      dropped_iterations: { values: { count: stats.dropped, rate: round(stats.dropped / secs) } },
    },
    operations: Object.fromEntries(Object.entries(stats.operations).map(([name, r]) => [name, requestMetrics(r, secs)])),
    series,
    thresholds,
  };
}
