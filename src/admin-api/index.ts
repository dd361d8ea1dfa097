/**
 * The admin API's contract: one zod description per route (method, path, parameters, body, every
 * response). The server validates with it, GET /api/openapi.json is generated from it, and the
 * MCP tools and the admin page take their types from it. Platform-neutral: no hono, no Worker globals.
 */
export { ADMIN_ROUTES, core, load, logs, probes, proxy, records, sessions, steering, ui } from './routes';
export { ADMIN_API_VERSION, generateAdminOpenApi } from './openapi';
export { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from './route';
export type { AdminRoute, BodyOf, BodySpec, HttpMethod, QueryOf, ResponseOf, ResponseSpec } from './route';
export { pageQuerySchema, problemItemSchema, problemSchema, sessionScopeSchema, settingsPatchSchema, settingsSchema, validationResultSchema } from './schemas';
export type { ProblemBody, Settings, SettingsPatch, ValidationItem, ValidationResult } from './schemas';
export { SESSION_ID_PATTERN } from './routes/sessions';
export { uploadedPlanSchema } from './plan-schemas';
export type { InstalledPlan, PlanSummary, ServedPlan } from './plan-schemas';
export type { Analysis, Highlight, LogEntry, LogPage, LogSummary, Percentiles, SearchPage, SessionDetail, SessionPage, Stats, TestSession } from './log-schemas';
export type { SessionReport } from './report-schema';
export { activationSchema, controlSchema, seedSchema } from './steering-schemas';
export type { Collections, ControlResult, ScenarioList, SteeringStateView, StoredScenario, UpdateResult } from './steering-schemas';
