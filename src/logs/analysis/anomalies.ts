/**
 * Anomalies: time buckets whose error rate, latency or traffic stands out against the window's
 * baseline (the median bucket), merged into runs. Thresholds are deliberately coarse: a bucket
 * needs enough requests to mean anything, and must exceed the baseline by a factor and a margin.
 */
import { round } from './percentiles';

export interface TimelineBucket {
  start: number;
  requests: number;
  errors: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
}

export interface Anomaly {
  kind: 'error-spike' | 'latency-spike' | 'traffic-spike';
  start: number;
  /** Exclusive end of the last bucket of the run. */
  end: number;
  /** The worst bucket's figure: error rate (0..1), average latency (ms) or requests. */
  value: number;
  baseline: number;
  detail: string;
}

const MIN_REQUESTS = 5;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Rule {
  kind: Anomaly['kind'];
  value: (b: TimelineBucket) => number;
  eligible: (b: TimelineBucket) => boolean;
  exceeds: (value: number, baseline: number) => boolean;
  describe: (value: number, baseline: number, buckets: number) => string;
}

const RULES: Rule[] = [
  {
    kind: 'error-spike',
    value: (b) => b.errors / b.requests,
    eligible: (b) => b.requests >= MIN_REQUESTS && b.errors >= 3,
    exceeds: (v, base) => v >= base * 2 && v - base >= 0.2,
    describe: (v, base, n) => `error rate ${pct(v)} against a baseline of ${pct(base)} over ${n} bucket(s)`,
  },
  {
    kind: 'latency-spike',
    value: (b) => b.avgLatencyMs,
    eligible: (b) => b.requests >= MIN_REQUESTS,
    exceeds: (v, base) => v >= base * 3 && v - base >= 50,
    describe: (v, base, n) => `average latency ${round(v)} ms against a baseline of ${round(base)} ms over ${n} bucket(s)`,
  },
  {
    kind: 'traffic-spike',
    value: (b) => b.requests,
    eligible: () => true,
    exceeds: (v, base) => v >= base * 4 && v - base >= 50,
    describe: (v, base, n) => `${v} requests in a bucket against a baseline of ${round(base)} over ${n} bucket(s)`,
  },
];

function pct(v: number): string {
  return `${round(v * 100, 1)}%`;
}

/** Needs at least four buckets with traffic: with fewer there is no baseline to stand out from. */
export function findAnomalies(timeline: readonly TimelineBucket[], bucketMs: number, top: number): Anomaly[] {
  const busy = timeline.filter((b) => b.requests > 0);
  if (busy.length < 4) return [];
  const found: Array<Anomaly & { severity: number }> = [];
  for (const rule of RULES) {
    // The baseline is every bucket with enough traffic, spikes included (the median shrugs them off).
    const baseline = median(busy.filter((b) => b.requests >= MIN_REQUESTS || rule.kind === 'traffic-spike').map(rule.value));
    let run: { start: number; end: number; value: number; buckets: number } | null = null;
    const close = () => {
      if (run === null) return;
      found.push({
        kind: rule.kind,
        start: run.start,
        end: run.end,
        value: round(run.value, 4),
        baseline: round(baseline, 4),
        detail: rule.describe(run.value, baseline, run.buckets),
        severity: baseline === 0 ? run.value : run.value / baseline,
      });
      run = null;
    };
    for (const bucket of timeline) {
      const hit = bucket.requests > 0 && rule.eligible(bucket) && rule.exceeds(rule.value(bucket), baseline);
      if (!hit) {
        close();
        continue;
      }
      const value = rule.value(bucket);
      if (run === null) run = { start: bucket.start, end: bucket.start + bucketMs, value, buckets: 1 };
      else {
        run.end = bucket.start + bucketMs;
        run.value = Math.max(run.value, value);
        run.buckets++;
      }
    }
    close();
  }
  return found
    .sort((a, b) => b.severity - a.severity)
    .slice(0, top)
    .map(({ severity: _, ...anomaly }) => anomaly);
}
