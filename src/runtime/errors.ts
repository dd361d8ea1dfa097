/** Problem templates of the mock origin. */
import { problemType } from '../problem';

export const NO_ROUTE = problemType('no-route', 'No operation matches this path', 404);
export const METHOD_NOT_ALLOWED = problemType('method-not-allowed', 'The path does not support this method', 405);
export const NOT_ACCEPTABLE = problemType('not-acceptable', 'None of the declared media types is acceptable', 406);
export const UNKNOWN_PREFERENCE = problemType('unknown-preference', 'The requested response is not declared', 404);
export const UNAUTHORIZED = problemType('unauthorized', 'Credentials are missing or malformed', 401);
export const UNSUPPORTED_MEDIA_TYPE = problemType('unsupported-media-type', 'The request body media type is not accepted', 415);
export const INVALID_BODY = problemType('invalid-body', 'The request body is not valid', 422);
export const INVALID_REQUEST = problemType('invalid-request', 'The request is not valid', 422);
export const MALFORMED_BODY = problemType('malformed-body', 'The request body cannot be parsed', 400);
export const INJECTED_FAULT = problemType('injected-fault', 'An injected fault', 503);
export const RECORD_NOT_FOUND = problemType('record-not-found', 'No such record', 404);
export const RECORD_CONFLICT = problemType('record-conflict', 'A record with this id exists', 409);
export const RECORD_TOO_LARGE = problemType('record-too-large', 'The record is too large to store', 413);
export const PAUSED = problemType('paused', 'The mock is paused', 503);
export const NO_PLAN = problemType('no-plan', 'No plan is loaded', 503);
export const BODY_TOO_LARGE = problemType('body-too-large', 'The request body is too large', 413);
