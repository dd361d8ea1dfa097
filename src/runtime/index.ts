export { createRuntime, DEFAULT_SETTINGS } from './runtime';
export type { MockRequest, MockResponse, Runtime, RuntimeSettings } from './runtime';
export { compileValidator } from '../validate';
export type { SchemaValidator } from '../validate';
