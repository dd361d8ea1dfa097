/**
 * When iterations happen. Open model: arrivals at a rate that is constant or ramps linearly
 * between stages (k6's constant- and ramping-arrival-rate); iteration i is due when the
 * integral of the rate reaches i. Closed model: a number of virtual users that ramps the same way.
 * A run is split across N shards by index: shard k owns global iterations (and VUs) k, k+N,
 * k+2N…, so the shards together follow the global schedule exactly, whatever N is.
 */

export interface Stage {
  durationMs: number;
  /** Rate (per second) or VUs reached at the end of the stage. */
  target: number;
}

interface Segment {
  start: number;
  dur: number;
  from: number;
  to: number;
  /** Arrivals before the segment. */
  before: number;
}

/** Piecewise-linear: a constant level for `durationMs`, or `start` ramping through the stages. */
export function segmentsOf(start: number, stages: readonly Stage[] | undefined, durationMs: number): Segment[] {
  const list = stages && stages.length > 0 ? stages : [{ durationMs, target: start }];
  const out: Segment[] = [];
  let t = 0;
  let level = stages && stages.length > 0 ? start : start;
  let before = 0;
  for (const s of list) {
    out.push({ start: t, dur: s.durationMs, from: level, to: s.target, before });
    before += ((level + s.target) / 2) * (s.durationMs / 1000);
    t += s.durationMs;
    level = s.target;
  }
  return out;
}

export function totalDuration(segments: readonly Segment[]): number {
  const last = segments[segments.length - 1];
  return last ? last.start + last.dur : 0;
}

/** The number of arrivals the schedule makes over its whole length (rounded down). */
export function totalArrivals(segments: readonly Segment[]): number {
  const last = segments[segments.length - 1];
  if (!last) return 0;
  // A hair below the exact integral, so float error never adds an arrival past the end.
  return Math.floor(last.before + ((last.from + last.to) / 2) * (last.dur / 1000) + 1e-9);
}

/** ms since the start at which global iteration `i` is due, or null when the schedule ends first. */
export function arrivalTime(segments: readonly Segment[], i: number): number | null {
  for (const s of segments) {
    const inSeg = ((s.from + s.to) / 2) * (s.dur / 1000);
    if (i > s.before + inSeg - 1e-9) continue;
    const n = i - s.before;
    // per ms: rate(x) = a + b x, arrivals(x) = a x + b x² / 2
    const a = s.from / 1000;
    const b = (s.to - s.from) / 1000 / s.dur;
    let x: number;
    if (Math.abs(b) < 1e-15) {
      if (a <= 0) continue;
      x = n / a;
    } else {
      const disc = a * a + 2 * b * n;
      x = (-a + Math.sqrt(Math.max(0, disc))) / b;
    }
    return s.start + Math.min(s.dur, Math.max(0, x));
  }
  return null;
}

/** The (global) level at `t` ms: a rate or a number of VUs. */
export function levelAt(segments: readonly Segment[], t: number): number {
  for (const s of segments) {
    if (t < s.start + s.dur) return s.from + ((s.to - s.from) * Math.max(0, t - s.start)) / s.dur;
  }
  return 0;
}

export function peakLevel(segments: readonly Segment[]): number {
  return segments.reduce((m, s) => Math.max(m, s.from, s.to), 0);
}

/** How many of `total` items (VUs, iterations) shard `k` of `n` owns: those with index ≡ k (mod n). */
export function shareOf(total: number, k: number, n: number): number {
  return total > k ? Math.floor((total - k - 1) / n) + 1 : 0;
}
