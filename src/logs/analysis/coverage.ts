/**
 * Spec coverage: which operations of the plan the traffic exercised, which declared responses it
 * never produced, and which statuses it got that the operation does not declare. A declared
 * `4XX` is exercised by any 4xx the operation answered that no exact code of it claims; `default`
 * by any status no other declaration claims.
 */

export interface PlanOperationRef {
  id: string;
  method: string;
  path: string;
  /** Declared response keys as the plan writes them: `200`, `4XX`, `default`. */
  statuses: string[];
}

export interface Coverage {
  planVersion: string | null;
  operations: { total: number; exercised: number; ratio: number | null };
  responses: { total: number; exercised: number; ratio: number | null };
  unexercisedOperations: Array<{ operationId: string; method: string; path: string }>;
  unexercisedStatuses: Array<{ operationId: string; statuses: string[] }>;
  undeclaredStatuses: Array<{ operationId: string; status: number; count: number }>;
  /** How many items each list left out. */
  more: { unexercisedOperations: number; unexercisedStatuses: number; undeclaredStatuses: number };
}

/** Which declared key an actual status counts for, or null when none claims it. */
export function declaredKeyFor(status: number, declared: readonly string[]): string | null {
  const exact = String(status);
  if (declared.includes(exact)) return exact;
  const range = `${Math.floor(status / 100)}XX`;
  if (declared.includes(range)) return range;
  return declared.includes('default') ? 'default' : null;
}

/** `served`: operation id → status → count, from the traffic of the window. */
export function coverageOf(planVersion: string | null, operations: readonly PlanOperationRef[], served: ReadonlyMap<string, ReadonlyMap<number, number>>, top: number): Coverage {
  const unexercisedOperations: Coverage['unexercisedOperations'] = [];
  const unexercisedStatuses: Coverage['unexercisedStatuses'] = [];
  const undeclaredStatuses: Coverage['undeclaredStatuses'] = [];
  let exercisedOps = 0;
  let responsesTotal = 0;
  let responsesExercised = 0;
  for (const op of operations) {
    const statuses = served.get(op.id);
    responsesTotal += op.statuses.length;
    if (statuses === undefined || statuses.size === 0) {
      unexercisedOperations.push({ operationId: op.id, method: op.method.toUpperCase(), path: op.path });
      if (op.statuses.length > 0) unexercisedStatuses.push({ operationId: op.id, statuses: [...op.statuses] });
      continue;
    }
    exercisedOps++;
    const hit = new Set<string>();
    for (const [status, count] of statuses) {
      const key = declaredKeyFor(status, op.statuses);
      if (key === null) undeclaredStatuses.push({ operationId: op.id, status, count });
      else hit.add(key);
    }
    responsesExercised += hit.size;
    const missing = op.statuses.filter((s) => !hit.has(s));
    if (missing.length > 0) unexercisedStatuses.push({ operationId: op.id, statuses: missing });
  }
  undeclaredStatuses.sort((a, b) => b.count - a.count);
  const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
  return {
    planVersion,
    operations: { total: operations.length, exercised: exercisedOps, ratio: ratio(exercisedOps, operations.length) },
    responses: { total: responsesTotal, exercised: responsesExercised, ratio: ratio(responsesExercised, responsesTotal) },
    unexercisedOperations: unexercisedOperations.slice(0, top),
    unexercisedStatuses: unexercisedStatuses.slice(0, top),
    undeclaredStatuses: undeclaredStatuses.slice(0, top),
    more: {
      unexercisedOperations: Math.max(0, unexercisedOperations.length - top),
      unexercisedStatuses: Math.max(0, unexercisedStatuses.length - top),
      undeclaredStatuses: Math.max(0, undeclaredStatuses.length - top),
    },
  };
}
