/**
 * The statistics the comparison uses, on weighted samples (value, count) so a load run's merged
 * histogram (bucket representative × count) and a plan run's raw latencies go through the same
 * code: Mann–Whitney U with the normal approximation, tie correction and continuity correction
 * (two-sided, as scipy.stats.mannwhitneyu(method='asymptotic')), and the pooled two-proportion
 * z-test. Values checked against scipy in stats.test.ts.
 */

/** (value, how many times) pairs; counts are positive. */
export type WeightedSample = ReadonlyArray<readonly [number, number]>;

/** Φ(x), the standard normal CDF, via erfc (W. J. Cody's rational approximations, |error| < 1e-14 relative). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' erfc via Chebyshev fit, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

export interface MannWhitney {
  /** U of the second sample (the candidate): pairs where it is larger, ties counting ½. */
  u: number;
  n1: number;
  n2: number;
  z: number;
  p: number;
  /** P(candidate > baseline) + ½ P(equal): 0.5 means no shift. */
  probabilityOfSuperiority: number;
  /** 2·PS − 1, in [−1, 1]: positive when the candidate's values are larger (slower). */
  rankBiserial: number;
}

/**
 * @example mannWhitneyU([[1, 1], [2, 1], [3, 1]], [[4, 1], [5, 1], [6, 1]]) // u 9, p ≈ 0.0809
 */
export function mannWhitneyU(baseline: WeightedSample, candidate: WeightedSample): MannWhitney | undefined {
  const n1 = total(baseline);
  const n2 = total(candidate);
  if (n1 === 0 || n2 === 0) return undefined;
  const merged = new Map<number, [number, number]>();
  for (const [v, c] of baseline) if (c > 0) (merged.get(v) ?? setNew(merged, v))[0] += c;
  for (const [v, c] of candidate) if (c > 0) (merged.get(v) ?? setNew(merged, v))[1] += c;
  const values = [...merged.keys()].sort((a, b) => a - b);
  let rank = 0;
  let r2 = 0;
  let tie = 0;
  for (const v of values) {
    const [a, b] = merged.get(v) as [number, number];
    const t = a + b;
    r2 += b * (rank + (t + 1) / 2);
    tie += t * t * t - t;
    rank += t;
  }
  const n = n1 + n2;
  const u = r2 - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tie / (n * (n - 1)));
  const diff = u - mean;
  const z = variance > 0 ? (Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5)) / Math.sqrt(variance) : 0;
  const ps = u / (n1 * n2);
  return { u, n1, n2, z, p: variance > 0 ? twoSidedP(z) : 1, probabilityOfSuperiority: ps, rankBiserial: 2 * ps - 1 };
}

function setNew(map: Map<number, [number, number]>, v: number): [number, number] {
  const entry: [number, number] = [0, 0];
  map.set(v, entry);
  return entry;
}

export interface TwoProportions {
  p1: number;
  p2: number;
  /** p2 − p1. */
  difference: number;
  z: number;
  p: number;
}

/** Pooled two-proportion z-test: x1 of n1 against x2 of n2 (two-sided). */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TwoProportions | undefined {
  if (n1 === 0 || n2 === 0) return undefined;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (p2 - p1) / se : 0;
  return { p1, p2, difference: p2 - p1, z, p: se > 0 ? twoSidedP(z) : 1 };
}

export function total(sample: WeightedSample): number {
  let n = 0;
  for (const [, c] of sample) n += c;
  return n;
}

/** The q-quantile (0..1) of a weighted sample: the smallest value whose cumulative count reaches q·n. */
export function quantile(sample: WeightedSample, q: number): number | undefined {
  const n = total(sample);
  if (n === 0) return undefined;
  const sorted = [...sample].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted.at(-1)?.[0];
}
