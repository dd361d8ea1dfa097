/**
 * Admin routes of security probe runs: /api/probes. A run probes this mock in-process (each probe
 * request goes through the mock origin's handler, so it is logged like any other request), is
 * bounded by its request budget, and is kept in the run registry (kind `probe`).
 */
import { probes } from '../../../src/admin-api';
import { loadPlan } from '../../../src/db/plans';
import { getTestRun, insertTestRun, listTestRuns, loadTestRunResult, saveTestRunResult, updateTestRun, type TestRunRow } from '../../../src/db/test-runs';
import { createUlidFactory } from '../../../src/logs/ulid';
import { problemType } from '../../../src/problem';
import { type CheckName, type ProbeRequest, type ProbeResponse, type ProbeResult, runProbes, type Severity, severityRank } from '../../../src/testing/probes';
import { handleMockRequest } from '../mock-origin';
import { mockStateStub } from '../mock-state';
import { type AdminApp, type AdminContext, answer, mount, pathParam } from './mount';
import { ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseJsonBody, parseQuery } from './validate';

const PROBE_NO_PLAN = problemType('probe-no-plan', 'The mock has no plan to probe', 409);
const MAX_BODY_READ = 64 * 1024;
/** The in-process origin the probes address; only its path matters to the mock's handler. */
const ORIGIN = 'http://mock.probe';

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

interface ProbeSummary {
  requests: number;
  findings: number;
  bySeverity: Record<string, number>;
  failOn: Severity;
}

function summaryOf(result: ProbeResult, failOn: Severity): ProbeSummary {
  const bySeverity: Record<string, number> = {};
  for (const f of result.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return { requests: result.requests, findings: result.findings.length, bySeverity, failOn };
}

function view(row: TestRunRow) {
  // SAFETY: probe rows are written below with a ProbeSummary (or none yet).
  return { id: row.id, status: row.status, createdAt: row.createdAt, finishedAt: row.finishedAt, summary: row.summary as ProbeSummary | null };
}

async function readCapped(res: Response): Promise<{ body: string; truncated: boolean }> {
  if (res.body === null) return { body: '', truncated: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { body: body + decoder.decode(), truncated: false };
    size += value.byteLength;
    body += decoder.decode(value, { stream: true });
    if (size > MAX_BODY_READ) {
      await reader.cancel();
      return { body: body.slice(0, MAX_BODY_READ), truncated: true };
    }
  }
}

/** How often a running run looks whether it was cancelled (POST /api/probes/{id}/cancel, from any isolate). */
const CANCEL_CHECK_EVERY = 25;

function inProcessFetch(c: AdminContext, id: string, cancel: AbortController) {
  let calls = 0;
  return async (probe: ProbeRequest): Promise<ProbeResponse> => {
    calls += 1;
    if (calls % CANCEL_CHECK_EVERY === 0 && (await getTestRun(c.env.DB, id))?.status === 'cancelled') cancel.abort();
    const request = new Request(probe.url, { method: probe.method, headers: { ...probe.headers, 'user-agent': 'mockloop-probe' }, body: probe.body });
    // SAFETY: Hono's execution context is the Worker's own (it types it without `tracing`, which the mock handler never uses).
    const res = await handleMockRequest(request, c.env, c.executionCtx as unknown as ExecutionContext);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: res.status, headers, ...(await readCapped(res)) };
  };
}

