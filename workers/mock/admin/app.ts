/**
 * The admin API of one mock, on its own origin. Everything but GET /health needs the bearer
 * token. Its own description is served at /api/openapi.json.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { listLogs } from '../../../src/db/logs';
import { listPlanVersions, loadPlan, savePlan } from '../../../src/db/plans';
import { compilePlan, type MockPlan } from '../../../src/plan';
import { loadSpec } from '../../../src/spec';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { adopt } from '../plan-cache';
import { readTextCapped } from '../read-body';
import { requireToken } from './auth';
import { registerExportRoutes } from './export';
import { registerSteering } from './steering-routes';
import { registerLogRoutes } from './logs';
import { registerReportRoutes } from './reports';
import { registerRetentionRoutes } from './retention';
import { registerSessionRoutes } from './sessions';
import { ADMIN_OPENAPI } from './openapi';
import { registerAdminUi } from './ui/routes';
import { ADMIN_BAD_REQUEST, ADMIN_INTERNAL, ADMIN_INVALID, ADMIN_NOT_FOUND, ADMIN_TOO_LARGE, problemResponse, zodItems } from './problems';

const MAX_PLAN_BYTES = 32 * 1024 * 1024;

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const settingsPatch = z
  .object({ validateRequests: z.boolean(), enforceSecurity: z.boolean(), cors: z.boolean(), stateful: z.boolean() })
  .partial()
  .strict();

/** A structural check of an uploaded plan: enough that the runtime can trust its shape. */
const planShape = z.looseObject({
  format: z.literal(1),
  version: z.string().min(1),
  title: z.string(),
  specVersion: z.string(),
  basePath: z.string(),
  operations: z.array(z.looseObject({ id: z.string(), method: z.string(), path: z.string().startsWith('/'), responses: z.array(z.looseObject({ status: z.string() })) })),
  schemas: z.record(z.string(), z.unknown()),
  securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })),
  warnings: z.array(z.unknown()),
});

export function createAdminApp() {
  const app = new Hono<{ Bindings: Env }>();

  app.onError((error) => problemResponse(ADMIN_INTERNAL, error instanceof Error ? error.message : String(error)));
  app.notFound((c) => problemResponse(ADMIN_NOT_FOUND, `${c.req.method} ${new URL(c.req.url).pathname} is not part of the admin API; see /api/openapi.json.`));

  app.get('/health', async (c) => {
    const state = await mockStateStub(c.env).snapshot();
    return c.json({ status: 'ok', mock: c.env.MOCK_ID, planVersion: state.planVersion });
  });

  registerAdminUi(app);

  app.use('/api/*', requireToken());

  app.get('/api/openapi.json', (c) => c.json(ADMIN_OPENAPI));
  registerLogRoutes(app);
  registerSessionRoutes(app);
  registerReportRoutes(app);
  registerExportRoutes(app);
  registerRetentionRoutes(app);

  app.get('/api/requests', async (c) => {
    const parsed = pageQuery.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    return c.json(await listLogs(c.env.DB, c.env.MOCK_ID, parsed.data.limit, parsed.data.offset));
  });

  app.get('/api/plan', async (c) => {
    const state = await mockStateStub(c.env).snapshot();
    if (state.planVersion === null) return problemResponse(ADMIN_NOT_FOUND, `Mock "${c.env.MOCK_ID}" has no plan yet.`);
    const plan = await loadPlan(c.env.DB, c.env.MOCK_ID, state.planVersion);
    if (!plan) return problemResponse(ADMIN_NOT_FOUND, `Plan ${state.planVersion} is missing from D1.`);
    if (c.req.query('full') === 'true') return c.json(plan);
    return c.json({ ...planSummary(plan), versions: await listPlanVersions(c.env.DB, c.env.MOCK_ID) });
  });

  /** Import a compiled plan (the CLI compiles where the spec's files are). */
  app.put('/api/plan', async (c) => {
    const text = await readBody(c.req.raw);
    if (text instanceof Response) return text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return problemResponse(ADMIN_BAD_REQUEST, `The body is not JSON: ${error instanceof Error ? error.message : error}`);
    }
    const parsed = planShape.safeParse(json);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a MockPlan.', zodItems(parsed.error, 'body'));
    // SAFETY: the shape was checked above; plans are produced by compilePlan.
    return install(c.env, json as MockPlan);
  });

  /** Import a spec (YAML or JSON text): compiled here, inside the worker. */
  app.put('/api/spec', async (c) => {
    const text = await readBody(c.req.raw);
    if (text instanceof Response) return text;
    const loaded = await loadSpec({ text, location: c.req.query('location') ?? 'upload' });
    if (!loaded.ok) return new Response(JSON.stringify(loaded.problem), { status: loaded.problem.status, headers: { 'content-type': 'application/problem+json' } });
    return install(c.env, compilePlan(loaded.value));
  });

  app.get('/api/settings', async (c) => c.json((await mockStateStub(c.env).snapshot()).settings));

  app.patch('/api/settings', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = settingsPatch.safeParse(body);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a settings patch.', zodItems(parsed.error, 'body'));
    const state = await mockStateStub(c.env).updateSettings(parsed.data);
    await adopt(c.env, state);
    return c.json(state.settings);
  });

  registerSteering(app);

  return app;
}

async function install(env: Env, plan: MockPlan): Promise<Response> {
  const info = await savePlan(env.DB, env.MOCK_ID, plan, Date.now());
  const state = await mockStateStub(env).setPlanVersion(plan.version);
  await adopt(env, state);
  return Response.json({ ...planSummary(plan), stored: info });
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
