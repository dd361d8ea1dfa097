/** Problem templates of test schedules. */
import { problemType } from '../../problem';

export const SCHEDULE_INVALID = problemType('test-schedule-invalid', 'The schedule is invalid', 422);
export const SCHEDULE_UNKNOWN = problemType('test-schedule-unknown', 'No such schedule', 404);
export const SCHEDULE_LIMIT = problemType('test-schedule-limit', 'Too many schedules', 409);
