/**
 * Numbers and integers within bounds and steps. `multipleOf` is handled in decimal, not binary:
 * 0.01 × 1999 must print as 19.99, because validators check multiples on the decimal digits.
 */
import { type NumberHint, numberHint } from './names';
import type { Random } from './random';
import type { Attempt, Flat, Mode } from './types';

interface Bound {
  value: number;
  exclusive: boolean;
}

/** A positive decimal as coefficient × 10^exponent, read from its shortest printed form. */
function decimalParts(value: number): [coefficient: bigint, exponent: number] {
  const [mantissa, exp = '0'] = Math.abs(value).toString().split('e');
  const point = mantissa.indexOf('.');
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  return [BigInt(mantissa.replace('.', '')), Number(exp) - fraction];
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The same decimal test the validator applies. */
export function isMultipleOf(value: number, step: number): boolean {
  if (!Number.isFinite(value) || !(step > 0)) return false;
  const [vc, ve] = decimalParts(value);
  const [sc, se] = decimalParts(step);
  const diff = ve - se;
  if (diff >= 0) return (vc * 10n ** BigInt(diff)) % sc === 0n;
  return vc % (sc * 10n ** BigInt(-diff)) === 0n;
}

/** A common step of several `multipleOf`s: their least common multiple, as units × 10^exponent. */
interface Step {
  units: bigint;
  exponent: number;
  size: number;
}

function combineSteps(steps: readonly number[]): Step | undefined {
  if (steps.length === 0) return undefined;
  const parts = steps.map(decimalParts);
  const exponent = Math.min(...parts.map(([, e]) => e));
  let units = 1n;
  for (const [c, e] of parts) {
    const scaled = c * 10n ** BigInt(e - exponent);
    units = (units * scaled) / gcd(units, scaled);
  }
  return { units, exponent, size: Number(`${units}e${exponent}`) };
}

function fromUnits(k: number, step: Step): number {
  return Number(`${BigInt(k) * step.units}e${step.exponent}`);
}

function lowerBound(flat: Flat, format: string | undefined): Bound | undefined {
  let bound: Bound | undefined;
  if (flat.minimum !== undefined) bound = { value: flat.minimum, exclusive: false };
  const ex = flat.exclusiveMinimum;
  if (ex !== undefined && (bound === undefined || ex >= bound.value)) bound = { value: ex, exclusive: true };
  const floor = format === 'int32' ? -2147483648 : -Number.MAX_SAFE_INTEGER;
  if (bound === undefined || bound.value < floor) bound = { value: floor, exclusive: false };
  return bound;
}

function upperBound(flat: Flat, format: string | undefined): Bound | undefined {
  let bound: Bound | undefined;
  if (flat.maximum !== undefined) bound = { value: flat.maximum, exclusive: false };
  const ex = flat.exclusiveMaximum;
  if (ex !== undefined && (bound === undefined || ex <= bound.value)) bound = { value: ex, exclusive: true };
  const ceiling = format === 'int32' ? 2147483647 : Number.MAX_SAFE_INTEGER;
  if (bound === undefined || bound.value > ceiling) bound = { value: ceiling, exclusive: false };
  return bound;
}

function inside(value: number, lo: Bound | undefined, hi: Bound | undefined): boolean {
  if (lo !== undefined && (lo.exclusive ? value <= lo.value : value < lo.value)) return false;
  if (hi !== undefined && (hi.exclusive ? value >= hi.value : value > hi.value)) return false;
  return true;
}

const DEFAULT_HINT: NumberHint = { min: 1, max: 1000, typical: 1, decimals: 2 };

/**
 * The range we would like to draw from: the name's hint (or 1..1000) moved inside the bounds
 * when it does not overlap them.
 */
function preferredWindow(hint: NumberHint, lo: Bound, hi: Bound): [number, number] {
  const from = Math.max(hint.min, lo.value);
  const to = Math.min(hint.max, hi.value);
  if (from <= to) return [from, to];
  const span = Math.max(hint.max - hint.min, 1);
  if (hint.min > hi.value) return [Math.max(lo.value, hi.value - span), hi.value];
  return [lo.value, Math.min(hi.value, lo.value + span)];
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(Math.min(Math.max(decimals, 0), 12)));
}

export function generateNumber(flat: Flat, integer: boolean, random: Random, mode: Mode, name: string | undefined): Attempt<number> {
  const format = flat.formats.find((f) => f === 'int32' || f === 'int64');
  const lo = lowerBound(flat, format)!;
  const hi = upperBound(flat, format)!;
  const hint = numberHint(name) ?? { ...DEFAULT_HINT, typical: integer ? 1 : 1.5 };
  const [wFrom, wTo] = preferredWindow(hint, lo, hi);

  const step = combineSteps(integer ? [...flat.multipleOf, 1] : flat.multipleOf);
  if (step !== undefined) {
    let kMin = Math.ceil(lo.value / step.size);
    let kMax = Math.floor(hi.value / step.size);
    while (kMin <= kMax && !inside(fromUnits(kMin, step), lo, undefined)) kMin++;
    while (kMax >= kMin && !inside(fromUnits(kMax, step), undefined, hi)) kMax--;
    if (kMin > kMax) return { value: lo.value, ok: false }; // No multiple lies inside the bounds.
    let k: number;
    if (mode === 'static') {
      k = Math.round(hint.typical / step.size);
    } else {
      const a = Math.max(kMin, Math.ceil(wFrom / step.size));
      const b = Math.min(kMax, Math.floor(wTo / step.size));
      k = a <= b ? random.int(a, b) : random.int(kMin, Math.min(kMax, kMin + 100));
    }
    k = Math.min(Math.max(k, kMin), kMax);
    return { value: fromUnits(k, step), ok: true };
  }

  const value = mode === 'static' ? hint.typical : roundTo(random.float(wFrom, wTo), hint.decimals || 2);
  if (inside(value, lo, hi)) return { value, ok: true };
  // Bounds that cut the preferred window: move into it, then toward the middle of what is left.
  const clamped = Math.min(Math.max(value, wFrom), wTo);
  if (inside(clamped, lo, hi)) return { value: clamped, ok: true };
  for (const [a, b] of [
    [wFrom, wTo],
    [lo.value, hi.value],
  ]) {
    const mid = a + (b - a) / 2;
    const rounded = roundTo(mid, 2);
    if (inside(rounded, lo, hi)) return { value: rounded, ok: true };
    if (inside(mid, lo, hi)) return { value: mid, ok: true };
  }
  return { value: lo.value, ok: false };
}
