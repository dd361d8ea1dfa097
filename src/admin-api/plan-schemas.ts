/** Shapes of the plan routes: the summary of what is served, the stored versions, an uploaded plan. */
import { z } from 'zod';

export const planWarningSchema = z.object({ location: z.string(), code: z.string(), message: z.string() });

export const storedPlanInfoSchema = z.object({
  mock: z.string(),
  version: z.string(),
  title: z.string(),
  specVersion: z.string(),
  operationCount: z.number().int(),
  warningCount: z.number().int(),
  size: z.number().int(),
  createdAt: z.number().int(),
});

export const planSummarySchema = z.object({
  version: z.string(),
  title: z.string(),
  specVersion: z.string(),
  basePath: z.string(),
  operations: z.array(z.object({ id: z.string(), method: z.string(), path: z.string(), responses: z.array(z.string()).describe('Declared statuses: 200, 4XX, default') })),
  warnings: z.array(planWarningSchema),
});

/** GET /api/plan: the summary with every stored version. */
export const servedPlanSchema = planSummarySchema.extend({ versions: z.array(storedPlanInfoSchema) });

/** PUT /api/plan and PUT /api/spec: the summary with what was stored. */
export const installedPlanSchema = planSummarySchema.extend({ stored: storedPlanInfoSchema });

/** A structural check of an uploaded MockPlan: enough that the runtime can trust its shape. */
export const uploadedPlanSchema = z
  .looseObject({
    format: z.literal(1),
    version: z.string().min(1),
    title: z.string(),
    specVersion: z.string(),
    basePath: z.string(),
    operations: z.array(z.looseObject({ id: z.string(), method: z.string(), path: z.string().startsWith('/'), responses: z.array(z.looseObject({ status: z.string() })) })),
    schemas: z.record(z.string(), z.unknown()),
    securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })),
    warnings: z.array(z.unknown()),
  })
  .describe('A compiled MockPlan, as `mockloop compile --json` prints it');

export type PlanSummary = z.output<typeof planSummarySchema>;
export type ServedPlan = z.output<typeof servedPlanSchema>;
export type InstalledPlan = z.output<typeof installedPlanSchema>;
