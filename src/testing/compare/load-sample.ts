/**
 * A stored load run as a RunSample. Latencies come from the merged duration histograms (bucket
 * midpoint × count) when the result document carries them (`stats`); a summary alone holds only
 * percentiles, from which no rank test can honestly be made, so such a run's operations carry
 * their request and failure counts and no latency values (the comparison then says so).
 */
import { bucketValue, type Histogram } from '../load/histogram';
import type { LoadStats } from '../load/stats';
import type { LoadSummary } from '../load/summary';
import type { OperationSample, RunSample } from './sample';
import type { WeightedSample } from './stats';

export interface StoredLoadResult {
  summary: LoadSummary;
  stats?: LoadStats;
  startedAt?: number;
}

export function sampleOfLoadResult(id: string, doc: StoredLoadResult): RunSample {
  const operations: Record<string, OperationSample> = {};
  for (const [name, metrics] of Object.entries(doc.summary.operations ?? {})) {
    const histogram = doc.stats?.operations?.[name]?.duration;
    operations[name] = {
      latencies: histogram ? histogramSample(histogram) : [],
      requests: metrics.http_reqs.values.count,
      errors: metrics.http_req_failed.values.passes,
    };
  }
  return { id, kind: 'load', ...(doc.startedAt ? { startedAt: doc.startedAt } : {}), operations };
}

/** Milliseconds × count from a histogram's buckets (µs). */
export function histogramSample(h: Histogram): WeightedSample {
  return Object.entries(h.buckets).map(([index, count]) => [bucketValue(Number(index)) / 1000, count] as const);
}
