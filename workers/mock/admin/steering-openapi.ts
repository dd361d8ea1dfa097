/**
 * The steering part of the admin API's OpenAPI document. Request bodies are generated from the
 * same zod schemas the routes validate with, so the document cannot drift from the checks.
 */
import { z } from 'zod';
import { scenarioSchema, updateSchema } from '../../../src/scenarios';

const problem = { $ref: '#/components/schemas/Problem' };
const problemContent = { 'application/problem+json': { schema: problem } };
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

/** A zod schema as an OpenAPI 3.1 schema (input side: what a client sends). */
function fromZod(schema: z.ZodType): Record<string, unknown> {
  const json = JSON.parse(
    // `new_response` is any JSON value: its recursive definition is replaced by "any".
    JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })).replace(/\{"\$ref":"#\/\$defs\/__schema0"\}/g, '{"description":"Any JSON value"}'),
  ) as Record<string, unknown>;
  delete json.$schema;
  delete json.$defs;
  patchMethods(json);
  return json;
}

function patchMethods(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  // SAFETY: walking a JSON value; objects are indexed by key.
  const record = node as Record<string, unknown>;
  const props = record.properties as Record<string, Record<string, unknown>> | undefined;
  if (props?.method && props.endpoint) props.method = { type: 'string', enum: METHODS, description: 'HTTP method (any case)' };
  for (const value of Object.values(record)) patchMethods(value);
}

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ok = (description: string, schema: unknown = { type: 'object' }) => ({ description, content: json(schema) });
const fail = (description: string) => ({ description, content: problemContent });
const sessionParam = { name: 'session_id', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'A test session (the `X-Test-Session` header of its requests)' };
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const errors = { '401': fail('Missing or wrong admin token'), '400': fail('Bad JSON or query'), '413': fail('Body too large'), '422': fail('Not valid; `errors[]` names each field') };

export const STEERING_SCHEMAS = {
  Scenario: fromZod(scenarioSchema),
  MockDataUpdate: fromZod(updateSchema),
  ScenarioList: {
    type: 'object',
    required: ['active', 'items'],
    properties: {
      active: { type: ['string', 'null'], description: 'The scenario active for the session asked about, else globally' },
      session_id: { type: ['string', 'null'] },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            description: { type: ['string', 'null'] },
            stateful: { type: 'boolean' },
            rules: { type: 'integer' },
            has_default: { type: 'boolean' },
            revision: { type: 'integer' },
            active: { type: 'boolean' },
            active_in: { type: 'array', items: { type: 'string' }, description: '`live` and/or `session <id>`' },
          },
        },
      },
    },
  },
  ValidationResult: {
    type: 'object',
    required: ['valid', 'errors'],
    properties: { valid: { type: 'boolean' }, errors: { type: 'array', items: { type: 'object', required: ['location', 'message'], properties: { location: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } } },
  },
};

