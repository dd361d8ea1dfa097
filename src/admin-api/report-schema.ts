/** GET /api/testing/report?format=json: a session's report (the HTML and CSV forms render the same data). */
import { z } from 'zod';
import { analysisSchema, percentilesSchema, sessionDetailSchema } from './log-schemas';

const int = z.number().int();

export const sessionReportSchema = z.object({
  kind: z.literal('mockloop-session-report'),
  generatedAt: z.string(),
  mock: z.string(),
  session: sessionDetailSchema,
  summary: analysisSchema.shape.summary,
  coverage: analysisSchema.shape.coverage,
  operations: z
    .array(
      z.object({
        operationId: z.string().nullable(),
        method: z.string(),
        path: z.string().nullable(),
        requests: int,
        errors: int,
        errorRate: z.number(),
        latencyMs: percentilesSchema,
        statuses: z.record(z.string(), int).describe('Status → count'),
        unexercisedStatuses: z.array(z.string()).describe('Declared responses the session never produced'),
      }),
    )
    .describe('Every operation of the plan, including those never called'),
  errors: analysisSchema.shape.topErrors,
  latency: z.object({ percentiles: percentilesSchema, histogram: z.array(z.object({ fromMs: z.number(), toMs: z.number(), count: int })) }),
  timeline: analysisSchema.shape.timeline,
  bucketMs: int,
  anomalies: analysisSchema.shape.anomalies,
  recommendations: z.array(z.string()),
});

export type SessionReport = z.output<typeof sessionReportSchema>;
