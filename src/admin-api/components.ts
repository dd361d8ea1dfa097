/**
 * The schemas the OpenAPI document names under components/schemas (the rest are inlined). The ids
 * live here, not on the schemas themselves: zod's global registry is shared with every other
 * JSON Schema conversion (the MCP tools' input schemas), which must not start emitting $refs.
 */
import { z } from 'zod';
import { faultSchema, latencySchema, ruleSchema, scenarioSchema, updateSchema } from '../scenarios';
import { analysisSchema, logSummarySchema, percentilesSchema, requestLogSchema, sessionDetailSchema, testSessionSchema } from './log-schemas';
import { planSummarySchema, storedPlanInfoSchema } from './plan-schemas';
import { sessionReportSchema } from './report-schema';
import { problemSchema, settingsSchema, validationResultSchema } from './schemas';
import { scenarioListSchema, steeringStateSchema } from './steering-schemas';

const NAMED: Array<[string, z.ZodType]> = [
  ['Problem', problemSchema],
  ['Settings', settingsSchema],
  ['RequestLog', requestLogSchema],
  ['LogSummary', logSummarySchema],
  ['Session', testSessionSchema],
  ['SessionDetail', sessionDetailSchema],
  ['SessionReport', sessionReportSchema],
  ['Percentiles', percentilesSchema],
  ['Analysis', analysisSchema],
  ['PlanSummary', planSummarySchema],
  ['StoredPlan', storedPlanInfoSchema],
  ['Scenario', scenarioSchema],
  ['Rule', ruleSchema],
  ['Latency', latencySchema],
  ['Fault', faultSchema],
  ['MockDataUpdate', updateSchema],
  ['ScenarioList', scenarioListSchema],
  ['SteeringState', steeringStateSchema],
  ['ValidationResult', validationResultSchema],
];

const ids = new Map<z.core.$ZodType, string>(NAMED.map(([id, schema]) => [schema, id]));

/** zod's metadata (descriptions) plus our component ids, as one registry for z.toJSONSchema. */
export const componentRegistry = z.registry<z.GlobalMeta>();
componentRegistry.get = (schema) => {
  const meta = z.globalRegistry.get(schema);
  const id = ids.get(schema);
  return id === undefined ? meta : { ...meta, id };
};

export function componentId(schema: z.ZodType): string | undefined {
  return ids.get(schema);
}
