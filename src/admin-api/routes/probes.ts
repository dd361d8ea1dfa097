/** Security probe runs of this mock: start one (it runs to the end), list them, read one's findings. */
import { z } from 'zod';
import { BAD_BODY, BAD_QUERY, defineRoute, problemAnswer, UNAUTHORIZED } from '../route';

/** The probes' check names and severities (src/testing/probes; its tests keep the two lists equal: the contract depends on nothing). */
export const PROBE_CHECKS = [
  'authentication',
  'invalid-credentials',
  'object-authorization',
  'function-authorization',
  'read-only-write',
  'mass-assignment',
  'response-property-leak',
  'resource-limits',
  'rate-limit',
  'injection',
  'negative-data',
  'ssrf',
  'cors',
  'verbose-errors',
  'security-headers',
  'unsupported-methods',
  'undeclared-inventory',
] as const;
export const PROBE_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

const checkName = z.enum(PROBE_CHECKS);
const severity = z.enum(PROBE_SEVERITIES);
const category = z.enum(['API1', 'API2', 'API3', 'API4', 'API5', 'API6', 'API7', 'API8', 'API9', 'API10']);
const headerSet = z
  .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'a header name'), z.string().max(4096))
  .refine((h) => Object.keys(h).length <= 10, 'at most 10 headers');

export const probeFindingSchema = z.object({
  check: checkName,
  category,
  severity,
  operation: z.string().describe('operationId, or METHOD /path for a request outside the spec'),
  title: z.string(),
  curl: z.string().describe('The exact request, credentials redacted'),
  evidence: z.object({ status: z.number(), excerpt: z.string(), headers: z.record(z.string(), z.string()).optional() }),
});

export const probeResultSchema = z.object({
  target: z.string(),
  title: z.string(),
  planVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  requests: z.number(),
  notSent: z.object({ writes: z.number(), budget: z.number() }),
  status: z.enum(['completed', 'budget-exhausted', 'cancelled']),
  checks: z.array(z.object({ check: checkName, category, operations: z.number(), requests: z.number(), findings: z.number(), skipped: z.string().optional() })),
  findings: z.array(probeFindingSchema),
});

export const probeRunSummarySchema = z.object({
  id: z.string(),
  status: z.string().describe('passed (no finding at failOn or above), failed, cancelled, error'),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  summary: z
    .object({ requests: z.number(), budget: z.number().optional().describe('While running: the request budget'), findings: z.number(), bySeverity: z.record(z.string(), z.number()), failOn: severity })
    .nullable(),
});

export const probeRunSchema = probeRunSummarySchema.extend({ result: probeResultSchema.nullable() });

export const runProbes = defineRoute({
  operationId: 'runProbes',
  method: 'post',
  path: '/api/probes',
  summary: 'Probe this mock for OWASP API Top 10 weaknesses derived from its plan; answers when the run ends (its findings are kept)',
  body: {
    required: false,
    schema: z
      .object({
        checks: z.array(checkName).min(1).optional().describe('Checks to run (default: all)'),
        auth: headerSet.optional().describe('Headers of identity A (default: placeholders shaped like the security schemes)'),
        auth2: headerSet.optional().describe('Headers of a second, lower identity (enables object- and function-authorization)'),
        allowWrites: z.boolean().default(false).describe('Send PUT, PATCH and DELETE requests too'),
        maxRequests: z.number().int().min(1).max(5000).default(2000).describe('Request budget of the run'),
        failOn: severity.default('high').describe('The run fails when a finding has this severity or higher'),
      })
      .strict(),
  },
  responses: { '201': { description: 'The finished run', schema: probeRunSchema }, ...BAD_BODY, '409': problemAnswer('The mock has no plan'), ...UNAUTHORIZED },
});

export const listProbeRuns = defineRoute({
  operationId: 'listProbeRuns',
  method: 'get',
  path: '/api/probes',
  summary: 'Probe runs of this mock, newest first',
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size') }).strict(),
  responses: { '200': { description: 'Runs', schema: z.object({ items: z.array(probeRunSummarySchema) }) }, ...BAD_QUERY, ...UNAUTHORIZED },
});

export const getProbeRun = defineRoute({
  operationId: 'getProbeRun',
  method: 'get',
  path: '/api/probes/{id}',
  summary: 'One probe run with its findings',
  params: z.object({ id: z.string() }),
  responses: { '200': { description: 'The run', schema: probeRunSchema }, '404': problemAnswer('No such probe run'), ...UNAUTHORIZED },
});

export const cancelProbeRun = defineRoute({
  operationId: 'cancelProbeRun',
  method: 'post',
  path: '/api/probes/{id}/cancel',
  summary: 'Stop a running probe run; it stops within 25 requests and keeps what it found',
  params: z.object({ id: z.string() }),
  responses: { '200': { description: 'The run as it is now', schema: probeRunSummarySchema }, '404': problemAnswer('No such probe run'), ...UNAUTHORIZED },
});
