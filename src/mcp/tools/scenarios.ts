/**
 * Steering a mock through its admin API: manage_mock_data (the original MockLoop multi-operation
 * tool) and the scenario tools validate_scenario_config, deploy_scenario, switch_scenario and
 * list_active_scenarios. Scenarios are checked by the mock itself, against the plan it serves.
 */
import { z } from 'zod';
import { type Problem, problem } from '../../problem';
import { type BodyOf, records, type ScenarioList, steering } from '../../admin-api';
import type { AdminClient, AdminResult } from '../admin-client';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed, type ToolOutcome } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const mockName = z.string().min(1).describe('Name of the mock (see discover_mock_servers).');
const sessionId = z.string().min(1).max(200);
const scenarioName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64');
const scenarioDoc = z
  .record(z.string(), z.unknown())
  .describe(
    'A scenario: {"name", "description"?, "stateful"?, "default"?: {status?, headers?, new_response?|example?|dynamic?, latency?, fault?}, "rules": [{"endpoint": path template or operationId, "method", ...the same fields}]}. Statuses must be ones the operation declares.',
  );

const scenarioItem = z.object({
  name: z.string(),
  description: z.string().nullable(),
  stateful: z.boolean(),
  rules: z.number(),
  has_default: z.boolean(),
  revision: z.number(),
  active: z.boolean(),
  active_in: z.array(z.string()).describe('"live" and/or "session <id>".'),
});

type Scenario = BodyOf<typeof steering.createScenario>;

/** A scenario argument as the admin API's body: the mock checks it against its plan and names each problem by place. */
function unchecked(scenario: Record<string, unknown>): Scenario {
  // SAFETY: not checked here on purpose: the admin API validates the body (scenarioSchema, then the plan) and its errors become this tool's.
  return scenario as Scenario;
}

const within = (session: string | undefined) => (session === undefined ? '' : ` for session "${session}"`);

/** Admin validation locations (body/rules/0/status) as argument paths (scenario.rules.0.status). */
function argumentPath(location: string, field: string): string {
  return location.replace(/^body(\/|$)/, `${field}$1`).replaceAll('/', '.');
}

async function listScenarios(admin: AdminClient, session: string | undefined): Promise<AdminResult<ScenarioList>> {
  return admin.call(steering.listScenarios, { query: { session_id: session } });
}

async function switchTo(admin: AdminClient, name: string | null, session: string | undefined): Promise<{ ok: true; previous: string | null } | { ok: false; problem: Problem }> {
  const before = await listScenarios(admin, session);
  if (!before.ok) return before;
  if (name !== null && !before.value.items.some((s) => s.name === name)) {
    const known = before.value.items.map((s) => s.name);
    return {
      ok: false,
      problem: problem(TOOL_INVALID_ARGUMENTS, `scenario_name: no scenario "${name}" in this mock. Known: ${known.join(', ') || '(none: create one with deploy_scenario)'}.`, {
        errors: [{ location: 'scenario_name', message: 'unknown scenario' }],
        known,
      }),
    };
  }
  const res = await admin.call(steering.activateScenario, { body: { name, ...(session === undefined ? {} : { session_id: session }) } });
  if (!res.ok) return { ok: false, problem: asToolProblem(res.problem, { fields: { name: 'scenario_name' } }) };
  return { ok: true, previous: before.value.active };
}

/** Creates the scenario, or replaces the one of that name; optionally activates it. */
async function deploy(admin: AdminClient, scenario: Record<string, unknown>, field: string): Promise<{ ok: true; created: boolean; stored: Scenario } | { ok: false; problem: Problem }> {
  let res = await admin.call(steering.createScenario, { body: unchecked(scenario) });
  let created = true;
  if (!res.ok && res.problem.adminStatus === 409) {
    created = false;
    res = await admin.call(steering.updateScenario, { body: unchecked(scenario) });
  }
  if (!res.ok) return { ok: false, problem: asToolProblem(res.problem, { body: field }) };
  return { ok: true, created, stored: res.value };
}

const OPERATIONS = ['update_response', 'create_scenario', 'switch_scenario', 'list_scenarios', 'delete_scenario', 'reset_state'] as const;

