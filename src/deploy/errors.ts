import { problemType } from '../problem';

export const DEPLOY_UNKNOWN_MOCK = problemType('deploy-unknown-mock', 'No mock of that name', 404);
export const DEPLOY_NAME_TAKEN = problemType('deploy-name-taken', 'A mock of that name exists', 409);
export const DEPLOY_INVALID = problemType('deploy-invalid', 'The deploy request is not valid', 400);
export const DEPLOY_FAILED = problemType('deploy-failed', 'The mock could not be started', 500);
