/** src/proxy — upstream modes (mock, proxy, spy, record, diff), recording and promotion, drift. */
export { mergeUpstream, outboundHeaders, scrubSecrets, upstreamAuthSchema, upstreamPatchSchema, upstreamSchema, upstreamSecrets, viewOfUpstream } from './config';
export type { UpstreamAuth, UpstreamConfig, UpstreamPatch } from './config';
export { createUpstream } from './stage';
export type { ForwardDeps } from './stage';
export type { FetchLike } from './forward';
export { compareAnswers } from './drift';
export type { Difference, DriftEntry } from './drift';
export { driftReport, driftReportHtml } from './drift-report';
export type { DriftReport, OperationDrift } from './drift-report';
export { createResponseValidator, violationsHeader } from './validate-response';
export { volatileFields, volatileKind, VOLATILE_HEADERS } from './volatile';
export { buildRecording, MAX_RECORDING_BYTES } from './record';
export type { Exchange, Recording, RecordOptions } from './record';
export { promoteRecording } from './promote';
export type { Promotion } from './promote';
export { exchangesFromHar, harSchema } from './har';
export type { Har } from './har';
