/**
 * The package's programmatic API (`import { startMock } from 'mockloop-edge'`): a mock API for a
 * test suite, started in memory and steered from the test.
 */
export { MockStartError, startMock } from './start-mock';
export type { LoggedRequest, OverrideRule, RequestFilter, RunningMock, ScenarioDefinition, StartMockOptions } from './types';