const manageInput = z
  .strictObject({
    mock_name: mockName,
    operation: z.enum(OPERATIONS).describe('What to do: update_response (override one operation), create_scenario, switch_scenario, list_scenarios, delete_scenario, reset_state.'),
    update: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'For update_response: {"endpoint": path template or operationId, "method", "status"?, "new_response"? | "example"? | "dynamic"?, "headers"?, "latency"?, "fault"?}. Applies live, to scenario_name, or to session_id.',
      ),
    scenario: scenarioDoc.optional().describe('For create_scenario: the scenario (see deploy_scenario).'),
    scenario_name: scenarioName.optional().describe('switch_scenario and delete_scenario: the scenario; update_response: put the override into this stored scenario.'),
    deactivate: z.boolean().default(false).describe('switch_scenario: deactivate the active scenario instead of naming one.'),
    session_id: sessionId.optional().describe('Scope to one test session (its X-Test-Session): update_response, switch_scenario, list_scenarios, reset_state.'),
    force: z.boolean().default(false).describe('delete_scenario: delete even when active (deactivates it everywhere).'),
  })
  .superRefine((args, ctx) => {
    const need = (field: 'update' | 'scenario' | 'scenario_name') => {
      if (args[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required by operation ${args.operation}` });
    };
    if (args.operation === 'update_response') need('update');
    if (args.operation === 'create_scenario') need('scenario');
    if (args.operation === 'delete_scenario') need('scenario_name');
    if (args.operation === 'switch_scenario' && args.scenario_name === undefined && !args.deactivate) {
      ctx.addIssue({ code: 'custom', path: ['scenario_name'], message: 'switch_scenario needs scenario_name (or deactivate: true)' });
    }
    if (args.operation === 'switch_scenario' && args.scenario_name !== undefined && args.deactivate) {
      ctx.addIssue({ code: 'custom', path: ['deactivate'], message: 'give scenario_name or deactivate: true, not both' });
    }
  });

const manageOutput = z.object({
  mock_name: z.string(),
  operation: z.enum(OPERATIONS),
  active_scenario: z.string().nullable().optional().describe('The scenario active afterwards (switch_scenario, list_scenarios).'),
  previous_scenario: z.string().nullable().optional(),
  scenarios: z.array(scenarioItem).optional().describe('list_scenarios: every stored scenario.'),
  result: z.record(z.string(), z.unknown()).describe("The admin API's answer."),
});

export function manageMockData(deps: ToolDeps) {
  return defineTool({
    name: 'manage_mock_data',
    title: 'Manage the data and scenarios of a mock',
    description:
      "Steer a running mock through its admin API: override an operation's response, create, switch, list or delete scenarios, or reset its state (overrides, activations, stored records). The next request to the mock sees the change.",
    input: manageInput,
    output: manageOutput,
    annotations: { destructiveHint: true },
    async run(args): Promise<ToolOutcome<z.output<typeof manageOutput>>> {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const { admin } = reached;
      const base = { mock_name: args.mock_name, operation: args.operation };
      switch (args.operation) {
        case 'update_response': {
          const body = { ...args.update, ...(args.scenario_name === undefined ? {} : { scenario_name: args.scenario_name }), ...(args.session_id === undefined ? {} : { session_id: args.session_id }) };
          // SAFETY: the mock checks the override (updateSchema) and names each problem; this tool only passes it on.
          const res = await admin.call(steering.updateMockData, { body: body as BodyOf<typeof steering.updateMockData> });
          if (!res.ok) return failed(asToolProblem(res.problem, { body: 'update' }));
          const target = args.scenario_name !== undefined ? `scenario "${args.scenario_name}"` : args.session_id !== undefined ? `session "${args.session_id}"` : 'live traffic';
          const { warnings } = res.value;
          const warned = warnings.length === 0 ? '' : `\nServed as given, but it breaks the declared schema: ${warnings.slice(0, 10).map((w) => `${w.location.replace(/^body\//, 'update.')}: ${w.message}`).join('; ')}`;
          return done({ ...base, result: res.value }, `Override of ${res.value.operation} applied to ${target} of "${args.mock_name}".${warned}`);
        }
        case 'create_scenario': {
          const res = await admin.call(steering.createScenario, { body: unchecked(args.scenario ?? {}) });
          if (!res.ok) return failed(asToolProblem(res.problem, { body: 'scenario' }));
          return done({ ...base, result: res.value }, `Scenario "${String(res.value.name)}" created in "${args.mock_name}" (not active: switch_scenario activates it).`);
        }
        case 'switch_scenario': {
          const name = args.deactivate ? null : (args.scenario_name ?? null);
          const res = await switchTo(admin, name, args.session_id);
          if (!res.ok) return failed(res.problem);
          return done(
            { ...base, active_scenario: name, previous_scenario: res.previous, result: { active: name, session_id: args.session_id ?? null } },
            name === null ? `No scenario active in "${args.mock_name}"${within(args.session_id)} (was ${res.previous ?? 'none'}).` : `Scenario "${name}" active in "${args.mock_name}"${within(args.session_id)} (was ${res.previous ?? 'none'}).`,
          );
        }
        case 'list_scenarios': {
          const res = await listScenarios(admin, args.session_id);
          if (!res.ok) return failed(asToolProblem(res.problem));
          const items = res.value.items.slice(0, 200);
          const lines = items.map((s) => `${s.active ? '* ' : '  '}${s.name} (${s.rules} rule(s)${s.stateful ? ', stateful' : ''})`);
          return done(
            { ...base, active_scenario: res.value.active, scenarios: items, result: { total: res.value.items.length } },
            `${res.value.items.length} scenario(s) in "${args.mock_name}", active${within(args.session_id)}: ${res.value.active ?? 'none'}.${lines.length ? `\n${lines.join('\n')}` : ''}`,
          );
        }
        case 'delete_scenario': {
          const name = args.scenario_name!;
          const res = await admin.call(steering.deleteScenario, { params: { name }, query: { force: args.force ? 'true' : undefined } });
          if (!res.ok) {
            const status = res.problem.adminStatus;
            const hint = status === 409 ? ' (it is active: pass force: true to deactivate and delete it)' : '';
            return failed({ ...res.problem, detail: `scenario_name: ${res.problem.detail}${hint}`, errors: [{ location: status === 409 ? 'force' : 'scenario_name', message: status === 409 ? 'scenario is active' : 'unknown scenario' }] });
          }
          return done({ ...base, result: res.value }, `Scenario "${name}" deleted from "${args.mock_name}".`);
        }
        case 'reset_state': {
          const res = await admin.call(records.controlServer, { body: { action: 'reset-state', ...(args.session_id === undefined ? {} : { session_id: args.session_id }) } });
          if (!res.ok) return failed(asToolProblem(res.problem));
          return done({ ...base, active_scenario: null, result: res.value }, `State of "${args.mock_name}"${within(args.session_id)} reset: overrides, scenario activations and stored records removed (scenarios kept).`);
        }
      }
    },
  });
}

export function validateScenarioConfig(deps: ToolDeps) {
  return defineTool({
    name: 'validate_scenario_config',
    title: 'Validate a scenario against a mock',
    description:
      "Check a scenario without storing it, against the plan the mock serves: its shape, unknown operations, statuses the operation does not declare, unknown examples. Each error names the place in the scenario (scenario.rules.0.status).",
    input: z.strictObject({ mock_name: mockName, scenario: scenarioDoc }),
    output: z.object({ mock_name: z.string(), valid: z.boolean(), errors: z.array(z.object({ location: z.string(), message: z.string(), code: z.string().optional() })) }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const res = await reached.admin.call(steering.validateScenario, { body: unchecked(args.scenario) });
      if (!res.ok) return failed(asToolProblem(res.problem, { body: 'scenario' }));
      const errors = res.value.errors.slice(0, 200).map((e) => ({ ...e, location: argumentPath(e.location, 'scenario') }));
      const lines = errors.slice(0, 20).map((e) => `${e.location}: ${e.message}`);
      return done(
        { mock_name: args.mock_name, valid: res.value.valid, errors },
        res.value.valid ? `The scenario fits "${args.mock_name}".` : `${res.value.errors.length} problem(s) against "${args.mock_name}":\n${lines.join('\n')}`,
      );
    },
  });
}

export function deployScenario(deps: ToolDeps) {
  return defineTool({
    name: 'deploy_scenario',
    title: 'Deploy a scenario to a mock',
    description: 'Store a scenario in a mock (create it, or replace the one of the same name), checked against its plan; with activate: true also make it the active one (globally or for session_id).',
    input: z.strictObject({
      mock_name: mockName,
      scenario: scenarioDoc,
      activate: z.boolean().default(false).describe('Activate it once stored.'),
      session_id: sessionId.optional().describe('With activate: activate it only for this test session.'),
    }),
    output: z.object({ mock_name: z.string(), scenario_name: z.string(), created: z.boolean().describe('false: an existing scenario was replaced.'), active: z.boolean(), rules: z.number(), session_id: z.string().nullable() }),
    annotations: { destructiveHint: false, idempotentHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const stored = await deploy(reached.admin, args.scenario, 'scenario');
      if (!stored.ok) return failed(stored.problem);
      const name = String(stored.stored.name);
      if (args.activate) {
        const res = await switchTo(reached.admin, name, args.session_id);
        if (!res.ok) return failed(res.problem);
      }
      const rules = Array.isArray(stored.stored.rules) ? stored.stored.rules.length : 0;
      return done(
        { mock_name: args.mock_name, scenario_name: name, created: stored.created, active: args.activate, rules, session_id: args.session_id ?? null },
        `Scenario "${name}" ${stored.created ? 'created' : 'replaced'} in "${args.mock_name}" with ${rules} rule(s)${args.activate ? `, active${within(args.session_id)}` : ''}.`,
      );
    },
  });
}

export function switchScenario(deps: ToolDeps) {
  return defineTool({
    name: 'switch_scenario',
    title: 'Switch the active scenario of a mock',
    description: 'Make a stored scenario the active one (globally, or for one test session), or deactivate with deactivate: true. The next request sees it.',
    input: z
      .strictObject({
        mock_name: mockName,
        scenario_name: scenarioName.optional().describe('The scenario to activate (see list_active_scenarios or manage_mock_data list_scenarios).'),
        deactivate: z.boolean().default(false).describe('Deactivate the active scenario instead.'),
        session_id: sessionId.optional().describe('Only for the requests of this test session.'),
      })
      .superRefine((args, ctx) => {
        if ((args.scenario_name === undefined) === !args.deactivate) ctx.addIssue({ code: 'custom', path: ['scenario_name'], message: 'give scenario_name, or deactivate: true (one of them)' });
      }),
    output: z.object({ mock_name: z.string(), active_scenario: z.string().nullable(), previous_scenario: z.string().nullable(), session_id: z.string().nullable() }),
    annotations: { destructiveHint: false, idempotentHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const name = args.deactivate ? null : args.scenario_name!;
      const res = await switchTo(reached.admin, name, args.session_id);
      if (!res.ok) return failed(res.problem);
      return done(
        { mock_name: args.mock_name, active_scenario: name, previous_scenario: res.previous, session_id: args.session_id ?? null },
        `"${args.mock_name}"${within(args.session_id)}: ${res.previous ?? 'no scenario'} → ${name ?? 'no scenario'}.`,
      );
    },
  });
}

const activeView = z.object({
  mock_name: z.string(),
  active_scenario: z.string().nullable(),
  scenario_count: z.number().nullable(),
  session_scenarios: z.array(z.object({ session_id: z.string(), active_scenario: z.string().nullable() })).describe('Sessions with a steering state of their own.'),
  error: z.string().optional().describe('Why this mock could not be read (stopped, unreachable).'),
});

export function listActiveScenarios(deps: ToolDeps) {
  return defineTool({
    name: 'list_active_scenarios',
    title: 'List the active scenarios',
    description: 'The scenario active in each running mock (or one), with per-session activations, read from each admin API.',
    input: z.strictObject({
      mock_name: z.string().min(1).optional().describe('Only this mock.'),
      limit: z.number().int().min(1).max(100).default(50).describe('Mocks per page.'),
      offset: z.number().int().min(0).default(0).describe('Mocks to skip, for paging.'),
    }),
    output: z.object({ mocks: z.array(activeView), total: z.number(), next_offset: z.number().nullable() }),
    annotations: { readOnlyHint: true },
    async run(args) {
      let names = (await deps.deployer.list()).map((m) => m.name);
      if (args.mock_name !== undefined) {
        const reached = await reachMock(deps, args.mock_name);
        if (!reached.ok) return failed(reached.problem);
        names = [args.mock_name];
      }
      const page = names.slice(args.offset, args.offset + args.limit);
      const views = await Promise.all(
        page.map(async (name): Promise<z.infer<typeof activeView>> => {
          const empty = { mock_name: name, active_scenario: null, scenario_count: null, session_scenarios: [] };
          const reached = await reachMock(deps, name);
          if (!reached.ok) return { ...empty, error: reached.problem.detail };
          const [list, state] = await Promise.all([
            listScenarios(reached.admin, undefined),
            reached.admin.call(steering.getMockDataState),
          ]);
          if (!list.ok) return { ...empty, error: list.problem.detail };
          const sessions = state.ok ? state.value.sessions.slice(0, 50).map((s) => ({ session_id: s.session_id, active_scenario: s.active_scenario })) : [];
          return { mock_name: name, active_scenario: list.value.active, scenario_count: list.value.items.length, session_scenarios: sessions };
        }),
      );
      const next = args.offset + page.length < names.length ? args.offset + page.length : null;
      const lines = views.map((v) => `${v.mock_name}: ${v.error ? `(${v.error})` : (v.active_scenario ?? 'no scenario')}${v.session_scenarios.length ? `; ${v.session_scenarios.length} session(s) with their own` : ''}`);
      return done({ mocks: views, total: names.length, next_offset: next }, `${names.length} mock(s).${lines.length ? `\n${lines.join('\n')}` : ''}`);
    },
  });
}
