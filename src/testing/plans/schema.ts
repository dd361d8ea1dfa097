/**
 * The test-plan format (YAML or JSON): one zod schema, from which the published JSON Schema
 * (`TEST_PLAN_JSON_SCHEMA`, shown by the README and the MCP tools) is generated, so the two never
 * disagree. Limits live here too: a plan is untrusted input (an MCP caller writes it).
 */
import { z } from 'zod';
import { scenarioSchema } from '../../scenarios/model';

export const PLAN_LIMITS = {
  steps: 100,
  iterations: 20,
  actions: 20,
  assertions: 50,
  variables: 100,
  /** Characters of one variable's value (after extraction). */
  variableChars: 4096,
  /** Bytes of a response body read for checks; the rest is not read. */
  responseBytes: 1_048_576,
  /** Bytes of a request body after templating. */
  requestBytes: 262_144,
  stepTimeoutMs: 30_000,
  runTimeoutMs: 300_000,
} as const;

const name = z.string().min(1).max(120);
const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'a variable name: letters, digits, _ . - (starting with a letter or _)');
const templated = z.string().max(8192);
const scalar = z.union([z.string().max(8192), z.number(), z.boolean()]);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const statusPattern = z.union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]([0-9]{2}|XX|xx)|\{\{[^}]+\}\})$/, '200, "2XX" or "{{variable}}"')]);

export const requestSchema = z.strictObject({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(METHODS))
    .default('GET')
    .describe('HTTP method (default GET)'),
  path: templated.regex(/^\//, 'starts with /').describe('Path below the target URL (which includes the API base path): `/books/{{bookId}}`'),
  query: z.record(z.string().max(200), z.union([scalar, z.array(scalar).max(50)])).optional(),
  headers: z.record(z.string().max(200), templated).optional().describe('Request headers; their values never appear in results'),
  body: z.json().optional().describe('JSON body (templated: a string that is exactly `{{var}}` takes the variable’s value with its type)'),
});

