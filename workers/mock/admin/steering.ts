/**
 * Steering routes: response overrides (`/api/mock-data/update`), scenarios and their activation,
 * and the state a request sees. Input is checked with zod, then against the plan being served;
 * changes go to the MockState DO and are adopted by this isolate before the answer, so the very
 * next request sees them.
 */
import { steering } from '../../../src/admin-api';
import type { MockPlan } from '../../../src/plan';
import { type ProblemItem, problemType } from '../../../src/problem';
import {
  checkRule,
  findOperation,
  type Rule,
  type Scenario,
  scenarioSchema,
  updateSchema,
  validateScenario,
  whereActive,
  withRule,
} from '../../../src/scenarios';
import type { Env } from '../env';
import { mockStateStub, ruleKey, type SteeringOutcome } from '../mock-state';
import { adopt, served } from '../plan-cache';
import { ADMIN_BAD_REQUEST, ADMIN_INVALID, ADMIN_NOT_FOUND, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';
import { type AdminApp, answer, mount, pathParam } from './mount';
import { newResponseWarnings } from './new-response-check';
import { readJson } from './read-json';

export const ADMIN_CONFLICT = problemType('admin-conflict', 'The request conflicts with the current state', 409);
export const ADMIN_NO_PLAN = problemType('admin-no-plan', 'The mock has no plan yet', 409);
export const ADMIN_UNKNOWN_OPERATION = problemType('admin-unknown-operation', 'No such operation in the plan', 404);

const MAX_STEERING_BYTES = 1024 * 1024;

type App = AdminApp;

export function registerSteeringRoutes(app: App): void {
  const update = async (c: { env: Env; req: { raw: Request } }) => {
    const body = await readJson(c.req.raw, MAX_STEERING_BYTES);
    if (!body.ok) return body.response;
    const parsed = updateSchema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a response override.', zodItems(parsed.error, 'body'));
    const plan = await currentPlan(c.env);
    if (plan instanceof Response) return plan;
    const { scenario_name, session_id, ...rule } = parsed.data;
    const errors: ProblemItem[] = [];
    const op = checkRule(plan, rule, 'body', errors);
    if (op === null) {
      const found = findOperation(plan, rule.endpoint, rule.method);
      return withAvailable(problemResponse(ADMIN_UNKNOWN_OPERATION, errors[0].message, errors), found.ok ? [] : found.available);
    }
    if (errors.length > 0) return problemResponse(ADMIN_INVALID, 'The override names something the operation does not declare.', errors);
    const normalised: Rule = { ...rule, endpoint: op.path, method: rule.method };
    const stub = mockStateStub(c.env);
    let outcome: SteeringOutcome;
    if (scenario_name !== undefined) {
      outcome = await intoScenario(c.env, plan, scenario_name, normalised);
    } else {
      outcome = await stub.override(normalised, session_id ?? null);
    }
    const failed = await settle(c.env, outcome);
    if (failed) return failed;
    const target = scenario_name !== undefined ? 'scenario' : session_id !== undefined ? 'session' : 'live';
    const warnings = newResponseWarnings(plan, op, normalised);
    return answer(steering.updateMockData, { applied: true, target, scenario_name: scenario_name ?? null, session_id: session_id ?? null, operation: op.id, rule: normalised, warnings });
  };
  mount(app, steering.updateMockData, (c) => update(c));
  mount(app, steering.putMockData, (c) => update(c));

  mount(app, steering.getMockDataState, async (c) => {
    const query = steering.getMockDataState.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const snapshot = await mockStateStub(c.env).snapshot();
    const { state } = snapshot.steering;
    const session = query.data.session_id;
    const own = session === undefined ? undefined : state.sessions[session];
    const target = own ?? state.live;
    return answer(steering.getMockDataState, {
      paused: state.paused,
      version: state.version,
      session_id: session ?? null,
      session_isolated: own !== undefined,
      active_scenario: target.scenario,
      stateful: snapshot.settings.stateful || (target.scenario !== null && snapshot.steering.scenarios[target.scenario]?.stateful === true),
      overrides: target.overrides,
      sessions: Object.entries(state.sessions).map(([id, t]) => ({ session_id: id, active_scenario: t.scenario, overrides: t.overrides.length, created_at: t.createdAt ?? null })),
    });
  });

  mount(app, steering.deleteOverrides, async (c) => {
    const query = steering.deleteOverrides.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const { endpoint, method, session_id } = query.data;
    let key: string | null = null;
    if (endpoint !== undefined || method !== undefined) {
      if (endpoint === undefined || method === undefined) return problemResponse(ADMIN_BAD_REQUEST, 'Give endpoint and method together, or neither to remove all.', [{ location: `query/${endpoint === undefined ? 'endpoint' : 'method'}`, message: 'required with the other' }]);
      const plan = await currentPlan(c.env);
      if (plan instanceof Response) return plan;
      const found = findOperation(plan, endpoint, method);
      if (!found.ok) return problemResponse(ADMIN_UNKNOWN_OPERATION, `${found.message} Available: ${found.available.join(', ')}.`, [{ location: `query/${found.field}`, message: found.message }]);
      key = ruleKey({ method, endpoint: found.operation.path });
    }
    const failed = await settle(c.env, await mockStateStub(c.env).clearOverrides(session_id ?? null, key));
    return failed ?? answer(steering.deleteOverrides, { removed: key ?? 'all', session_id: session_id ?? null });
  });

  registerScenarioRoutes(app);
}

function registerScenarioRoutes(app: App): void {
  mount(app, steering.listScenarios, async (c) => {
    const query = steering.listScenarios.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const stub = mockStateStub(c.env);
    const [stored, snapshot] = await Promise.all([stub.listScenarios(), stub.snapshot()]);
    const { state } = snapshot.steering;
    const session = query.data.session_id;
    const active = (session !== undefined ? state.sessions[session]?.scenario : undefined) ?? (session !== undefined && state.sessions[session] ? null : state.live.scenario);
    return answer(steering.listScenarios, {
      active,
      session_id: session ?? null,
      items: stored
        .map(({ scenario, revision }) => ({
          name: scenario.name,
          description: scenario.description ?? null,
          stateful: scenario.stateful === true,
          rules: scenario.rules.length,
          has_default: scenario.default !== undefined,
          revision,
          active: scenario.name === active,
          active_in: whereActive(state, scenario.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
  });

  mount(app, steering.validateScenario, async (c) => {
    const body = await readJson(c.req.raw, MAX_STEERING_BYTES);
    if (!body.ok) return body.response;
    const parsed = scenarioSchema.safeParse(body.value);
    if (!parsed.success) return answer(steering.validateScenario, { valid: false, errors: zodItems(parsed.error, 'body') });
    const plan = await currentPlan(c.env);
    if (plan instanceof Response) return plan;
    const errors = validateScenario(plan, parsed.data).map((e) => ({ ...e, location: `body/${e.location}` }));
    return answer(steering.validateScenario, { valid: errors.length === 0, errors });
  });

  mount(app, steering.createScenario, async (c) => saveScenario(c.env, c.req.raw, 'create'));
  mount(app, steering.updateScenario, async (c) => saveScenario(c.env, c.req.raw, 'replace'));

  const activate = async (env: Env, name: string | null, session: string | undefined) => {
    const failed = await settle(env, await mockStateStub(env).activate(name, session ?? null));
    return failed ?? answer(steering.activateScenario, { active: name, session_id: session ?? null });
  };
  mount(app, steering.activateScenario, async (c) => {
    const body = await readJson(c.req.raw, MAX_STEERING_BYTES);
    if (!body.ok) return body.response;
    const parsed = steering.activateScenario.body.schema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'Send {"name": "<scenario>"} to activate, {"name": null} to deactivate.', zodItems(parsed.error, 'body'));
    return activate(c.env, parsed.data.name, parsed.data.session_id);
  });
  mount(app, steering.deactivateScenario, async (c) => {
    const query = steering.deactivateScenario.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    return activate(c.env, null, query.data.session_id);
  });

  mount(app, steering.getScenario, async (c) => {
    const name = pathParam(c, 'name');
    const stored = await mockStateStub(c.env).getScenario(name);
    if (!stored) return problemResponse(ADMIN_NOT_FOUND, `No scenario named "${name}".`);
    const snapshot = await mockStateStub(c.env).snapshot();
    return answer(steering.getScenario, { ...stored.scenario, revision: stored.revision, active_in: whereActive(snapshot.steering.state, stored.scenario.name) });
  });

  mount(app, steering.putScenario, async (c) => saveScenario(c.env, c.req.raw, 'replace', pathParam(c, 'name')));

  mount(app, steering.deleteScenario, async (c) => {
    const query = steering.deleteScenario.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const name = pathParam(c, 'name');
    const failed = await settle(c.env, await mockStateStub(c.env).deleteScenario(name, query.data.force === 'true'));
    return failed ?? answer(steering.deleteScenario, { deleted: name });
  });
}

async function saveScenario(env: Env, request: Request, mode: 'create' | 'replace', pathName?: string): Promise<Response> {
  const body = await readJson(request, MAX_STEERING_BYTES);
  if (!body.ok) return body.response;
  const value = pathName !== undefined && body.value !== null && typeof body.value === 'object' && !('name' in body.value) ? { ...body.value, name: pathName } : body.value;
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a scenario.', zodItems(parsed.error, 'body'));
  if (pathName !== undefined && parsed.data.name !== pathName) {
    return problemResponse(ADMIN_INVALID, `The body names scenario "${parsed.data.name}", the path "${pathName}".`, [{ location: 'body/name', message: `must be "${pathName}"` }]);
  }
  const plan = await currentPlan(env);
  if (plan instanceof Response) return plan;
  const errors = validateScenario(plan, parsed.data);
  if (errors.length > 0) {
    return problemResponse(ADMIN_INVALID, `The scenario does not fit the API: ${errors.length} problem(s).`, errors.map((e) => ({ ...e, location: `body/${e.location}` })));
  }
  const outcome = await mockStateStub(env).saveScenario(parsed.data, mode);
  const failed = await settle(env, outcome);
  if (failed) return failed;
  return mode === 'create' ? answer(steering.createScenario, parsed.data, '201') : answer(steering.updateScenario, parsed.data);
}

/** An override into a stored scenario: replaces its rule for the same operation, else appends one. */
async function intoScenario(env: Env, plan: MockPlan, name: string, rule: Rule): Promise<SteeringOutcome> {
  const stub = mockStateStub(env);
  const keyOf = (r: Rule) => {
    const found = findOperation(plan, r.endpoint, r.method);
    return found.ok ? found.operation.id : ruleKey(r);
  };
  for (let attempt = 0; ; attempt++) {
    const stored = await stub.getScenario(name);
    if (!stored) return { ok: false, status: 404, detail: `No scenario named "${name}"; create it with POST /api/mock-data/scenarios.` };
    const scenario: Scenario = { ...stored.scenario, rules: withRule(stored.scenario.rules, rule, keyOf) };
    const outcome = await stub.saveScenario(scenario, 'replace', stored.revision);
    if (outcome.ok || outcome.status !== 409 || attempt >= 3) return outcome;
  }
}

/** Adopts a successful change in this isolate (read-your-writes); else the problem to send. */
async function settle(env: Env, outcome: SteeringOutcome): Promise<Response | null> {
  if (outcome.ok) {
    await adopt(env, outcome.snapshot);
    return null;
  }
  const template = outcome.status === 404 ? ADMIN_NOT_FOUND : outcome.status === 409 ? ADMIN_CONFLICT : outcome.status === 413 ? ADMIN_TOO_LARGE : ADMIN_INVALID;
  return problemResponse(template, outcome.detail);
}

/** Adds the `available` member (what exists instead) to a problem response, for clients that pick from it. */
async function withAvailable(res: Response, available: string[]): Promise<Response> {
  const body = (await res.json()) as Record<string, unknown>;
  return new Response(JSON.stringify({ ...body, available }), { status: res.status, headers: res.headers });
}

export async function currentPlan(env: Env): Promise<MockPlan | Response> {
  const { runtime } = await served(env);
  return runtime?.plan ?? problemResponse(ADMIN_NO_PLAN, `Mock "${env.MOCK_ID}" has no plan yet: import one with PUT /api/spec or PUT /api/plan.`);
}
