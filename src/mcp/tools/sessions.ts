/** create_test_session, end_test_session and generate_test_report: test sessions of one mock, through its admin API. */
import { z } from 'zod';
import { logs, type SessionReport, sessions } from '../../admin-api';
import { MAX_RESULT_CHARS } from '../register';
import { reportMarkdown } from '../report-markdown';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { latencyLine } from './logs';
import { asToolProblem, queryString, reachMock } from './mock-admin';

const mockName = z.string().min(1).describe('Name of the mock (see discover_mock_servers).');
const sessionIdArg = z.string().regex(/^[A-Za-z0-9._:~-]{1,128}$/, 'letters, digits and . _ : ~ - only, 1 to 128 characters');

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable(), avg: z.number().nullable() });
const coverageView = z.object({ operations_exercised: z.number(), operations_total: z.number(), ratio: z.number().nullable(), responses_exercised: z.number(), responses_total: z.number() }).nullable();

const sessionFields = { fields: { session_id: 'session_id', id: 'session_id' } };
/** An unknown session (404) or one already ended (409) is the session_id argument's fault, with that status. */
const notFoundAsField = <P extends { adminStatus?: unknown; errors?: unknown; detail?: string; status: number }>(p: P): P => {
  if (p.adminStatus !== 404 && p.adminStatus !== 409) return p;
  const message = p.adminStatus === 404 ? 'no such session' : 'the session has already ended';
  return { ...p, status: p.adminStatus, detail: `session_id: ${p.detail}`, errors: [{ location: 'session_id', message }] };
};

export function createTestSession(deps: ToolDeps) {
  return defineTool({
    name: 'create_test_session',
    title: 'Create a test session',
    description: 'Start a test session in a mock: requests that send the header X-Test-Session: <session_id> are counted in it (and can get their own scenario or overrides). end_test_session summarises it.',
    input: z.strictObject({
      mock_name: mockName,
      session_id: sessionIdArg.optional().describe('The id to use (minted when absent). An id already seen in traffic is claimed.'),
      name: z.string().min(1).max(200).optional().describe('A readable name.'),
      metadata: z.record(z.string(), z.unknown()).optional().describe('Any JSON object (up to 16 KiB) kept with the session.'),
    }),
    output: z.object({
      mock_name: z.string(),
      session_id: z.string(),
      name: z.string().nullable(),
      header: z.object({ 'X-Test-Session': z.string() }).describe('Send this header with each request of the session.'),
      claimed: z.boolean().describe('The id had already been seen in traffic; its earlier requests count.'),
      requests: z.number(),
      created_at: z.string(),
    }),
    annotations: { destructiveHint: false },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const body = { ...(args.session_id ? { id: args.session_id } : {}), ...(args.name ? { name: args.name } : {}), ...(args.metadata ? { metadata: args.metadata } : {}) };
      const res = await reached.admin.call(sessions.createSession, { body });
      if (!res.ok) return failed(asToolProblem(res.problem, sessionFields));
      const s = res.value;
      return done(
        { mock_name: args.mock_name, session_id: s.id, name: s.name, header: { 'X-Test-Session': s.id }, claimed: s.claimed, requests: s.requests, created_at: new Date(s.createdAt).toISOString() },
        `Session "${s.id}" started in "${args.mock_name}": send X-Test-Session: ${s.id} with its requests.${s.claimed ? ` It already had ${s.requests} request(s).` : ''}`,
      );
    },
  });
}

export function endTestSession(deps: ToolDeps) {
  return defineTool({
    name: 'end_test_session',
    title: 'End a test session',
    description: 'End a test session and summarise it from its logged requests: requests, success rate, latency percentiles, coverage of the plan, statuses and operations.',
    input: z.strictObject({ mock_name: mockName, session_id: sessionIdArg.describe('The session (see create_test_session).') }),
    output: z.object({
      mock_name: z.string(),
      session_id: z.string(),
      name: z.string().nullable(),
      state: z.string(),
      duration_ms: z.number(),
      requests: z.number(),
      errors: z.number(),
      success_rate: z.number().nullable().describe('Share of requests answered below 400 (0..1); null without requests.'),
      latency_ms: percentiles,
      coverage: coverageView,
      statuses: z.array(z.object({ status: z.number(), count: z.number() })),
      operations: z.array(z.object({ operationId: z.string().nullable(), method: z.string(), count: z.number(), errors: z.number() })),
      recommendations: z.array(z.string()),
    }),
    annotations: { destructiveHint: false },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const ended = await reached.admin.call(sessions.endSession, { params: { id: args.session_id } });
      if (!ended.ok) return failed(notFoundAsField(asToolProblem(ended.problem, sessionFields)));
      const analyzed = await reached.admin.call(logs.analyzeLogs, { query: { session_id: args.session_id } });
      if (!analyzed.ok) return failed(asToolProblem(analyzed.problem, sessionFields));
      const s = ended.value;
      const a = analyzed.value;
      const c = a.coverage;
      const coverage = c ? { operations_exercised: c.operations.exercised, operations_total: c.operations.total, ratio: c.operations.ratio, responses_exercised: c.responses.exercised, responses_total: c.responses.total } : null;
      const rate = s.successRate === null ? 'no requests' : `${(s.successRate * 100).toFixed(1)}% success`;
      const covered = coverage ? `, ${coverage.operations_exercised}/${coverage.operations_total} operations covered` : '';
      return done(
        {
          mock_name: args.mock_name,
          session_id: s.id,
          name: s.name,
          state: s.state,
          duration_ms: s.durationMs,
          requests: s.requests,
          errors: s.errors,
          success_rate: s.successRate,
          latency_ms: a.summary.latencyMs,
          coverage,
          statuses: s.statuses.slice(0, 100),
          operations: s.operations.slice(0, 200),
          recommendations: a.recommendations,
        },
        `Session "${s.id}" ended: ${s.requests} request(s), ${rate}${covered}; ${latencyLine(a)}.`,
      );
    },
  });
}

