/** The admin API's own routes: health, this document, the raw log, the plan and the switches. */
import { z } from 'zod';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';
import { installedPlanSchema, servedPlanSchema, uploadedPlanSchema } from '../plan-schemas';
import { requestPageSchema } from '../log-schemas';
import { pageQuerySchema, settingsPatchSchema, settingsSchema } from '../schemas';

export const getHealth = defineRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/health',
  auth: false,
  summary: 'Readiness, without a token: 200 once a plan is served, 503 before',
  responses: {
    '200': { description: 'The mock serves its plan', schema: z.object({ status: z.literal('ok'), ready: z.literal(true), mock: z.string(), planVersion: z.string() }) },
    '503': problemAnswer('The worker runs but no plan is loaded yet (a problem with `ready: false`, `mock` and `planVersion: null`)'),
  },
});

export const getAdminOpenApi = defineRoute({
  operationId: 'getAdminOpenApi',
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document, generated from the admin API contract (src/admin-api)',
  responses: { '200': { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) }, ...UNAUTHORIZED },
});

export const listRequests = defineRoute({
  operationId: 'listRequests',
  method: 'get',
  path: '/api/requests',
  summary: 'The request log, newest first',
  query: pageQuerySchema,
  responses: { '200': { description: 'A page of logged requests', schema: requestPageSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const getPlan = defineRoute({
  operationId: 'getPlan',
  method: 'get',
  path: '/api/plan',
  summary: 'The plan being served: its summary with the stored versions, or the whole compiled plan with ?full=true',
  query: z.object({ full: z.string().optional().describe('`true`: the whole compiled MockPlan instead of the summary') }),
  responses: {
    '200': { description: 'Plan summary (or the whole plan with full=true)', schema: z.union([servedPlanSchema, uploadedPlanSchema]) },
    '404': problemAnswer('No plan yet'),
    ...UNAUTHORIZED,
  },
});

export const putPlan = defineRoute({
  operationId: 'putPlan',
  method: 'put',
  path: '/api/plan',
  summary: 'Serve a compiled MockPlan (as made by `mockloop compile --json`); logs are kept',
  body: { required: true, schema: uploadedPlanSchema },
  responses: { '200': { description: 'Installed', schema: installedPlanSchema }, ...BAD_BODY, '422': problemAnswer('Not a MockPlan'), ...UNAUTHORIZED },
});

export const putSpec = defineRoute({
  operationId: 'putSpec',
  method: 'put',
  path: '/api/spec',
  summary: 'Serve an OpenAPI 3.x / Swagger 2.0 document (YAML or JSON), compiled by the worker',
  query: z.object({ location: z.string().optional().describe('A name for the document in problems (default: upload)') }),
  body: { required: true, content: { 'application/yaml': z.string(), 'application/json': z.record(z.string(), z.unknown()) } },
  responses: {
    '200': { description: 'Installed', schema: installedPlanSchema },
    '413': problemAnswer('Too large'),
    '422': problemAnswer('Not a usable spec; `errors` name each place'),
    ...UNAUTHORIZED,
  },
});

export const getSettings = defineRoute({
  operationId: 'getSettings',
  method: 'get',
  path: '/api/settings',
  summary: 'The switches: request validation, security, CORS, stateful CRUD',
  responses: { '200': { description: 'Switches', schema: settingsSchema }, ...UNAUTHORIZED },
});

export const patchSettings = defineRoute({
  operationId: 'patchSettings',
  method: 'patch',
  path: '/api/settings',
  summary: 'Change some switches; the next request sees them',
  body: { required: true, schema: settingsPatchSchema },
  responses: { '200': { description: 'Updated switches', schema: settingsSchema }, '422': problemAnswer('Bad patch'), ...UNAUTHORIZED },
});
