/**
 * Admin routes of load runs against this mock: /api/load-runs. They forward to the stack's test
 * engine through the ENGINE service binding; the target is always this mock (its own origin and
 * plan), never one the caller names. Runs of other mocks are not visible here.
 */
import { load } from '../../../src/admin-api';
import { loadPlan } from '../../../src/db/plans';
import { problemType } from '../../../src/problem';
import { loadReportHtml, type LoadRunView, toJunit } from '../../../src/testing/load';
import { mockStateStub } from '../mock-state';
import { type AdminApp, type AdminContext, answer, mount, pathParam } from './mount';
import { ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseJsonBody, parseQuery } from './validate';

const LOAD_NO_ENGINE = problemType('load-no-engine', 'No test engine is bound to this mock', 503);
const LOAD_ENGINE_UNREACHABLE = problemType('engine-unreachable', 'The test engine could not be reached', 502);
const LOAD_NO_PLAN = problemType('load-no-plan', 'The mock has no plan to load', 409);

type EngineAnswer = { ok: true; status: number; body: unknown } | { ok: false; response: Response };

async function engine(c: AdminContext, path: string, init?: RequestInit): Promise<EngineAnswer> {
  const binding = c.env.ENGINE;
  if (!binding || !c.env.MOCK_TARGET_ORIGIN) return { ok: false, response: problemResponse(LOAD_NO_ENGINE, 'Locally the engine runs with the stack’s MCP server (mockloop mock … --mcp-port); deployed, bind ENGINE to the engine worker and set MOCK_TARGET_ORIGIN.') };
  let res: Response;
  try {
    res = await binding.fetch(`http://engine${path}`, init);
  } catch (error) {
    return { ok: false, response: problemResponse(LOAD_ENGINE_UNREACHABLE, error instanceof Error ? error.message : String(error)) };
  }
  const body = (await res.json().catch(() => null)) as unknown;
  // The engine's problems pass through as they are (they name fields by JSON pointer into the run request).
  if (!res.ok) return { ok: false, response: Response.json(body, { status: res.status, headers: { 'content-type': 'application/problem+json' } }) };
  return { ok: true, status: res.status, body };
}

/** The run, when it is one of this mock's. */
async function ownRun(c: AdminContext, id: string): Promise<{ ok: true; view: LoadRunView } | { ok: false; response: Response }> {
  const r = await engine(c, `/runs/${encodeURIComponent(id)}`);
  if (!r.ok) return r.response.status === 404 ? { ok: false, response: problemResponse(ADMIN_NOT_FOUND, `No load run "${id}" of this mock.`) } : r;
  // SAFETY: GET /runs/:id answers a RunView.
  const view = r.body as LoadRunView;
  const origin = c.env.MOCK_TARGET_ORIGIN ?? '';
  if (!(view.target === origin || view.target.startsWith(`${origin}/`))) return { ok: false, response: problemResponse(ADMIN_NOT_FOUND, `No load run "${id}" of this mock.`) };
  return { ok: true, view };
}

export function registerLoadRoutes(app: AdminApp): void {
  mount(app, load.startLoadRun, async (c) => {
    const body = await parseJsonBody(load.startLoadRun.body.schema, c.req.raw);
    if (body instanceof Response) return body;
    const state = await mockStateStub(c.env).snapshot();
    const plan = state.planVersion === null ? null : await loadPlan(c.env.DB, c.env.MOCK_ID, state.planVersion);
    if (!plan) return problemResponse(LOAD_NO_PLAN, `Mock "${c.env.MOCK_ID}" has no plan yet: import one through PUT /api/plan.`);
    const request: Record<string, unknown> = { target: { url: `${c.env.MOCK_TARGET_ORIGIN ?? ''}${plan.basePath}`, mock: c.env.MOCK_ID }, thresholds: body.thresholds };
    // A test plan replaces the spec's request mix (the engine checks it, by pointer under /testPlan).
    if (body.testPlan !== undefined) request.testPlan = body.testPlan;
    else request.plan = plan;
    if (body.rate !== undefined) request.rate = body.rate;
    if (body.vus !== undefined) request.vus = body.vus;
    if (body.rate === undefined && body.vus === undefined && body.stages === undefined) request.rate = 50;
    if (body.stages) request.stages = body.stages.map((s) => ({ durationMs: Math.round(s.durationS * 1000), target: s.target }));
    if (body.durationS !== undefined) request.durationMs = Math.round(body.durationS * 1000);
    else if (!body.stages && body.iterations === undefined) request.durationMs = 10_000;
    for (const key of ['iterations', 'shards', 'seed'] as const) if (body[key] !== undefined) request[key] = body[key];
    const r = await engine(c, '/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    if (!r.ok) return r.response;
    // SAFETY: POST /runs answers its start record on 202.
    const started = r.body as { id: string; status: string; model: string; shards: number; operations: string[] };
    return answer(load.startLoadRun, started, '202', { location: `/api/load-runs/${started.id}` });
  });

  mount(app, load.listLoadRuns, async (c) => {
    const query = parseQuery(load.listLoadRuns.query, c.req.raw);
    if (query instanceof Response) return query;
    const r = await engine(c, `/runs?mock=${encodeURIComponent(c.env.MOCK_ID)}&limit=${query.limit}`);
    if (!r.ok) return r.response;
    // SAFETY: GET /runs answers { items } of run rows.
    return answer(load.listLoadRuns, r.body as { items: Array<{ id: string; status: string; createdAt: number }> });
  });

  mount(app, load.getLoadRun, async (c) => {
    const own = await ownRun(c, pathParam(c, 'id'));
    return own.ok ? answer(load.getLoadRun, own.view) : own.response;
  });

  mount(app, load.cancelLoadRun, async (c) => {
    const id = pathParam(c, 'id');
    const own = await ownRun(c, id);
    if (!own.ok) return own.response;
    const r = await engine(c, `/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    if (!r.ok) return r.response;
    const after = await ownRun(c, id);
    return after.ok ? answer(load.cancelLoadRun, after.view) : after.response;
  });

  mount(app, load.getLoadRunReport, async (c) => {
    const query = parseQuery(load.getLoadRunReport.query, c.req.raw);
    if (query instanceof Response) return query;
    const own = await ownRun(c, pathParam(c, 'id'));
    if (!own.ok) return own.response;
    const { view } = own;
    const head = { id: view.id, target: view.target, status: view.status, reason: view.reason };
    if (query.format === 'junit') return new Response(toJunit(view.summary, head), { headers: { 'content-type': 'application/xml; charset=utf-8' } });
    if (query.format === 'html') return new Response(loadReportHtml(view.summary, head), { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } });
    return answer(load.getLoadRunReport, view);
  });
}
