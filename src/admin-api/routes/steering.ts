/** Steering: response overrides, scenarios and their activation, the state requests see. */
import { z } from 'zod';
import { scenarioSchema, sessionIdSchema, updateSchema } from '../../scenarios';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';
import { sessionScopeSchema, validationResultSchema } from '../schemas';
import { activationSchema, scenarioListSchema, steeringStateSchema, storedScenarioSchema, updateResultSchema } from '../steering-schemas';

const errors = { ...BAD_QUERY, ...BAD_BODY, ...UNAUTHORIZED };
const nameParam = z.object({ name: z.string() });

const UPDATE_DESCRIPTION =
  '`endpoint` is the path template as the spec writes it (with or without the base path) or an operationId. Give at most one of `new_response`, `example`, `dynamic`. An update replaces the earlier override of the same operation. A `new_response` that breaks the declared schema is stored and served, and the answer lists its violations in `warnings`. A request that sends its own `Prefer` gets what it asks for instead of the override’s response (faults still apply). Every /api/mock-data/* and /api/server/control answer carries `X-Mockloop-State-Version`; a mock request that sends it back is served that state or a newer one, whichever isolate serves it.';

const updateResponses = {
  '200': { description: 'Applied', schema: updateResultSchema },
  '404': problemAnswer('Unknown operation (lists the available ones), or unknown scenario'),
  '409': problemAnswer('No plan yet'),
  ...errors,
} as const;

export const updateMockData = defineRoute({
  operationId: 'updateMockData',
  method: 'post',
  path: '/api/mock-data/update',
  summary: 'Override one operation’s response (live, in a scenario, or in a session); the next request sees it',
  description: UPDATE_DESCRIPTION,
  body: { required: true, schema: updateSchema },
  responses: updateResponses,
});

export const putMockData = defineRoute({
  operationId: 'putMockData',
  method: 'put',
  path: '/api/mock-data/update',
  summary: 'Same as POST',
  body: { required: true, schema: updateSchema },
  responses: updateResponses,
});

export const getMockDataState = defineRoute({
  operationId: 'getMockDataState',
  method: 'get',
  path: '/api/mock-data/state',
  summary: 'What requests see: paused, active scenario, overrides, stateful, known sessions',
  query: sessionScopeSchema,
  responses: { '200': { description: 'Steering state', schema: steeringStateSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const deleteOverrides = defineRoute({
  operationId: 'deleteOverrides',
  method: 'delete',
  path: '/api/mock-data/overrides',
  summary: 'Remove one override (endpoint + method) or all, globally or for a session',
  query: z.object({ session_id: sessionIdSchema.optional(), endpoint: z.string().min(1).max(2048).optional(), method: z.string().min(1).max(10).optional() }),
  queryDescriptions: { session_id: 'A test session (the `X-Test-Session` header of its requests)', endpoint: 'Path template or operationId; with method', method: 'With endpoint' },
  responses: {
    '200': { description: 'Removed', schema: z.object({ removed: z.string().describe('`METHOD path`, or `all`'), session_id: z.string().nullable() }) },
    '404': problemAnswer('No such operation'),
    '409': problemAnswer('No plan yet'),
    ...BAD_QUERY,
    ...UNAUTHORIZED,
  },
});

export const listScenarios = defineRoute({
  operationId: 'listScenarios',
  method: 'get',
  path: '/api/mock-data/scenarios',
  summary: 'Scenarios, and which is active',
  query: sessionScopeSchema,
  responses: { '200': { description: 'Scenarios', schema: scenarioListSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const createScenario = defineRoute({
  operationId: 'createScenario',
  method: 'post',
  path: '/api/mock-data/scenarios',
  summary: 'Create a scenario (checked against the plan: unknown operations, statuses and examples are refused naming the rule)',
  body: { required: true, schema: scenarioSchema },
  responses: { '201': { description: 'Created', schema: scenarioSchema }, '409': problemAnswer('A scenario with this name exists, or no plan yet'), ...errors },
});

export const updateScenario = defineRoute({
  operationId: 'updateScenario',
  method: 'put',
  path: '/api/mock-data/scenarios',
  summary: 'Replace a scenario (by its name); an active one applies at once',
  body: { required: true, schema: scenarioSchema },
  responses: { '200': { description: 'Updated', schema: scenarioSchema }, '404': problemAnswer('No such scenario'), '409': problemAnswer('No plan yet'), ...errors },
});

export const validateScenario = defineRoute({
  operationId: 'validateScenario',
  method: 'post',
  path: '/api/mock-data/scenarios/validate',
  summary: 'Check a scenario without storing it',
  body: { required: true, schema: scenarioSchema },
  responses: {
    '200': { description: 'Verdict: every problem with its location (body/rules/0/status)', schema: validationResultSchema },
    '400': problemAnswer('The body is not JSON'),
    '409': problemAnswer('No plan yet'),
    '413': problemAnswer('The body is too large'),
    ...UNAUTHORIZED,
  },
});

export const activateScenario = defineRoute({
  operationId: 'activateScenario',
  method: 'put',
  path: '/api/mock-data/scenarios/active',
  summary: 'Activate a scenario ({"name": "x"}) or deactivate ({"name": null}), globally or for a session',
  body: { required: true, schema: activationSchema },
  responses: {
    '200': { description: 'Active scenario', schema: z.object({ active: z.string().nullable(), session_id: z.string().nullable() }) },
    '404': problemAnswer('No such scenario'),
    '409': problemAnswer('Too many sessions'),
    ...errors,
  },
});

export const deactivateScenario = defineRoute({
  operationId: 'deactivateScenario',
  method: 'delete',
  path: '/api/mock-data/scenarios/active',
  summary: 'Deactivate the active scenario',
  query: sessionScopeSchema,
  responses: { '200': { description: 'Deactivated', schema: z.object({ active: z.null(), session_id: z.string().nullable() }) }, ...BAD_QUERY, ...UNAUTHORIZED },
});

/** The `{name}` routes come after `active` and `validate`: a router that tries routes in order never reads those as names. */
export const getScenario = defineRoute({
  operationId: 'getScenario',
  method: 'get',
  path: '/api/mock-data/scenarios/{name}',
  summary: 'One scenario with its revision and where it is active',
  params: nameParam,
  responses: { '200': { description: 'The scenario', schema: storedScenarioSchema }, '404': problemAnswer('No such scenario'), ...UNAUTHORIZED },
});

export const putScenario = defineRoute({
  operationId: 'putScenario',
  method: 'put',
  path: '/api/mock-data/scenarios/{name}',
  summary: 'Replace the named scenario (a body without `name` takes the path’s)',
  params: nameParam,
  body: { required: true, schema: scenarioSchema },
  responses: { '200': { description: 'Updated', schema: scenarioSchema }, '404': problemAnswer('No such scenario'), '409': problemAnswer('No plan yet'), ...errors },
});

export const deleteScenario = defineRoute({
  operationId: 'deleteScenario',
  method: 'delete',
  path: '/api/mock-data/scenarios/{name}',
  summary: 'Delete a scenario; an active one is refused with 409 unless force=true (which deactivates it everywhere)',
  params: nameParam,
  query: z.object({ force: z.enum(['true', 'false']).optional() }),
  responses: { '200': { description: 'Deleted', schema: z.object({ deleted: z.string() }) }, '404': problemAnswer('No such scenario'), '409': problemAnswer('The scenario is active'), ...BAD_QUERY, ...UNAUTHORIZED },
});