export function generateTestReport(deps: ToolDeps) {
  return defineTool({
    name: 'generate_test_report',
    title: 'Generate a test report',
    description:
      "A test session's report from the mock's admin API: traffic, coverage, errors, latency per operation. json: the report as structured data; markdown: built from it; html (a self-contained page with charts) and csv (one row per operation): as the admin API renders them. A report over max_chars is truncated, with a note.",
    input: z.strictObject({
      mock_name: mockName,
      session_id: sessionIdArg.describe('The session to report on.'),
      format: z.enum(['json', 'markdown', 'html', 'csv']).default('markdown').describe('Report format.'),
      max_chars: z.number().int().min(1000).max(50_000).default(40_000).describe('Longest report text returned; longer ones are cut, with a note.'),
    }),
    output: z.object({
      mock_name: z.string(),
      session_id: z.string(),
      format: z.enum(['json', 'markdown', 'html', 'csv']),
      summary: z.object({ requests: z.number(), errors: z.number(), success_rate: z.number().nullable(), latency_ms: percentiles, operations_covered: z.number().nullable(), operations_total: z.number().nullable() }),
      report: z.string().optional().describe('The report text (markdown, html, csv).'),
      report_json: z.record(z.string(), z.unknown()).optional().describe('The report (json); its operations list is cut to fit when too long.'),
      total_chars: z.number().describe('Length of the whole report.'),
      truncated: z.boolean(),
      note: z.string().optional(),
    }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      // The JSON report gives the summary for every format (and the markdown).
      const res = await reached.admin.call(logs.getTestReport, { query: { session_id: args.session_id, format: 'json' } });
      if (!res.ok) return failed(notFoundAsField(asToolProblem(res.problem, sessionFields)));
      const r = res.value;
      const summary = {
        requests: r.summary.requests,
        errors: r.summary.errors,
        success_rate: r.session.successRate,
        latency_ms: r.latency.percentiles,
        operations_covered: r.coverage?.operations.exercised ?? null,
        operations_total: r.coverage?.operations.total ?? null,
      };
      const base = { mock_name: args.mock_name, session_id: args.session_id, format: args.format, summary };
      const line = `Report of session "${args.session_id}" in "${args.mock_name}" (${args.format}): ${r.summary.requests} request(s), ${r.summary.errors} error(s)${summary.operations_total === null ? '' : `, ${summary.operations_covered}/${summary.operations_total} operations covered`}.`;
      if (args.format === 'json') {
        const whole = JSON.stringify(r).length;
        let report: SessionReport = r;
        // Operations are the one long list: drop rows until the report fits.
        while (JSON.stringify(report).length > Math.min(args.max_chars, MAX_RESULT_CHARS - 5_000) && report.operations.length > 0) {
          report = { ...report, operations: report.operations.slice(0, Math.floor(report.operations.length / 2)) };
        }
        const truncated = report !== r;
        const note = truncated ? `The report has ${whole} characters; ${report.operations.length} of ${r.operations.length} operations are included (ask for csv, or raise max_chars).` : undefined;
        return done({ ...base, report_json: report as unknown as Record<string, unknown>, total_chars: whole, truncated, ...(note ? { note } : {}) }, line + (note ? ` ${note}` : ''));
      }
      let text: string;
      if (args.format === 'markdown') {
        text = reportMarkdown(r);
      } else {
        const rendered = await reached.admin.text(logs.getTestReport.path + queryString({ session_id: args.session_id, format: args.format }));
        if (!rendered.ok) return failed(notFoundAsField(asToolProblem(rendered.problem, sessionFields)));
        text = rendered.value.text;
      }
      const truncated = text.length > args.max_chars;
      const note = truncated ? `Cut to ${args.max_chars} of ${text.length} characters; the whole report is at the mock's admin API: GET /api/testing/report?session_id=${encodeURIComponent(args.session_id)}&format=${args.format === 'markdown' ? 'json' : args.format}.` : undefined;
      return done({ ...base, report: truncated ? text.slice(0, args.max_chars) : text, total_chars: text.length, truncated, ...(note ? { note } : {}) }, line + (note ? ` ${note}` : ''));
    },
  });
}
