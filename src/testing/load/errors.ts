import { problemType } from '../../problem';

export const LOAD_INVALID = problemType('load-invalid', 'The load run request is not valid', 400);
export const LOAD_OVER_CAP = problemType('load-over-cap', 'The load run asks for more than this engine allows', 422);
export const LOAD_TARGET_REFUSED = problemType('load-target-refused', 'The load target is not allowed', 403);
export const LOAD_UNKNOWN_RUN = problemType('load-unknown-run', 'No load run with that id', 404);
export const LOAD_NO_OPERATIONS = problemType('load-no-operations', 'The plan has no operation the load engine can send', 422);
