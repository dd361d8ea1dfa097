export { MAX_DELAY_MS, MAX_RULES, faultSchema, proxyModeSchema, recordedSchema, latencySchema, ruleDefaultSchema, ruleSchema, scenarioNameSchema, scenarioSchema, sessionIdSchema, updateSchema } from './model';
export type { Fault, Latency, Recorded, Rule, RuleDefault, Scenario, Update } from './model';
export { findOperation } from './find-operation';
export type { FoundOperation } from './find-operation';
export { checkRule, validateScenario } from './validate';
export { compileSteering } from './compile';
export type { CompileOptions } from './compile';
export {
  activeScenarios,
  bump,
  deactivateEverywhere,
  emptySteering,
  emptyTarget,
  isIdle,
  MAX_SESSIONS,
  updateTarget,
  whereActive,
  withRule,
} from './state';
export type { SteeringSnapshot, SteeringState, Target } from './state';
