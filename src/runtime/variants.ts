/**
 * Operations that share a method and path and are told apart by a header or query parameter
 * (`/#X-Amz-Target=Queue.Send`, see src/plan/variants.ts): the router finds the first of them,
 * and this picks the one the request names — one that matches, else the one without a selector.
 */
import type { PlanOperation } from '../plan';
import type { HeaderReader } from './params';

export type VariantChooser = (op: PlanOperation, headers: HeaderReader, query: string) => PlanOperation | null;

export function createVariantChooser(operations: readonly PlanOperation[]): VariantChooser {
  const groups = new Map<string, PlanOperation[]>();
  for (const op of operations) {
    const key = `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const byFirst = new Map<PlanOperation, PlanOperation[]>();
  for (const group of groups.values()) if (group.length > 1 && group.some((op) => op.variant !== undefined)) for (const op of group) byFirst.set(op, group);

  return (op, headers, query) => {
    const group = byFirst.get(op);
    if (group === undefined) return op;
    let params: URLSearchParams | undefined;
    const picked = group.find((candidate) => {
      const v = candidate.variant;
      if (v === undefined) return false;
      let sent: string | null;
      if (v.in === 'header') sent = headers.get(v.name);
      else {
        params ??= new URLSearchParams(query);
        sent = params.get(v.name);
      }
      return sent !== null && (v.value === undefined || sent.trim() === v.value);
    });
    return picked ?? group.find((candidate) => candidate.variant === undefined) ?? null;
  };
}
