/** Problems of the proxy stage: each names the upstream's host, never its credentials. */
import { problemType } from '../problem';

export const UPSTREAM_TIMEOUT = problemType('upstream-timeout', 'The upstream did not answer in time', 504);
export const UPSTREAM_UNREACHABLE = problemType('upstream-unreachable', 'The upstream could not be reached', 502);
export const UPSTREAM_REFUSED = problemType('upstream-refused', 'The upstream address is not allowed', 502);
export const UPSTREAM_TOO_LARGE = problemType('upstream-too-large', 'The upstream answer is too large', 502);
export const UPSTREAM_INVALID = problemType('upstream-invalid-response', "The upstream's answer violates the spec", 502);
