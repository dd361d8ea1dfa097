/**
 * Without an admin hostname, a deployed mock serves its admin API under a reserved path prefix of
 * its own host (docs/decisions/0011). A spec that has an operation there is refused up front.
 */
import type { MockPlan } from '../../plan';
import { type Problem, problem } from '../../problem';
import { DEPLOY_RESERVED_PATH } from './errors';

export const ADMIN_PATH_PREFIX = '/__mockloop';

/** The operations whose full path (base path included) begins with the reserved segment. */
export function reservedPathConflicts(plan: MockPlan): string[] {
  const segment = ADMIN_PATH_PREFIX.slice(1);
  return plan.operations
    .map((op) => `${plan.basePath}${op.path}`)
    .filter((path) => path.split('/')[1] === segment);
}

export function reservedPathProblem(plan: MockPlan): Problem | null {
  const conflicts = reservedPathConflicts(plan);
  if (conflicts.length === 0) return null;
  return problem(
    DEPLOY_RESERVED_PATH,
    `Without an admin hostname the admin API lives under ${ADMIN_PATH_PREFIX} on the mock's host, and this spec has paths there: ${conflicts.slice(0, 5).join(', ')}. Deploy with an admin hostname (--admin-hostname) instead.`,
    { errors: conflicts.map((path) => ({ location: `paths/${path}`, message: `starts with the reserved ${ADMIN_PATH_PREFIX}` })) },
  );
}
