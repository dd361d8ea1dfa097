/** Choosing operations and the statuses they declare: the vocabulary packs target with. */
import type { PlanOperation, PlanResponse } from '../../plan';
import type { PackDraft, PackTarget, RuleBody } from './types';

/** Declared numeric statuses that match, exact ones first, then a range stands in with its first code (`5XX` → 500). */
export function declaredCodes(op: PlanOperation, match: (code: number) => boolean): number[] {
  const exact = op.responses.filter((r) => /^\d{3}$/.test(r.status)).map((r) => Number(r.status)).filter(match);
  const ranges = op.responses
    .filter((r) => /^\dXX$/.test(r.status))
    .map((r) => Number(r.status[0]) * 100)
    .filter((code) => match(code) && !exact.some((e) => Math.floor(e / 100) === code / 100));
  return [...exact, ...ranges];
}

/** The first of `preferred` the operation declares (exactly or by range). */
export function firstDeclared(op: PlanOperation, preferred: number[]): number | undefined {
  for (const code of preferred) if (op.responses.some((r) => r.status === String(code) || r.status === `${String(code)[0]}XX`)) return code;
  return undefined;
}

export function hasDefault(op: PlanOperation): boolean {
  return op.responses.some((r) => r.status === 'default');
}

/** The response an unsteered call gets: the lowest 2xx, else `default` (as the runtime chooses). */
export function defaultResponse(op: PlanOperation): PlanResponse | undefined {
  const rank = (r: PlanResponse) => (/^\d+$/.test(r.status) ? Number(r.status) : Number(r.status[0]) * 100);
  return op.responses.filter((r) => r.status.startsWith('2')).sort((a, b) => rank(a) - rank(b))[0] ?? op.responses.find((r) => r.status === 'default');
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