export function registerProbeRoutes(app: AdminApp): void {
  mount(app, probes.runProbes, async (c) => {
    const body = await parseJsonBody(probes.runProbes.body.schema, c.req.raw);
    if (body instanceof Response) return body;
    const state = await mockStateStub(c.env).snapshot();
    const plan = state.planVersion === null ? null : await loadPlan(c.env.DB, c.env.MOCK_ID, state.planVersion);
    if (!plan) return problemResponse(PROBE_NO_PLAN, `Mock "${c.env.MOCK_ID}" has no plan yet: import one through PUT /api/plan.`);
    const now = Date.now();
    const id = ulid(now);
    const failOn = body.failOn as Severity;
    // Credentials are never stored: only which headers were given.
    const options = { checks: body.checks ?? 'all', authHeaders: Object.keys(body.auth ?? {}), auth2Headers: Object.keys(body.auth2 ?? {}), allowWrites: body.allowWrites, maxRequests: body.maxRequests, failOn };
    await insertTestRun(c.env.DB, { id, kind: 'probe', mock: c.env.MOCK_ID, target: `mock:${c.env.MOCK_ID}`, options, createdAt: now });
    await updateTestRun(c.env.DB, id, { status: 'running', startedAt: now });
    const cancel = new AbortController();
    c.req.raw.signal.addEventListener('abort', () => cancel.abort());
    let result: ProbeResult;
    try {
      result = await runProbes(plan, {
        target: `${ORIGIN}${plan.basePath}`,
        // SAFETY: the contract's enum is the list of check names.
        checks: body.checks as CheckName[] | undefined,
        auth: body.auth,
        auth2: body.auth2,
        allowWrites: body.allowWrites,
        maxRequests: body.maxRequests,
        // In-process: nothing crosses a network, so the cap only keeps the isolate responsive.
        ratePerSecond: 2000,
        fetch: inProcessFetch(c, id, cancel),
        signal: cancel.signal,
        // The row shows how far a running run is (the MCP tool reports it as progress).
        onProgress: (p) => {
          if (p.sent % 25 === 0 && !cancel.signal.aborted) c.executionCtx.waitUntil(updateTestRun(c.env.DB, id, { summary: { requests: p.sent, budget: p.budget, findings: p.findings, bySeverity: {}, failOn } }).catch(() => {}));
        },
      });
    } catch (error) {
      await updateTestRun(c.env.DB, id, { status: 'error', finishedAt: Date.now(), reason: error instanceof Error ? error.message.slice(0, 500) : 'failed' });
      throw error;
    }
    const failing = result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
    const status = result.status === 'cancelled' ? 'cancelled' : failing ? 'failed' : 'passed';
    const summary = summaryOf(result, failOn);
    await saveTestRunResult(c.env.DB, id, result);
    await updateTestRun(c.env.DB, id, { status, summary, finishedAt: Date.now() });
    const row = await getTestRun(c.env.DB, id);
    return answer(probes.runProbes, { ...view(row!), result }, '201', { location: `/api/probes/${id}` });
  });

  mount(app, probes.listProbeRuns, async (c) => {
    const query = parseQuery(probes.listProbeRuns.query, c.req.raw);
    if (query instanceof Response) return query;
    const rows = await listTestRuns(c.env.DB, { kind: 'probe', mock: c.env.MOCK_ID, limit: query.limit });
    return answer(probes.listProbeRuns, { items: rows.map(view) });
  });

  mount(app, probes.cancelProbeRun, async (c) => {
    const id = pathParam(c, 'id');
    const row = await getTestRun(c.env.DB, id);
    if (row?.kind !== 'probe' || row.mock !== c.env.MOCK_ID) return problemResponse(ADMIN_NOT_FOUND, `No probe run "${id}".`);
    if (row.status === 'running' || row.status === 'queued') await updateTestRun(c.env.DB, id, { status: 'cancelled' });
    return answer(probes.cancelProbeRun, view((await getTestRun(c.env.DB, id))!));
  });

  mount(app, probes.getProbeRun, async (c) => {
    const id = pathParam(c, 'id');
    const row = await getTestRun(c.env.DB, id);
    if (row?.kind !== 'probe' || row.mock !== c.env.MOCK_ID) return problemResponse(ADMIN_NOT_FOUND, `No probe run "${id}".`);
    // SAFETY: probe runs store a ProbeResult.
    const result = (await loadTestRunResult(c.env.DB, id)) as ProbeResult | null;
    return answer(probes.getProbeRun, { ...view(row), result });
  });
}
