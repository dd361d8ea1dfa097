/**
 * Admin routes of hybrid mocks (docs/decisions/0020): recordings made from the log's upstream
 * exchanges, promotion of their bodies into the plan, HAR import, the drift report and
 * an on-demand comparison of the mock with the live API.
 */
import { proxy } from '../../../src/admin-api';
import { compareBodySchema, promotionSchema, recordingBodySchema } from '../../../src/admin-api/routes/proxy';
import { listLogs } from '../../../src/db/logs';
import { savePlan } from '../../../src/db/plans';
import type { StoredRequestLog } from '../../../src/logs/record';
import {
  buildRecording,
  createUpstream,
  type DriftEntry,
  driftReport,
  driftReportHtml,
  type Exchange,
  exchangesFromHar,
  harSchema,
  promoteRecording,
} from '../../../src/proxy';
import { HeaderSnapshot, type MockResponse } from '../../../src/runtime';
import { scenarioSchema, validateScenario } from '../../../src/scenarios';
import type { Env } from '../env';
import { mockStateStub } from '../mock-state';
import { adopt, served } from '../plan-cache';
import { recordStore } from '../record-store';
import { policyOf } from '../upstream';
import { type AdminApp, answer, mount, pathParam } from './mount';
import { ADMIN_INVALID, ADMIN_NOT_FOUND, problemResponse, zodItems } from './problems';
import { readJson } from './read-json';
import { ADMIN_CONFLICT, currentPlan } from './steering';

const SCAN_ROWS = 20_000;
const PAGE = 1000;

export function registerProxyRoutes(app: AdminApp): void {
  mount(app, proxy.createRecording, async (c) => {
    const body = await readJson(c.req.raw, 16_384);
    if (!body.ok) return body.response;
    const parsed = recordingBodySchema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a recording request.', zodItems(parsed.error, 'body'));
    const o = parsed.data;
    const since = o.since === undefined ? 0 : Date.parse(o.since);
    const rows = await upstreamRows(c.env, o.limit, (row) => row.ts >= since && (o.session_id === undefined || row.sessionId === o.session_id) && (o.from === 'upstream' || row.responseHeaders['x-mockloop-mode'] === 'record'));
    return record(c.env, rows.map(exchangeOf), { name: o.name, keepLatency: o.keep_latency, volatile: o.volatile, activate: o.activate, replace: o.replace });
  });

  mount(app, proxy.promoteRecording, async (c) => {
    const text = await c.req.text();
    const parsedBody = promoteRecordingBody(text);
    if (parsedBody instanceof Response) return parsedBody;
    const name = pathParam(c, 'name');
    const stored = await mockStateStub(c.env).getScenario(name);
    if (!stored) return problemResponse(ADMIN_NOT_FOUND, `No scenario named "${name}".`);
    const plan = await currentPlan(c.env);
    if (plan instanceof Response) return plan;
    const outcome = promoteRecording(plan, stored.scenario);
    let planVersion: string | null = null;
    if (outcome.plan !== null && !parsedBody.dry_run) {
      await savePlan(c.env.DB, c.env.MOCK_ID, outcome.plan, Date.now());
      await adopt(c.env, await mockStateStub(c.env).setPlanVersion(outcome.plan.version));
      planVersion = outcome.plan.version;
    }
    return answer(proxy.promoteRecording, promotionSchema.parse({ planVersion, promoted: outcome.promoted, refused: outcome.refused }));
  });

  mount(app, proxy.importHar, async (c) => {
    const query = proxy.importHar.query.safeParse(c.req.query());
    if (!query.success) return problemResponse(ADMIN_INVALID, 'Query parameters are not valid.', zodItems(query.error, 'query'));
    const body = await readJson(c.req.raw, 32 * 1024 * 1024);
    if (!body.ok) return body.response;
    const har = harSchema.safeParse(body.value);
    if (!har.success) return problemResponse(ADMIN_INVALID, 'The body is not a HAR 1.2 file.', zodItems(har.error, 'body'));
    const plan = await currentPlan(c.env);
    if (plan instanceof Response) return plan;
    const q = query.data;
    return record(c.env, exchangesFromHar(har.data, plan), { name: q.name, keepLatency: false, volatile: q.volatile !== 'false', activate: q.activate === 'true', replace: q.replace === 'true' });
  });

  mount(app, proxy.getDrift, async (c) => {
    const parsed = proxy.getDrift.query.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    // SAFETY: MockState stores only DriftEntry values made by src/proxy's diff stage.
    const entries = (await mockStateStub(c.env).driftEntries()) as DriftEntry[];
    const report = driftReport(entries, Date.now());
    if (parsed.data.format === 'html') return c.html(driftReportHtml(report, `Drift of mock "${c.env.MOCK_ID}"`));
    return answer(proxy.getDrift, report);
  });

  mount(app, proxy.deleteDrift, async (c) => answer(proxy.deleteDrift, { deleted: await mockStateStub(c.env).clearDrift() }));

  mount(app, proxy.compareMockToLive, async (c) => {
    const body = await readJson(c.req.raw, 4 * 1024 * 1024);
    if (!body.ok) return body.response;
    const parsed = compareBodySchema.safeParse(body.value);
    if (!parsed.success) return problemResponse(ADMIN_INVALID, 'The body is not a comparison request.', zodItems(parsed.error, 'body'));
    const { runtime, settings, steering } = await served(c.env);
    if (runtime === null) return problemResponse(ADMIN_CONFLICT, `Mock "${c.env.MOCK_ID}" has no plan yet.`);
    const config = settings.upstream;
    if (!config) return problemResponse(ADMIN_CONFLICT, 'The mock has no upstream: set one with PATCH /api/settings {"upstream": {"url": …}}.');
    const diff = { serve: 'live' as const, ignore: parsed.data.ignore ?? config.diff.ignore, volatile: parsed.data.volatile ?? config.diff.volatile };
    const stage = createUpstream(runtime.plan, { ...config, diff }, { fetch: (url, init) => fetch(url, init), policy: policyOf(c.env), now: Date.now });
    const always = { modeFor: () => 'diff' as const, serve: stage.serve };
    const rules = steering?.rulesFor(null) ?? null;
    const steer = rules === null ? undefined : { rules, records: rules.stateful ? recordStore(c.env, rules.scope) : null };
    const entries: DriftEntry[] = [];
    for (const r of parsed.data.requests) {
      const headers = new HeaderSnapshot(new Headers(r.headers));
      const res: MockResponse = await runtime.handle({ method: r.method.toUpperCase(), path: r.path, query: r.query, headers, body: r.body === undefined ? null : new TextEncoder().encode(r.body) }, settings, steer, always);
      // SAFETY: the diff stage sets `drift` to a DriftEntry.
      if (res.drift !== undefined) entries.push(res.drift as DriftEntry);
    }
    const stub = mockStateStub(c.env);
    for (const entry of entries) await stub.addDrift(entry);
    return answer(proxy.compareMockToLive, driftReport(entries, Date.now()));
  });
}

