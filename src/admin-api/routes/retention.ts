/** The request log's retention policy, what the log could not keep, and the personal-data purge (decision 0014). */
import { z } from 'zod';
import { BAD_BODY, defineRoute, UNAUTHORIZED } from '../route';

const int = z.number().int();

export const retentionPolicySchema = z.object({
  maxAgeDays: int.describe('Rows older than this many days are deleted'),
  maxRows: int.describe('At most this many rows are kept, the newest'),
});

export const logCountersSchema = z.object({
  droppedRows: int.describe('Rows dropped because D1 refused their write (full or failing); the requests were answered'),
  lastDropAt: int.nullable(),
  lastDropError: z.string().nullable(),
  sessionsNotRecorded: int.describe('New X-Test-Session ids that got no session row (MAX_TRAFFIC_SESSIONS reached); their requests are logged'),
  retentionDeleted: int.describe('Rows removed by the retention policy'),
  lastRetentionAt: int.nullable(),
});

export const retentionPatchSchema = z.strictObject({
  maxAgeDays: int.min(1).max(3650).optional(),
  maxRows: int.min(10).max(100_000_000).optional(),
});

export const purgeBodySchema = z.strictObject({
  session_id: z
    .string()
    .regex(/^[A-Za-z0-9._:~-]{1,128}$/, 'letters, digits and . _ : ~ - only, 1 to 128 characters')
    .optional()
    .describe('Only this session; without it, everything the mock stored about its traffic'),
});

const purgedSchema = z.object({ session_id: z.string().nullable(), log_rows_deleted: int, sessions_deleted: int, records_deleted: int });

export const getRetention = defineRoute({
  operationId: 'getRetention',
  method: 'get',
  path: '/api/retention',
  summary: "The log's retention policy and what the log could not keep",
  responses: { '200': { description: 'Policy and counters', schema: z.object({ policy: retentionPolicySchema, counters: logCountersSchema }) }, ...UNAUTHORIZED },
});

export const patchRetention = defineRoute({
  operationId: 'patchRetention',
  method: 'patch',
  path: '/api/retention',
  summary: 'Changes the retention policy; enforced within a second, then hourly',
  body: { required: true, schema: retentionPatchSchema },
  responses: { '200': { description: 'The policy now', schema: z.object({ policy: retentionPolicySchema }) }, ...BAD_BODY, ...UNAUTHORIZED },
});

export const purge = defineRoute({
  operationId: 'purge',
  method: 'post',
  path: '/api/purge',
  summary: "Deletes a session's (or the whole mock's) log rows, session rows, steering state and stateful records",
  body: { required: true, schema: purgeBodySchema },
  responses: { '200': { description: 'What was deleted', schema: purgedSchema }, ...BAD_BODY, ...UNAUTHORIZED },
});
