export type { DeployedMock, DeployOutcome, Deployer, DeployProgress, DeployRequest, MockStatus, SpecSource } from './types';
export { DEPLOY_STEPS } from './types';
export { DEPLOY_FAILED, DEPLOY_INVALID, DEPLOY_NAME_TAKEN, DEPLOY_UNKNOWN_MOCK } from './errors';
export { createDeployerClient, type Fetcher } from './client';
export { createDeployerHandler } from './handler';
export { SLUG } from './wire';
export { FETCH_BLOCKED_PORTS, portProblem } from './ports';
