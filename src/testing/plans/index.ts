/** Test plans: the format and its JSON Schema, parsing with errors by JSON pointer, and the runner. */
export type { ActionResult, AdminAccess, FetchLike } from './admin-actions';
export { type ObservedResponse, type PlanLookup, planLookup, type StepFailure } from './checks';
export { type OutgoingRequest, type Sent, send } from './http';
export { PLAN_INVALID, PLAN_TARGET_MISSING } from './errors';
export { checkTestPlan, MAX_PLAN_CHARS, parseTestPlan } from './parse';
export type { IterationResult, PlanRunResult, PlanRunStatus, StepResult } from './result';
export { evaluateStep, type PreparedStep, prepareStep, type RunPlanOptions, type RunPlanOutcome, runTestPlan } from './runner';
export { type PlanStep, PLAN_LIMITS, TEST_PLAN_JSON_SCHEMA, type TestPlan, testPlanSchema } from './schema';
export { planRunJunit } from './junit';
