/** Problem templates of test plans and their runs. */
import { problemType } from '../../problem';

export const PLAN_INVALID = problemType('test-plan-invalid', 'The test plan is invalid', 422);
export const PLAN_TARGET_MISSING = problemType('test-plan-target-missing', 'The test plan has no target', 400);
