/** Stateful CRUD records (global, or one session's) and server control. */
import { z } from 'zod';
import { sessionIdSchema } from '../../scenarios';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';
import { sessionScopeSchema } from '../schemas';
import { collectionsSchema, controlResultSchema, controlSchema, seedSchema } from '../steering-schemas';

const collection = z.string().min(1).max(2048).describe('`/books`, `/shops/s1/books`; with or without the base path');
const noPlan = { '409': problemAnswer('No plan yet') } as const;

export const listRecordCollections = defineRoute({
  operationId: 'listRecordCollections',
  method: 'get',
  path: '/api/mock-data/records',
  summary: 'Stateful CRUD: collections found in the plan and stored record counts',
  query: sessionScopeSchema,
  responses: { '200': { description: 'Collections', schema: collectionsSchema }, ...noPlan, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const seedRecords = defineRoute({
  operationId: 'seedRecords',
  method: 'post',
  path: '/api/mock-data/records',
  summary: 'Seed records of a collection (with session_id: that session’s, which becomes isolated)',
  body: { required: true, schema: seedSchema },
  responses: {
    '200': { description: 'Seeded', schema: z.object({ collection: z.string(), session_id: z.string().nullable(), seeded: z.number().int(), id_property: z.string().nullable() }) },
    '404': problemAnswer('Not a collection of the API'),
    ...noPlan,
    ...BAD_BODY,
    ...UNAUTHORIZED,
  },
});

export const clearRecords = defineRoute({
  operationId: 'clearRecords',
  method: 'delete',
  path: '/api/mock-data/records',
  summary: 'Delete stored records (one collection, or all of the scope)',
  query: z.object({ collection: collection.optional(), session_id: sessionIdSchema.optional() }),
  responses: {
    '200': { description: 'Deleted', schema: z.object({ collection: z.string().nullable(), session_id: z.string().nullable(), deleted: z.number().int() }) },
    '404': problemAnswer('Not a collection'),
    ...noPlan,
    ...BAD_QUERY,
    ...UNAUTHORIZED,
  },
});

export const listRecords = defineRoute({
  operationId: 'listRecords',
  method: 'get',
  path: '/api/mock-data/records/items',
  summary: 'The stored records of a collection, oldest first',
  query: z.object({ collection, session_id: sessionIdSchema.optional() }),
  responses: {
    '200': { description: 'Records', schema: z.object({ collection: z.string(), session_id: z.string().nullable(), items: z.array(z.unknown()) }) },
    '404': problemAnswer('Not a collection'),
    ...noPlan,
    ...BAD_QUERY,
    ...UNAUTHORIZED,
  },
});

export const controlServer = defineRoute({
  operationId: 'controlServer',
  method: 'post',
  path: '/api/server/control',
  summary: 'reload-config | reset-state | reset-logs | pause | resume',
  description:
    '`pause`: the mock origin answers 503 problem+json until `resume`. `reset-state`: removes overrides, scenario activations and stored records (of one session with `session_id`, else of the mock and every session); scenarios themselves stay. `reset-logs`: deletes this mock’s request log (one session’s with `session_id`). `reload-config`: re-reads plan and state.',
  body: { required: true, schema: controlSchema },
  responses: { '200': { description: 'Done', schema: controlResultSchema }, ...BAD_BODY, ...UNAUTHORIZED },
});
