/**
 * The request pool of a run: the operation mix with, per operation, a handful of requests
 * synthesised once (seeded), so a shard's hot path only draws from a list.
 */
import type { MockPlan } from '../../plan';
import { operationLabel, operationMix, synthesizeRequest } from '../requests';
import type { RequestPool } from './shard';

/** Requests synthesised per operation. */
const VARIANTS = 8;

export function buildPool(plan: MockPlan, options: { weights?: Record<string, number>; seed: string | number }): { pool: RequestPool; skipped: Array<{ operation: string; reason: string }> } {
  const mix = operationMix(plan, { weights: options.weights });
  const entries = mix.entries.map(({ operation, weight }) => ({
    label: operationLabel(operation),
    weight,
    declared: operation.responses.map((r) => r.status),
    requests: Array.from({ length: VARIANTS }, (_, k) => synthesizeRequest(plan, operation, { seed: `${options.seed}/${k}`, mode: k === 0 ? 'static' : 'dynamic' })),
  }));
  return { pool: { entries }, skipped: mix.skipped };
}
