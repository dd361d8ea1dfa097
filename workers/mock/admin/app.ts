/**
 * The admin API of one mock, on its own origin. Everything but GET /health needs the bearer
 * token. Its own description is served at /api/openapi.json.
 */
import { Hono } from 'hono';
import { ADMIN_ROUTES, core, generateAdminOpenApi, settingsPatchSchema, uploadedPlanSchema } from '../../../src/admin-api';
import { listLogs } from '../../../src/db/logs';
import { listPlanVersions, loadPlan, savePlan } from '../../../src/db/plans';
import { compilePlan, type MockPlan } from '../../../src/plan';
import { problem, problemResponse as sharedProblemResponse } from '../../../src/problem';
import { NO_PLAN } from '../../../src/runtime';
import { loadSpec } from '../../../src/spec';
import type { Env } from '../env';
import { type MockSettings, mockStateStub } from '../mock-state';
import { mergeUpstream } from '../../../src/proxy';
import { urlRefusal } from '../../../src/net';
import { policyOf, settingsView } from '../upstream';
import { adopt } from '../plan-cache';
import { readTextCapped } from '../read-body';
import { requireToken } from './auth';
import { registerExportRoutes } from './export';
import { registerProxyRoutes } from './proxy';
import { registerSteering } from './steering-routes';
import { registerLogRoutes } from './logs';
import { registerLoadRoutes } from './load';
import { registerProbeRoutes } from './probes';
import { registerReportRoutes } from './reports';
import { registerRetentionRoutes } from './retention';
import { registerSessionRoutes } from './sessions';
import { registerJournalRoutes } from './journal';
import { registerWebhookRoutes } from './webhooks';
import { answer, mount } from './mount';
import { registerAdminUi } from './ui/routes';
import { ADMIN_BAD_REQUEST, ADMIN_INTERNAL, ADMIN_INVALID, ADMIN_NOT_FOUND, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';

const MAX_PLAN_BYTES = 32 * 1024 * 1024;

/** Generated once per isolate, on first request. */
let openApi: Record<string, unknown> | null = null;

export function createAdminApp() {
  const app = new Hono<{ Bindings: Env }>();

  app.onError((error) => problemResponse(ADMIN_INTERNAL, error instanceof Error ? error.message : String(error)));
  app.notFound((c) => problemResponse(ADMIN_NOT_FOUND, `${c.req.method} ${new URL(c.req.url).pathname} is not part of the admin API; see /api/openapi.json.`));

  mount(app, core.getHealth, async (c) => {
    const state = await mockStateStub(c.env).snapshot();
    // Ready only once a plan is served: before that every mock request would answer 503.
    if (state.planVersion === null) {
      const detail = `Mock "${c.env.MOCK_ID}" has no plan yet: import one through PUT /api/plan.`;
      return sharedProblemResponse(problem(NO_PLAN, detail, { ready: false, mock: c.env.MOCK_ID, planVersion: null }));
    }
    return answer(core.getHealth, { status: 'ok', ready: true, mock: c.env.MOCK_ID, planVersion: state.planVersion });
  });

  registerAdminUi(app);
  registerJournalRoutes(app);

  app.use('/api/*', requireToken());

  mount(app, core.getAdminOpenApi, (c) => {
    openApi ??= generateAdminOpenApi(ADMIN_ROUTES);
    return c.json(openApi);
  });
  registerLogRoutes(app);
  registerSessionRoutes(app);
  registerReportRoutes(app);
  registerExportRoutes(app);
  registerRetentionRoutes(app);
  registerProbeRoutes(app);
  registerLoadRoutes(app);

  mount(app, core.listRequests, async (c) => {
    const parsed = core.listRequests.query.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    return answer(core.listRequests, await listLogs(c.env.DB, c.env.MOCK_ID, parsed.data.limit, parsed.data.offset));
  });

  mount(app, core.getPlan, async (c) => {
    const state = await mockStateStub(c.env).snapshot();
    if (state.planVersion === null) return problemResponse(ADMIN_NOT_FOUND, `Mock "${c.env.MOCK_ID}" has no plan yet.`);
    const plan = await loadPlan(c.env.DB, c.env.MOCK_ID, state.planVersion);
    if (!plan) return problemResponse(ADMIN_NOT_FOUND, `Plan ${state.planVersion} is missing from D1.`);
    if (c.req.query('full') === 'true') return c.json(plan);
    return answer(core.getPlan, { ...planSummary(plan), versions: await listPlanVersions(c.env.DB, c.env.MOCK_ID) });
  });

  /** Import a compiled plan (the CLI compiles where the spec's files are). */
  mount(app, core.putPlan, async (c) => {
    const text = await readBody(c.req.raw);
    if (text instanceof Response) return text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return problemResponse(ADMIN_BAD_REQUEST, `The body is not JSON: ${error instanceof Error ? error.message : error}`);
    }
    const parsed = uploadedPlanSchema.safeParse(json);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a MockPlan.', zodItems(parsed.error, 'body'));
    // SAFETY: the shape was checked above; plans are produced by compilePlan.
    return install(c.env, json as MockPlan);
  });

  /** Import a spec (YAML or JSON text): compiled here, inside the worker. */
  mount(app, core.putSpec, async (c) => {
    const text = await readBody(c.req.raw);
    if (text instanceof Response) return text;
    const loaded = await loadSpec({ text, location: c.req.query('location') ?? 'upload' });
    if (!loaded.ok) return problemResponse(loaded.problem);
    return install(c.env, compilePlan(loaded.value));
  });

  mount(app, core.getSettings, async (c) => answer(core.getSettings, settingsView((await mockStateStub(c.env).snapshot()).settings)));

  mount(app, core.patchSettings, async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = settingsPatchSchema.safeParse(body);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a settings patch.', zodItems(parsed.error, 'body'));
    const { upstream: upstreamPatch, ...switches } = parsed.data;
    const stub = mockStateStub(c.env);
    let patch: Partial<MockSettings> = switches;
    if (upstreamPatch !== undefined) {
      const merged = mergeUpstream((await stub.snapshot()).settings.upstream, upstreamPatch);
      if (!merged.ok) return problemResponse(ADMIN_INVALID, 'The upstream is not valid (the first one needs a url).', merged.issues.map((i) => ({ location: ['body', 'upstream', ...i.path.map(String)].join('/'), message: i.message })));
      // An address this mock would never fetch (a private one, when deployed) is refused now, not at the first request.
      const refused = merged.value === null ? undefined : urlRefusal(new URL(merged.value.url), policyOf(c.env));
      if (refused !== undefined) return problemResponse(ADMIN_INVALID, `The upstream ${new URL(merged.value!.url).host} would never be fetched: ${refused}.`, [{ location: 'body/upstream/url', message: refused }]);
      patch = { ...switches, upstream: merged.value };
    }
    const state = await stub.updateSettings(patch);
    await adopt(c.env, state);
    return answer(core.patchSettings, settingsView(state.settings));
  });

  registerWebhookRoutes(app);
  registerSteering(app);
  registerProxyRoutes(app);

  return app;
}

async function install(env: Env, plan: MockPlan): Promise<Response> {
  const info = await savePlan(env.DB, env.MOCK_ID, plan, Date.now());
  const state = await mockStateStub(env).setPlanVersion(plan.version);
  await adopt(env, state);
  return answer(core.putPlan, { ...planSummary(plan), stored: info });
}

function planSummary(plan: MockPlan) {
  return {
    version: plan.version,
    title: plan.title,
    specVersion: plan.specVersion,
    basePath: plan.basePath,
    operations: plan.operations.map((op) => ({ id: op.id, method: op.method.toUpperCase(), path: op.path, responses: op.responses.map((r) => r.status) })),
    warnings: plan.warnings,
  };
}

async function readBody(request: Request): Promise<string | Response> {
  const read = await readTextCapped(request, MAX_PLAN_BYTES);
  return read.ok ? read.text : problemResponse(ADMIN_TOO_LARGE, `Bodies up to ${MAX_PLAN_BYTES} bytes are accepted.`);
}
