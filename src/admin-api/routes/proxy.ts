/** Hybrid mocks (docs/decisions/0020): recordings from upstream traffic, promotion into the plan, HAR, drift. */
import { z } from 'zod';
import { scenarioNameSchema, sessionIdSchema } from '../../scenarios';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';
import { problemItemSchema } from '../schemas';

const int = z.number().int();
const jsonPointer = z.string().regex(/^(\/.*)?$/, 'a JSON pointer (`/data/0/id`)').max(1024);

export const recordingBodySchema = z.strictObject({
  name: scenarioNameSchema.describe('The scenario the recording becomes'),
  from: z.enum(['record', 'upstream']).default('record').describe('`record`: exchanges made in record mode; `upstream`: every proxied exchange in the log (a snapshot, no restart)'),
  since: z.iso.datetime({ offset: true }).optional().describe('Only exchanges at or after this time'),
  session_id: sessionIdSchema.optional().describe('Only exchanges of this test session'),
  limit: int.min(1).max(5000).default(1000).describe('At most this many exchanges, the newest'),
  keep_latency: z.boolean().default(false).describe("Replay with the upstream's latency as a delay"),
  volatile: z.boolean().default(true).describe('Make ids, dates and trace values fresh on replay'),
  activate: z.boolean().default(false).describe('Activate the scenario at once'),
  replace: z.boolean().default(false).describe('Replace a scenario of this name'),
});

export const recordingSchema = z.object({
  scenario: z.string(),
  exchanges: int.describe('Exchanges read'),
  operations: z.array(z.object({ operation: z.string(), requests: int, entries: int, sequences: int.describe('Entries answered differently in turn') })),
  skipped: z.array(z.object({ method: z.string(), path: z.string(), reason: z.string() })),
  active: z.boolean(),
});

export const promotionSchema = z.object({
  planVersion: z.string().nullable().describe('The new plan version, or null when nothing was promoted (or dry_run)'),
  promoted: z.array(z.object({ operation: z.string(), status: int, mediaType: z.string(), example: z.string() })),
  refused: z.array(z.object({ operation: z.string(), status: int, path: z.string().nullable(), violations: z.array(problemItemSchema) })),
});

const differenceSchema = z.object({ pointer: z.string(), kind: z.enum(['status', 'media-type', 'type', 'missing', 'extra', 'length', 'value']), count: int, mock: z.string().optional(), live: z.string().optional() });

export const driftReportSchema = z.object({
  generatedAt: z.string(),
  requests: int,
  operations: z.array(
    z.object({
      operation: z.string(),
      requests: int,
      violating: int.describe('Requests whose live answer violated the spec'),
      drifting: int.describe('Requests the mock and the live API answered differently'),
      statuses: z.array(z.object({ mock: int, live: int, count: int })),
      violations: z.array(z.object({ location: z.string(), message: z.string(), count: int })),
      differences: z.array(differenceSchema),
    }),
  ),
});

export const compareBodySchema = z.strictObject({
  requests: z
    .array(
      z.strictObject({
        method: z.string().max(16).default('GET'),
        path: z.string().min(1).max(2048).regex(/^\//, 'starts with /').describe('The request path as a client sends it (with the base path)'),
        query: z.string().max(8192).default(''),
        headers: z.record(z.string(), z.string().max(8192)).default({}),
        body: z.string().max(1_000_000).optional(),
      }),
    )
    .min(1)
    .max(50),
  ignore: z.array(jsonPointer).max(100).optional().describe("Body pointers left out (default: the upstream's diff.ignore)"),
  volatile: z.boolean().optional().describe('Leave out ids, dates and trace values (default true)'),
});

export const createRecording = defineRoute({
  operationId: 'createRecording',
  method: 'post',
  path: '/api/recordings',
  summary: 'Make a scenario from recorded upstream exchanges in the log (sequences, optional delays, fresh volatile values)',
  body: { required: true, schema: recordingBodySchema },
  responses: { '200': { description: 'The scenario made', schema: recordingSchema }, ...BAD_BODY, '409': problemAnswer('No plan, or a scenario of this name exists (replace: true)'), ...UNAUTHORIZED },
});

export const promoteRecording = defineRoute({
  operationId: 'promoteRecording',
  method: 'post',
  path: '/api/recordings/{name}/promote',
  summary: "Validate a recording's bodies against the spec and add the valid ones to the plan as named examples (a new plan version)",
  params: z.object({ name: z.string() }),
  body: { required: false, schema: z.strictObject({ dry_run: z.boolean().default(false) }) },
  responses: { '200': { description: 'Promoted and refused bodies', schema: promotionSchema }, '404': problemAnswer('No such scenario, or no plan'), ...BAD_BODY, ...UNAUTHORIZED },
});

export const importHar = defineRoute({
  operationId: 'importHar',
  method: 'post',
  path: '/api/har',
  summary: 'Make a scenario from a HAR file (entries routed to operations by method and path); the log itself is exported as HAR by GET /api/export?format=har',
  query: z.object({
    name: scenarioNameSchema,
    activate: z.enum(['true', 'false']).optional(),
    replace: z.enum(['true', 'false']).optional(),
    volatile: z.enum(['true', 'false']).optional(),
  }),
  body: { required: true, schema: z.looseObject({ log: z.looseObject({ entries: z.array(z.unknown()) }) }) },
  responses: { '200': { description: 'The scenario made', schema: recordingSchema }, ...BAD_BODY, ...BAD_QUERY, '409': problemAnswer('No plan, or the scenario exists'), ...UNAUTHORIZED },
});

export const getDrift = defineRoute({
  operationId: 'getDrift',
  method: 'get',
  path: '/api/drift',
  summary: 'The drift report of diff mode, per operation: live answers against the spec, and the mock against the live API',
  query: z.object({ format: z.enum(['json', 'html']).default('json') }),
  responses: { '200': { description: 'Drift report', schema: driftReportSchema, content: { 'text/html': z.string() } }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const deleteDrift = defineRoute({
  operationId: 'deleteDrift',
  method: 'delete',
  path: '/api/drift',
  summary: 'Forget the drift entries',
  responses: { '200': { description: 'Deleted', schema: z.object({ deleted: int }) }, ...UNAUTHORIZED },
});

export const compareMockToLive = defineRoute({
  operationId: 'compareMockToLive',
  method: 'post',
  path: '/api/drift/compare',
  summary: 'Send each request to both the mock and the upstream and report the drift (nothing is served; entries are kept with the report)',
  body: { required: true, schema: compareBodySchema },
  responses: { '200': { description: 'Drift report of these requests', schema: driftReportSchema }, ...BAD_BODY, '409': problemAnswer('No plan or no upstream'), ...UNAUTHORIZED },
});
