export { compilePlan } from './compile';
export { hashText } from './hash';
export type {
  HttpMethod,
  JsonSchema,
  JsonSchemaObject,
  MockPlan,
  ParameterLocation,
  PlanCallback,
  PlanExample,
  PlanHeader,
  FormRules,
  PlanMedia,
  PlanOperation,
  PlanParameter,
  PlanRequestBody,
  PlanResponse,
  PlanSecurityRequirement,
  PlanSecurityScheme,
  PlanVariant,
  PlanWarning,
  PlanWebhook,
} from './types';
export { HTTP_METHODS } from './types';
export { declaredCodes, declares, defaultResponse, errorResponseFor, responseFor, sentStatus, successResponse, usualResponse } from './responses';
export { analyzePlan } from './analysis';
export type { AnalysisOptions, PlanAnalysis } from './analysis';