const assertionSchema = z
  .strictObject({
    path: z.string().max(500).optional().describe('JSONPath into the response body (the subset documented in the README: `$.a.b`, `$.items[0]`, `$.items[-1]`, `$.items[*].id`, `$..id`, `$["odd key"]`)'),
    pointer: z.string().max(500).optional().describe('JSON pointer into the response body: `/items/0/id`'),
    exists: z.boolean().optional(),
    equals: z.json().optional(),
    notEquals: z.json().optional(),
    contains: z.json().optional().describe('a string contains this text, or an array contains an element equal to this'),
    matches: z.string().max(200).optional().describe('a string matches this regular expression (linear-time engine)'),
    type: z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']).optional(),
    length: z.number().int().min(0).optional().describe('length of a string or array, or number of keys of an object'),
    minLength: z.number().int().min(0).optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .refine((a) => (a.path === undefined) !== (a.pointer === undefined), { message: 'give exactly one of path (JSONPath) or pointer (JSON pointer)' });

export const expectSchema = z.strictObject({
  status: z.union([statusPattern, z.array(statusPattern).min(1).max(20)]).optional().describe('200, "2XX", [200, 201], or "{{variable}}"'),
  headers: z
    .record(z.string().max(200), z.union([z.string().max(1000), z.boolean()]))
    .optional()
    .describe('name → text the value must contain (case-insensitive), true (present) or false (absent)'),
  schema: z
    .union([z.literal(true), z.record(z.string(), z.json())])
    .optional()
    .describe('true: the body conforms to the response schema the mock’s plan declares for this operation, status and media type; or an inline JSON Schema'),
  assert: z.array(assertionSchema).max(PLAN_LIMITS.assertions).optional(),
  maxLatencyMs: z.number().positive().max(PLAN_LIMITS.stepTimeoutMs).optional(),
});

const extractSchema = z
  .strictObject({
    path: z.string().max(500).optional().describe('JSONPath into the body (first match)'),
    pointer: z.string().max(500).optional().describe('JSON pointer into the body'),
    header: z.string().max(200).optional().describe('a response header'),
    status: z.literal(true).optional().describe('the response status'),
  })
  .refine((e) => [e.path, e.pointer, e.header, e.status].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of path, pointer, header or status' });

export const stepSchema = z.strictObject({
  name: name.describe('Names the step in results: unique within the plan'),
  request: requestSchema,
  expect: expectSchema.optional(),
  extract: z.record(varName, extractSchema).optional().describe('variables set from the response for later steps'),
});

export const actionSchema = z.union([
  z.strictObject({ scenario: z.string().min(1).max(100).nullable().describe('activate this stored scenario (null: deactivate)') }),
  z.strictObject({
    seed: z.strictObject({
      collection: z.string().min(1).max(2048).describe('`/books`'),
      items: z.array(z.record(z.string(), z.json())).max(1000),
      replace: z.boolean().optional(),
    }),
  }),
  z.strictObject({ reset: z.literal(true).describe('drop overrides, scenario activation and stored records of the run’s session') }),
]);

export const iterationSchema = z.strictObject({
  name: name,
  scenario: z.string().min(1).max(100).nullable().optional().describe('activate this scenario for the iteration (null: none)'),
  variables: z.record(varName, z.json()).optional(),
  steps: z.array(name).max(PLAN_LIMITS.steps).optional().describe('run only these steps (by name), in plan order'),
});

export const testPlanSchema = z
  .strictObject({
    name: name,
    description: z.string().max(2000).optional(),
    target: z.string().url().max(2048).optional().describe('Base URL of the API (with its base path); the CLI’s --target and the tools’ mock argument win'),
    variables: z.record(varName, z.json()).optional(),
    scenarios: z.array(scenarioSchema).max(PLAN_LIMITS.iterations).optional().describe('scenarios stored on the mock (created or replaced) before the first iteration, so iterations can switch to them'),
    isolate: z.boolean().default(true).describe('each iteration is a test session of its own (X-Test-Session): its scenario and records are seen by its requests only'),
    setup: z.array(actionSchema).max(PLAN_LIMITS.actions).optional(),
    steps: z.array(stepSchema).min(1).max(PLAN_LIMITS.steps),
    teardown: z.array(actionSchema).max(PLAN_LIMITS.actions).optional(),
    iterations: z.array(iterationSchema).min(1).max(PLAN_LIMITS.iterations).optional().describe('default: one iteration named "default"'),
    timeoutMs: z.number().int().positive().max(PLAN_LIMITS.runTimeoutMs).optional().describe('whole run (default 60 s)'),
    stepTimeoutMs: z.number().int().positive().max(PLAN_LIMITS.stepTimeoutMs).optional().describe('one request (default 10 s)'),
  })
  .superRefine((plan, ctx) => {
    const seen = new Map<string, number>();
    plan.steps.forEach((step, i) => {
      if (seen.has(step.name)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'name'], message: `repeats the name of step ${seen.get(step.name)}` });
      seen.set(step.name, i);
    });
    plan.iterations?.forEach((it, i) => {
      it.steps?.forEach((s, j) => {
        if (!seen.has(s)) ctx.addIssue({ code: 'custom', path: ['iterations', i, 'steps', j], message: `names no step of the plan ("${s}")` });
      });
    });
  });

export type TestPlan = z.output<typeof testPlanSchema>;
export type PlanStep = TestPlan['steps'][number];
export type PlanAction = z.output<typeof actionSchema>;
export type PlanIteration = z.output<typeof iterationSchema>;
export type PlanExpect = z.output<typeof expectSchema>;
export type PlanAssertion = z.output<typeof assertionSchema>;

/** The JSON Schema of a test plan (draft 2020-12), as the README and the MCP tools show it. */
export const TEST_PLAN_JSON_SCHEMA: Record<string, unknown> = {
  $id: 'https://mockloop.dev/schemas/test-plan.json',
  title: 'MockLoop test plan',
  ...z.toJSONSchema(testPlanSchema, { io: 'input', unrepresentable: 'any' }),
};
