/** The admin API's own OpenAPI description (served at GET /api/openapi.json). A mock of it can be made with MockLoop itself. */
import { LOGS_OPENAPI_PATHS, LOGS_OPENAPI_SCHEMAS } from './openapi-logs';
import { STEERING_PATHS, STEERING_SCHEMAS } from './steering-openapi';
import { ADMIN_UI_PATHS } from './ui/openapi';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponses = {
  '401': { description: 'Missing or wrong admin token', content: { 'application/problem+json': { schema: problem } } },
};

export const ADMIN_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'MockLoop Edge admin API', version: '0.1.0', description: 'Control and inspect one running mock. Every path under /api needs `Authorization: Bearer <admin token>`.' },
  security: [{ adminToken: [] }],
  paths: {
    ...STEERING_PATHS,
    ...ADMIN_UI_PATHS,
    ...LOGS_OPENAPI_PATHS,
    '/health': {
      get: {
        operationId: 'getHealth',
        security: [],
        summary: 'Readiness, without a token: 200 once a plan is served, 503 before',
        responses: {
          '200': { description: 'The mock serves its plan', content: { 'application/json': { schema: { type: 'object', required: ['status', 'ready', 'mock', 'planVersion'], properties: { status: { const: 'ok' }, ready: { const: true }, mock: { type: 'string' }, planVersion: { type: 'string' } } } } } },
          '503': { description: 'The worker runs but no plan is loaded yet', content: { 'application/json': { schema: { type: 'object', required: ['status', 'ready', 'mock', 'planVersion'], properties: { status: { const: 'no-plan' }, ready: { const: false }, mock: { type: 'string' }, planVersion: { type: 'null' } } } } } },
        },
      },
    },
    '/api/openapi.json': {
      get: { operationId: 'getAdminOpenApi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, ...problemResponses } },
    },
    '/api/requests': {
      get: {
        operationId: 'listRequests',
        summary: 'The request log, newest first',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: {
          '200': {
            description: 'A page of logged requests',
            content: { 'application/json': { schema: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/RequestLog' } }, total: { type: 'integer' } } } } },
          },
          '400': { description: 'Bad paging parameters', content: { 'application/problem+json': { schema: problem } } },
          ...problemResponses,
        },
      },
    },
    '/api/plan': {
      get: {
        operationId: 'getPlan',
        summary: 'The plan being served (summary, or the whole plan with ?full=true)',
        parameters: [{ name: 'full', in: 'query', schema: { type: 'boolean' } }],
        responses: { '200': { description: 'Plan summary', content: { 'application/json': { schema: { type: 'object' } } } }, '404': { description: 'No plan yet', content: { 'application/problem+json': { schema: problem } } }, ...problemResponses },
      },
      put: {
        operationId: 'putPlan',
        summary: 'Serve a compiled MockPlan (as made by `mockloop compile --json`); logs are kept',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': { description: 'Installed', content: { 'application/json': { schema: { type: 'object' } } } },
          '400': { description: 'Not JSON', content: { 'application/problem+json': { schema: problem } } },
          '413': { description: 'Too large', content: { 'application/problem+json': { schema: problem } } },
          '422': { description: 'Not a MockPlan', content: { 'application/problem+json': { schema: problem } } },
          ...problemResponses,
        },
      },
    },
    '/api/spec': {
      put: {
        operationId: 'putSpec',
        summary: 'Serve an OpenAPI 3.x / Swagger 2.0 document (YAML or JSON), compiled by the worker',
        requestBody: { required: true, content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': { description: 'Installed', content: { 'application/json': { schema: { type: 'object' } } } },
          '422': { description: 'Not a usable spec; `errors` name each place', content: { 'application/problem+json': { schema: problem } } },
          ...problemResponses,
        },
      },
    },
    '/api/settings': {
      get: { operationId: 'getSettings', responses: { '200': { description: 'Switches', content: { 'application/json': { schema: { $ref: '#/components/schemas/Settings' } } } }, ...problemResponses } },
      patch: {
        operationId: 'patchSettings',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Settings' } } } },
        responses: { '200': { description: 'Updated switches', content: { 'application/json': { schema: { $ref: '#/components/schemas/Settings' } } } }, '422': { description: 'Bad patch', content: { 'application/problem+json': { schema: problem } } }, ...problemResponses },
      },
    },
  },
  components: {
    securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
    schemas: {
      ...STEERING_SCHEMAS,
      ...LOGS_OPENAPI_SCHEMAS,
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', required: ['location', 'message'], properties: { location: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } },
        },
      },
      Settings: {
        type: 'object',
        properties: { validateRequests: { type: 'boolean' }, enforceSecurity: { type: 'boolean' }, cors: { type: 'boolean' }, stateful: { type: 'boolean', description: 'Stateful CRUD for the whole mock' } },
        additionalProperties: false,
      },
      RequestLog: {
        type: 'object',
        required: ['id', 'ts', 'method', 'path', 'status', 'correlationId'],
        properties: {
          id: { type: 'string', description: 'ULID' },
          mock: { type: 'string' },
          planVersion: { type: 'string' },
          ts: { type: 'integer', description: 'epoch ms' },
          method: { type: 'string' },
          path: { type: 'string' },
          operationId: { type: ['string', 'null'] },
          query: { type: 'string' },
          requestHeaders: { type: 'object', additionalProperties: { type: 'string' } },
          requestBody: { type: ['string', 'null'] },
          requestBodySize: { type: 'integer' },
          status: { type: 'integer' },
          responseHeaders: { type: 'object', additionalProperties: { type: 'string' } },
          responseBody: { type: ['string', 'null'] },
          responseBodySize: { type: 'integer' },
          latencyMs: { type: 'integer' },
          clientAddress: { type: ['string', 'null'] },
          userAgent: { type: ['string', 'null'] },
          sessionId: { type: ['string', 'null'] },
          correlationId: { type: 'string' },
          validationErrors: { type: ['array', 'null'] },
        },
      },
    },
  },
} as const;
