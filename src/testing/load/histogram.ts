/**
 * A mergeable latency histogram, log-linear like HdrHistogram: values (microseconds) below 128
 * are counted exactly; above, every power of two is cut into 128 equal buckets, so a bucket's
 * midpoint is within 0.4% of any value in it. Sparse (only buckets that were hit are kept) and
 * plain JSON, so it crosses a Durable Object stub. Shards merge by adding counts per bucket:
 * percentiles of a merged run come from the merged buckets, never from averaged percentiles.
 */

const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
/** Longest recordable duration: about 35 minutes in microseconds. */
const MAX_US = 2 ** 31 - 1;

export interface Histogram {
  /** Bucket index → count. */
  buckets: Record<number, number>;
  count: number;
  /** Sum of recorded values (µs), for the mean. */
  sum: number;
  /** 0 while empty. */
  min: number;
  max: number;
}

export function createHistogram(): Histogram {
  return { buckets: {}, count: 0, sum: 0, min: 0, max: 0 };
}

export function bucketOf(us: number): number {
  const v = Math.min(MAX_US, Math.max(0, Math.round(us)));
  if (v < SUB) return v;
  const msb = 31 - Math.clz32(v);
  const shift = msb - SUB_BITS;
  return SUB + shift * SUB + ((v >>> shift) - SUB);
}

/** The midpoint of a bucket (µs). */
export function bucketValue(index: number): number {
  if (index < SUB) return index;
  const shift = Math.floor((index - SUB) / SUB);
  const sub = (index - SUB) % SUB;
  const lower = (SUB + sub) * 2 ** shift;
  return lower + (2 ** shift - 1) / 2;
}

/** Records one duration in milliseconds. */
export function record(h: Histogram, ms: number): void {
  const us = Math.min(MAX_US, Math.max(0, ms * 1000));
  const b = bucketOf(us);
  h.buckets[b] = (h.buckets[b] ?? 0) + 1;
  if (h.count === 0 || us < h.min) h.min = us;
  h.count++;
  h.sum += us;
  if (us > h.max) h.max = us;
}

/** Adds `from` into `into` (in place) and returns `into`. */
export function mergeInto(into: Histogram, from: Histogram): Histogram {
  for (const [k, n] of Object.entries(from.buckets)) {
    const b = Number(k);
    into.buckets[b] = (into.buckets[b] ?? 0) + n;
  }
  if (from.count > 0) {
    into.min = into.count === 0 ? from.min : Math.min(into.min, from.min);
    into.max = Math.max(into.max, from.max);
  }
  into.count += from.count;
  into.sum += from.sum;
  return into;
}

export function mergeAll(list: readonly Histogram[]): Histogram {
  const out = createHistogram();
  for (const h of list) mergeInto(out, h);
  return out;
}

/**
 * The value (ms) at percentile `p` (0–100), nearest rank, clamped to the recorded min and max.
 * @example percentile(h, 95)
 */
export function percentile(h: Histogram, p: number): number {
  if (h.count === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * h.count));
  const keys = Object.keys(h.buckets)
    .map(Number)
    .sort((a, b) => a - b);
  let seen = 0;
  for (const k of keys) {
    seen += h.buckets[k];
    if (seen >= rank) return Math.min(h.max, Math.max(h.min, bucketValue(k))) / 1000;
  }
  return h.max / 1000;
}