function promoteRecordingBody(text: string): { dry_run: boolean } | Response {
  if (text.trim() === '') return { dry_run: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return problemResponse(ADMIN_INVALID, 'The body is not JSON.');
  }
  const parsed = proxy.promoteRecording.body.schema.safeParse(value);
  return parsed.success ? parsed.data : problemResponse(ADMIN_INVALID, 'The body is not a promotion request.', zodItems(parsed.error, 'body'));
}

/** Log rows (newest first, scanning at most SCAN_ROWS) that pass `keep`, up to `limit`; returned oldest first. */
async function upstreamRows(env: Env, limit: number, keep: (row: StoredRequestLog) => boolean): Promise<StoredRequestLog[]> {
  const out: StoredRequestLog[] = [];
  for (let offset = 0; offset < SCAN_ROWS && out.length < limit; offset += PAGE) {
    const page = await listLogs(env.DB, env.MOCK_ID, PAGE, offset);
    for (const row of page.items) if (row.responseHeaders['x-mockloop-source'] === 'upstream' && keep(row) && out.length < limit) out.push(row);
    if (page.items.length < PAGE) break;
  }
  return out.reverse();
}

function exchangeOf(row: StoredRequestLog): Exchange {
  const ms = Number(row.responseHeaders['x-mockloop-upstream-ms']);
  return {
    method: row.method,
    path: row.path,
    query: row.query,
    operationId: row.operationId,
    status: row.status,
    responseHeaders: row.responseHeaders,
    responseBody: row.responseBody,
    responseBodySize: row.responseBodySize,
    upstreamMs: Number.isFinite(ms) ? ms : null,
  };
}

async function record(env: Env, exchanges: Exchange[], o: { name: string; keepLatency: boolean; volatile: boolean; activate: boolean; replace: boolean }): Promise<Response> {
  const plan = await currentPlan(env);
  if (plan instanceof Response) return plan;
  const recording = buildRecording(plan, exchanges, { name: o.name, keepLatency: o.keepLatency, volatile: o.volatile });
  const checked = scenarioSchema.safeParse(recording.scenario);
  if (!checked.success) return problemResponse(ADMIN_INVALID, 'The recording does not make a valid scenario.', zodItems(checked.error, 'recording'));
  const errors = validateScenario(plan, checked.data);
  if (errors.length > 0) return problemResponse(ADMIN_INVALID, `The recording does not fit the API: ${errors.length} problem(s).`, errors);
  const stub = mockStateStub(env);
  const exists = (await stub.getScenario(o.name)) !== null;
  if (exists && !o.replace) return problemResponse(ADMIN_CONFLICT, `A scenario named "${o.name}" exists; give replace: true to record over it.`);
  const saved = await stub.saveScenario(checked.data, exists ? 'replace' : 'create');
  if (!saved.ok) return problemResponse(saved.status === 404 ? ADMIN_NOT_FOUND : ADMIN_CONFLICT, saved.detail);
  let snapshot = saved.snapshot;
  if (o.activate) {
    const activated = await stub.activate(o.name, null);
    if (!activated.ok) return problemResponse(ADMIN_CONFLICT, activated.detail);
    snapshot = activated.snapshot;
  }
  await adopt(env, snapshot);
  return answer(proxy.createRecording, { scenario: o.name, exchanges: exchanges.length, operations: recording.operations, skipped: recording.skipped.slice(0, 100), active: o.activate });
}
