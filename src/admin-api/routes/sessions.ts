/** Test sessions: requests join one with the header `X-Test-Session: <id>`. */
import { z } from 'zod';
import { sessionDetailSchema, sessionPageSchema } from '../log-schemas';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';

export const SESSION_ID_PATTERN = '^[A-Za-z0-9._:~-]{1,128}$';
const sessionId = z.string().regex(new RegExp(SESSION_ID_PATTERN), 'letters, digits and . _ : ~ - only, 1 to 128 characters');
const idParam = z.object({ id: z.string() });

export const listSessions = defineRoute({
  operationId: 'listSessions',
  method: 'get',
  path: '/api/sessions',
  summary: 'Test sessions, newest first, with their counts (sessions seen only in traffic are listed with origin "traffic")',
  query: z
    .object({
      limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
      offset: z.coerce.number().int().min(0).default(0).describe('Rows to skip'),
      state: z.enum(['active', 'ended']).optional().describe('Only active or ended sessions'),
      origin: z.enum(['api', 'traffic']).optional().describe('Only sessions created through the API, or seen only in traffic'),
    })
    .strict(),
  responses: { '200': { description: 'A page of sessions', schema: sessionPageSchema }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const createSession = defineRoute({
  operationId: 'createSession',
  method: 'post',
  path: '/api/sessions',
  summary: 'Create a test session; requests join it with the header X-Test-Session: <id>. Creating an id already seen in traffic claims it (claimed: true).',
  body: {
    required: false,
    schema: z
      .object({
        id: sessionId.optional().describe('Minted (a ULID) when absent'),
        name: z.string().min(1).max(200).optional(),
        metadata: z
          .record(z.string(), z.unknown())
          .refine((m) => JSON.stringify(m).length <= 16 * 1024, 'at most 16 KiB of JSON')
          .optional()
          .describe('Any JSON object up to 16 KiB'),
      })
      .strict(),
  },
  responses: {
    '201': { description: 'Created', schema: sessionDetailSchema.extend({ claimed: z.boolean(), header: z.object({ 'X-Test-Session': z.string() }) }) },
    ...BAD_BODY,
    '409': problemAnswer('A session with this id was already created through the API'),
    ...UNAUTHORIZED,
  },
});

export const getSession = defineRoute({
  operationId: 'getSession',
  method: 'get',
  path: '/api/sessions/{id}',
  summary: 'One session with its counts: requests, success rate, duration, statuses, operations',
  params: idParam,
  responses: { '200': { description: 'The session', schema: sessionDetailSchema }, '404': problemAnswer('No such session'), ...UNAUTHORIZED },
});

export const endSession = defineRoute({
  operationId: 'endSession',
  method: 'post',
  path: '/api/sessions/{id}/end',
  summary: 'End a session (its requests stay; later requests with its id are still logged and counted)',
  params: idParam,
  responses: { '200': { description: 'The ended session', schema: sessionDetailSchema }, '404': problemAnswer('No such session'), '409': problemAnswer('Already ended'), ...UNAUTHORIZED },
});
