/** src/proxy/webhooks — bodies, Standard Webhooks signatures and the retry schedule of deliveries. */
export { type BuiltBody, bodyFor, givenBody, MAX_DELIVERY_BODY } from './body';
export { type AttemptVerdict, DEFAULT_RETRY_SCHEDULE_MS, MAX_RETRIES, parseRetrySchedule, verdictOf } from './schedule';
export { newWebhookSecret, signatureHeaders } from './signature';
