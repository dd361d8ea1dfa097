/** src/logs/journal — the request log as a WireMock-compatible journal: request patterns and WireMock's JSON shapes. */
export { parseJsonPath, selectJsonPath } from '../../json/json-path';
export { type CompiledPattern, compileRequestPattern, type JournalRequest, type PatternError, type RequestMatcher } from './pattern';
export { journalRequestOf, type JournalRow, type LoggedRequest, loggedRequest, type ServeEvent, serveEvent } from './wiremock';
