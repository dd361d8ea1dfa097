/** Choosing operations and the statuses they declare: the vocabulary packs target with. */
import { declares, defaultResponse, type PlanOperation, type PlanResponse, successResponse } from '../../plan';
import type { PackDraft, PackTarget, RuleBody } from './types';

/** The first of `preferred` the operation declares (exactly or by range). */
export function firstDeclared(op: PlanOperation, preferred: number[]): number | undefined {
  return preferred.find((code) => declares(op, code));
}

export function hasDefault(op: PlanOperation): boolean {
  return defaultResponse(op) !== undefined;
}

/** The response an unsteered call gets when it succeeds: the lowest 2xx, else `default`. */
export function successOrDefault(op: PlanOperation): PlanResponse | undefined {
  return successResponse(op) ?? defaultResponse(op);
}

export function label(op: PlanOperation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** A list of operations in words, cut short for messages. */
export function listed(ops: PlanOperation[], max = 8): string {
  const shown = ops.slice(0, max).map(label).join(', ');
  return ops.length > max ? `${shown} and ${ops.length - max} more` : shown;
}

/** Applies `pick` to every operation; a draft of the hits, or the reason when there are none. */
export function targetEach(ops: PlanOperation[], pick: (op: PlanOperation) => { rule: RuleBody; why: string } | null, none: string, notes: string[] = []): PackDraft {
  const targets: PackTarget[] = [];
  for (const operation of ops) {
    const hit = pick(operation);
    if (hit) targets.push({ operation, ...hit });
  }
  return targets.length > 0 ? { ok: true, targets, notes } : { ok: false, reason: none };
}

export function noOperations(ops: PlanOperation[]): string | null {
  return ops.length === 0 ? 'The plan declares no operations (a webhooks-only document, or every operation filtered out).' : null;
}
