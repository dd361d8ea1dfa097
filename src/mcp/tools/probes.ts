/** run_security_test: security probes of one mock (OWASP API Top 10), through its admin API. */
import { z } from 'zod';
import { probes } from '../../admin-api';
import { probeFindingSchema } from '../../admin-api/routes/probes';
import { CHECK_NAMES, OWASP_TITLES, SEVERITIES } from '../../testing/probes';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const POLL_MS = 1000;
const MAX_FINDINGS = 100;

function headerLine(text: string): [string, string] | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return [text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()];
}

const headerArg = z
  .array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}:.{0,4096}$/s, 'a header line: Name: value'))
  .max(10);

export function runSecurityTest(deps: ToolDeps) {
  return defineTool({
    name: 'run_security_test',
    title: 'Run security probes',
    description: `Probe a mock for OWASP API Security Top 10 (2023) weaknesses derived from its spec: ${CHECK_NAMES.join(', ')}. Returns findings (check, category, severity, operation, the request as curl with credentials redacted, the evidence). The run is kept: the admin API lists it (GET /api/probes). Writes (PUT, PATCH, DELETE) only with allow_writes.`,
    input: z.strictObject({
      mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).'),
      checks: z.array(z.enum(CHECK_NAMES as [string, ...string[]])).min(1).optional().describe('Checks to run (default: all).'),
      auth: headerArg.optional().describe("Identity A's headers, e.g. ['Authorization: Bearer …'] (default: placeholders shaped like the spec's schemes). Never stored or echoed."),
      auth2: headerArg.optional().describe('A second, lower identity: enables object-authorization (API1) and function-authorization (API5).'),
      allow_writes: z.boolean().default(false).describe('Send PUT, PATCH and DELETE requests too.'),
      max_requests: z.number().int().min(1).max(5000).default(2000).describe('Request budget of the run.'),
      fail_on: z.enum(SEVERITIES as [string, ...string[]]).default('high').describe('passed is false when a finding has this severity or higher.'),
    }),
    output: z.object({
      mock_name: z.string(),
      run_id: z.string(),
      passed: z.boolean(),
      status: z.string().describe('passed, failed or cancelled'),
      requests: z.number(),
      not_sent: z.object({ writes: z.number(), budget: z.number() }),
      findings_by_severity: z.record(z.string(), z.number()),
      checks: z.array(z.object({ check: z.string(), category: z.string(), requests: z.number(), findings: z.number(), skipped: z.string().optional() })),
      findings: z.array(probeFindingSchema).describe(`The findings, most severe first (at most ${MAX_FINDINGS}).`),
      findings_omitted: z.number(),
    }),
    annotations: { destructiveHint: false, openWorldHint: false },
    async run(args, call) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const headers = (lines: string[] | undefined) => (lines ? Object.fromEntries(lines.map(headerLine).filter((h): h is [string, string] => h !== null)) : undefined);
      const body = {
        ...(args.checks ? { checks: args.checks } : {}),
        ...(args.auth ? { auth: headers(args.auth) } : {}),
        ...(args.auth2 ? { auth2: headers(args.auth2) } : {}),
        allowWrites: args.allow_writes,
        maxRequests: args.max_requests,
        failOn: args.fail_on,
      };
      const started = Date.now();
      await call.progress({ progress: 0, total: args.max_requests, message: 'probing' });
      // While the run works, its registry row says how far it got.
      let finished = false;
      let runId: string | undefined;
      // Cancelling the call stops the run in the mock (it looks every 25 requests) and keeps what it found.
      const onAbort = () => {
        if (runId) void reached.admin.call(probes.cancelProbeRun, { params: { id: runId } });
      };
      call.signal.addEventListener('abort', onAbort);
      const watch = (async () => {
        while (!finished && !call.signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (finished) return;
          const list = await reached.admin.call(probes.listProbeRuns, { query: { limit: 5 } });
          const row = list.ok ? list.value.items.find((r) => r.status === 'running' && r.createdAt >= started - 1000) : undefined;
          if (row) runId ??= row.id;
          if (row?.summary && !finished) await call.progress({ progress: row.summary.requests, total: row.summary.budget ?? args.max_requests, message: `${row.summary.findings} finding(s) so far` });
        }
      })();
      // SAFETY: the body matches the route's schema (the same enums and bounds as this tool's input).
      const res = await reached.admin.call(probes.runProbes, { body: body as never, signal: call.signal });
      finished = true;
      call.signal.removeEventListener('abort', onAbort);
      await watch.catch(() => {});
      if (!res.ok) return failed(asToolProblem(res.problem, { fields: { checks: 'checks', auth: 'auth', auth2: 'auth2', allowWrites: 'allow_writes', maxRequests: 'max_requests', failOn: 'fail_on' } }));
      const run = res.value;
      const result = run.result!;
      await call.progress({ progress: result.requests, total: result.requests, message: 'done' });
      const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
      const sorted = [...result.findings].sort((a, b) => rank(b.severity) - rank(a.severity));
      const bySeverity = run.summary?.bySeverity ?? {};
      const worst = sorted[0];
      return done(
        {
          mock_name: args.mock_name,
          run_id: run.id,
          passed: run.status === 'passed',
          status: run.status,
          requests: result.requests,
          not_sent: result.notSent,
          findings_by_severity: bySeverity,
          checks: result.checks.map((c) => ({ check: c.check, category: c.category, requests: c.requests, findings: c.findings, ...(c.skipped ? { skipped: c.skipped } : {}) })),
          findings: sorted.slice(0, MAX_FINDINGS),
          findings_omitted: Math.max(0, sorted.length - MAX_FINDINGS),
        },
        `${run.status}: ${result.findings.length} finding(s) in ${result.requests} request(s) to "${args.mock_name}"${worst ? `; worst: [${worst.severity}] ${OWASP_TITLES[worst.category]} — ${worst.title}` : ''}.`,
      );
    },
  });
}