export const STEERING_PATHS = {
  '/api/mock-data/update': {
    post: {
      operationId: 'updateMockData',
      summary: 'Override one operation’s response (live, in a scenario, or in a session); the next request sees it',
      description:
        '`endpoint` is the path template as the spec writes it (with or without the base path) or an operationId. Give at most one of `new_response`, `example`, `dynamic`. An update replaces the earlier override of the same operation. A request that sends its own `Prefer` gets what it asks for instead of the override’s response (faults still apply). Every /api/mock-data/* and /api/server/control answer carries `X-Mockloop-State-Version`; a mock request that sends it back is served that state or a newer one, whichever isolate serves it.',
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/MockDataUpdate' }) },
      responses: { '200': ok('Applied'), '404': fail('Unknown operation (lists the available ones), or unknown scenario'), '409': fail('No plan yet'), ...errors },
    },
    put: { operationId: 'putMockData', summary: 'Same as POST', requestBody: { required: true, content: json({ $ref: '#/components/schemas/MockDataUpdate' }) }, responses: { '200': ok('Applied'), '404': fail('Unknown operation'), ...errors } },
  },
  '/api/mock-data/overrides': {
    delete: {
      operationId: 'deleteOverrides',
      summary: 'Remove one override (endpoint + method) or all, globally or for a session',
      parameters: [sessionParam, { name: 'endpoint', in: 'query', schema: { type: 'string' } }, { name: 'method', in: 'query', schema: { type: 'string' } }],
      responses: { '200': ok('Removed'), '404': fail('No such override, operation or session'), ...errors },
    },
  },
  '/api/mock-data/state': {
    get: {
      operationId: 'getMockDataState',
      summary: 'What requests see: paused, active scenario, overrides, stateful, known sessions',
      parameters: [sessionParam],
      responses: { '200': ok('Steering state'), ...errors },
    },
  },
  '/api/mock-data/scenarios': {
    get: { operationId: 'listScenarios', summary: 'Scenarios, and which is active', parameters: [sessionParam], responses: { '200': ok('Scenarios', { $ref: '#/components/schemas/ScenarioList' }), ...errors } },
    post: {
      operationId: 'createScenario',
      summary: 'Create a scenario (checked against the plan: unknown operations, statuses and examples are refused naming the rule)',
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/Scenario' }) },
      responses: { '201': ok('Created', { $ref: '#/components/schemas/Scenario' }), '409': fail('A scenario with this name exists'), ...errors },
    },
    put: {
      operationId: 'updateScenario',
      summary: 'Replace a scenario (by its name); an active one applies at once',
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/Scenario' }) },
      responses: { '200': ok('Updated', { $ref: '#/components/schemas/Scenario' }), '404': fail('No such scenario'), ...errors },
    },
  },
  '/api/mock-data/scenarios/validate': {
    post: {
      operationId: 'validateScenario',
      summary: 'Check a scenario without storing it',
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/Scenario' }) },
      responses: { '200': ok('Verdict', { $ref: '#/components/schemas/ValidationResult' }), '400': fail('Bad JSON'), '413': fail('Too large') },
    },
  },
  '/api/mock-data/scenarios/active': {
    put: {
      operationId: 'activateScenario',
      summary: 'Activate a scenario ({"name": "x"}) or deactivate ({"name": null}), globally or for a session',
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: ['string', 'null'] }, session_id: { type: 'string' } } }),
      },
      responses: { '200': ok('Active scenario'), '404': fail('No such scenario'), '409': fail('Too many sessions'), ...errors },
    },
    delete: { operationId: 'deactivateScenario', summary: 'Deactivate the active scenario', parameters: [sessionParam], responses: { '200': ok('Deactivated'), ...errors } },
  },
  '/api/mock-data/scenarios/{name}': {
    get: { operationId: 'getScenario', parameters: [nameParam], responses: { '200': ok('The scenario with its revision and where it is active'), '404': fail('No such scenario') } },
    put: {
      operationId: 'putScenario',
      summary: 'Replace the named scenario',
      parameters: [nameParam],
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/Scenario' }) },
      responses: { '200': ok('Updated'), '404': fail('No such scenario'), ...errors },
    },
    delete: {
      operationId: 'deleteScenario',
      summary: 'Delete a scenario; an active one is refused with 409 unless force=true (which deactivates it everywhere)',
      parameters: [nameParam, { name: 'force', in: 'query', schema: { type: 'boolean' } }],
      responses: { '200': ok('Deleted'), '404': fail('No such scenario'), '409': fail('The scenario is active') },
    },
  },
  '/api/mock-data/records': {
    get: { operationId: 'listRecordCollections', summary: 'Stateful CRUD: collections found in the plan and stored record counts', parameters: [sessionParam], responses: { '200': ok('Collections'), ...errors } },
    post: {
      operationId: 'seedRecords',
      summary: 'Seed records of a collection (with session_id: that session’s, which becomes isolated)',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['collection', 'items'],
          additionalProperties: false,
          properties: { collection: { type: 'string', description: '`/books`, `/shops/s1/books`' }, items: { type: 'array', maxItems: 1000, items: { type: 'object' } }, replace: { type: 'boolean' }, session_id: { type: 'string' } },
        }),
      },
      responses: { '200': ok('Seeded'), '404': fail('Not a collection of the API'), ...errors },
    },
    delete: {
      operationId: 'clearRecords',
      summary: 'Delete stored records (one collection, or all of the scope)',
      parameters: [sessionParam, { name: 'collection', in: 'query', schema: { type: 'string' } }],
      responses: { '200': ok('Deleted'), '404': fail('Not a collection'), ...errors },
    },
  },
  '/api/mock-data/records/items': {
    get: {
      operationId: 'listRecords',
      summary: 'The stored records of a collection, oldest first',
      parameters: [sessionParam, { name: 'collection', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { '200': ok('Records'), '404': fail('Not a collection'), ...errors },
    },
  },
  '/api/server/control': {
    post: {
      operationId: 'controlServer',
      summary: 'reload-config | reset-state | reset-logs | pause | resume',
      description:
        '`pause`: the mock origin answers 503 problem+json until `resume`. `reset-state`: removes overrides, scenario activations and stored records (of one session with `session_id`, else of the mock and every session); scenarios themselves stay. `reset-logs`: deletes this mock’s request log (one session’s with `session_id`). `reload-config`: re-reads plan and state.',
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['action'], additionalProperties: false, properties: { action: { enum: ['reload-config', 'reset-state', 'reset-logs', 'pause', 'resume'] }, session_id: { type: 'string' } } }),
      },
      responses: { '200': ok('Done'), ...errors },
    },
  },
};
