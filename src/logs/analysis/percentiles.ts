/** Latency percentiles from a histogram (latency in ms → count), by nearest rank: the same figures a sorted list would give. */

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  avg: number | null;
}

/** A latency histogram: exact milliseconds → how many requests took that long. */
export type LatencyHistogram = Map<number, number>;

export function addTo(histogram: LatencyHistogram, latencyMs: number, count: number): void {
  histogram.set(latencyMs, (histogram.get(latencyMs) ?? 0) + count);
}

/**
 * @example
 * percentilesOf(new Map([[1, 90], [10, 9], [250, 1]])); // { p50: 1, p95: 10, p99: 10, max: 250, avg: 4.3 }
 */
export function percentilesOf(histogram: LatencyHistogram): Percentiles {
  const entries = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return { p50: null, p95: null, p99: null, max: null, avg: null };
  const rank = (p: number) => {
    const wanted = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [latency, n] of entries) {
      seen += n;
      if (seen >= wanted) return latency;
    }
    return entries[entries.length - 1][0];
  };
  const sum = entries.reduce((s, [latency, n]) => s + latency * n, 0);
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: entries[entries.length - 1][0], avg: round(sum / total) };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
