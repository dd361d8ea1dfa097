/**
 * A WireMock-compatible request journal (decision 0021) over the request log, for clients and
 * scripts written against WireMock's admin API. Same origin, same token as /api.
 */
import { z } from 'zod';
import { BAD_BODY, BAD_QUERY, defineRoute, UNAUTHORIZED } from '../route';

const int = z.number().int();

export const loggedRequestSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    absoluteUrl: z.string(),
    method: z.string(),
    clientIp: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    cookies: z.record(z.string(), z.string()),
    browserProxyRequest: z.boolean(),
    loggedDate: int,
    loggedDateString: z.string(),
    body: z.string(),
    bodyAsBase64: z.string(),
    queryParams: z.record(z.string(), z.object({ key: z.string(), values: z.array(z.string()) })),
  })
  .describe("WireMock's LoggedRequest");

export const serveEventSchema = z
  .object({
    id: z.string(),
    request: loggedRequestSchema,
    responseDefinition: z.object({ status: int, body: z.string().optional() }),
    response: z.object({ status: int, headers: z.record(z.string(), z.string()), body: z.string().optional() }),
    wasMatched: z.boolean().describe('An operation of the spec served the request'),
    timing: z.object({ totalTime: int, serveTime: int }),
  })
  .describe("WireMock's ServeEvent");

export const requestPatternSchema = z
  .record(z.string(), z.unknown())
  .describe(
    "WireMock's request pattern, this subset: method; url, urlPattern, urlPath or urlPathPattern; headers and queryParameters with equalTo (caseInsensitive), contains, doesNotContain, matches, doesNotMatch, absent; bodyPatterns with those and equalToJson (ignoreArrayOrder, ignoreExtraElements), matchesJsonPath. Other keys are refused (422).",
  );

export const getJournal = defineRoute({
  operationId: 'getRequestJournal',
  method: 'get',
  path: '/__admin/requests',
  summary: 'The request log as WireMock’s journal (newest first)',
  query: z
    .object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      since: z.iso.datetime({ offset: true }).optional().describe('Only requests logged at or after this time'),
    })
    .strict(),
  responses: {
    '200': {
      description: 'Serve events',
      schema: z.object({ requests: z.array(serveEventSchema), meta: z.object({ total: int }), requestJournalDisabled: z.boolean() }),
    },
    ...BAD_QUERY,
    ...UNAUTHORIZED,
  },
});

export const findRequests = defineRoute({
  operationId: 'findRequests',
  method: 'post',
  path: '/__admin/requests/find',
  summary: 'Logged requests matching a WireMock request pattern (newest first, among the newest 10,000)',
  body: { required: true, schema: requestPatternSchema },
  responses: { '200': { description: 'Matching requests', schema: z.object({ requests: z.array(loggedRequestSchema) }) }, ...BAD_BODY, ...UNAUTHORIZED },
});

export const countRequests = defineRoute({
  operationId: 'countRequests',
  method: 'post',
  path: '/__admin/requests/count',
  summary: 'How many logged requests match a WireMock request pattern (among the newest 10,000)',
  body: { required: true, schema: requestPatternSchema },
  responses: { '200': { description: 'The count', schema: z.object({ count: int }) }, ...BAD_BODY, ...UNAUTHORIZED },
});

export const resetJournal = defineRoute({
  operationId: 'resetRequestJournal',
  method: 'delete',
  path: '/__admin/requests',
  summary: 'Deletes the mock’s request log (as POST /api/purge without a session does for the log rows)',
  responses: { '200': { description: 'Deleted (an empty body, as WireMock answers)' }, ...UNAUTHORIZED },
});
