export { createRuntime, DEFAULT_SETTINGS } from './runtime';
export { HeaderSnapshot } from './header-snapshot';
export { splitRequestUrl } from './request-url';
export type { RequestTarget } from './request-url';
export type { MockRequest, MockResponse, Runtime, RuntimeSettings } from './runtime';
export { compileValidator } from '../validate';
export type { SchemaValidator } from '../validate';
