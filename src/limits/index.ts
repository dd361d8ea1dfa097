/** src/limits — limits on what a client may try: failed credentials. */
export { clientKey, CREDENTIAL_LIMITS, createFailureLimiter, type FailureLimiter, type FailureLimitOptions } from './failures';
export { TOO_MANY_FAILURES, tooManyFailures } from './response';
