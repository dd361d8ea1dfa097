/** Shapes of the steering routes: override results, scenario lists, the state requests see, records, control. */
import { z } from 'zod';
import { ruleSchema, scenarioNameSchema, scenarioSchema, sessionIdSchema } from '../scenarios';
import { problemItemSchema } from './schemas';

const int = z.number().int();
const sessionOrNull = z.string().nullable();

export const updateResultSchema = z.object({
  applied: z.literal(true),
  target: z.enum(['live', 'session', 'scenario']),
  scenario_name: z.string().nullable(),
  session_id: sessionOrNull,
  operation: z.string().describe('The operationId the override applies to'),
  rule: ruleSchema,
  warnings: z
    .array(problemItemSchema)
    .describe('Stored anyway, worth fixing: e.g. a `new_response` that breaks the declared schema (each violation with its location under body/new_response)'),
});

export const steeringStateSchema = z.object({
  paused: z.boolean(),
  version: int,
  session_id: sessionOrNull,
  session_isolated: z.boolean().describe('Whether the session has state of its own; if not, its requests see the global state'),
  active_scenario: z.string().nullable(),
  stateful: z.boolean(),
  overrides: z.array(ruleSchema),
  sessions: z.array(z.object({ session_id: z.string(), active_scenario: z.string().nullable(), overrides: int, created_at: int.nullable() })),
});

export const scenarioListSchema = z.object({
  active: z.string().nullable().describe('The scenario active for the session asked about, else globally'),
  session_id: sessionOrNull,
  items: z.array(
    z.object({
      name: z.string(),
      description: z.string().nullable(),
      stateful: z.boolean(),
      rules: int,
      has_default: z.boolean(),
      revision: int,
      active: z.boolean(),
      active_in: z.array(z.string()).describe('`live` and/or `session <id>`'),
    }),
  ),
});

export const storedScenarioSchema = z.object({ ...scenarioSchema.shape, revision: int, active_in: z.array(z.string()).describe('`live` and/or `session <id>`') });

export const activationSchema = z.strictObject({ name: scenarioNameSchema.nullable(), session_id: sessionIdSchema.optional() });

export const collectionsSchema = z.object({
  session_id: sessionOrNull,
  stateful: z.boolean(),
  collections: z.array(z.object({ collection: z.string(), count: int })),
  resources: z.array(z.object({ operation: z.string(), method: z.string(), path: z.string(), action: z.string(), collection: z.string(), id_property: z.string().nullable() })),
});

export const seedSchema = z.strictObject({
  collection: z.string().min(1).max(2048).describe('The collection’s path (`/books`, or `/shops/s1/books` for a nested one), with or without the base path'),
  items: z.array(z.record(z.string(), z.json())).max(1000),
  replace: z.boolean().optional().describe('Empty the collection first (default: add to it, replacing records with the same id)'),
  session_id: sessionIdSchema.optional(),
});

export const CONTROL_ACTIONS = ['reload-config', 'reset-state', 'reset-logs', 'pause', 'resume'] as const;

export const controlSchema = z
  .strictObject({
    action: z.enum(CONTROL_ACTIONS),
    session_id: sessionIdSchema.optional().describe('reset-state and reset-logs: only this session’s state or log'),
  })
  .refine((b) => b.session_id === undefined || b.action === 'reset-state' || b.action === 'reset-logs', {
    message: 'session_id applies to reset-state and reset-logs only',
    path: ['session_id'],
  });

export const controlResultSchema = z.object({
  action: z.enum(CONTROL_ACTIONS),
  session_id: sessionOrNull.optional(),
  paused: z.boolean().optional(),
  records_deleted: int.optional().describe('reset-state'),
  deleted: int.optional().describe('reset-logs: log rows deleted'),
  planVersion: z.string().nullable().optional().describe('reload-config'),
  stateVersion: int.nullable().optional().describe('reload-config'),
});

export type UpdateResult = z.output<typeof updateResultSchema>;
export type SteeringStateView = z.output<typeof steeringStateSchema>;
export type ScenarioList = z.output<typeof scenarioListSchema>;
export type StoredScenario = z.output<typeof storedScenarioSchema>;
export type Collections = z.output<typeof collectionsSchema>;
export type ControlResult = z.output<typeof controlResultSchema>;
