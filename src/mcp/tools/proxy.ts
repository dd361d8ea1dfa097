/**
 * Hybrid mocks through MCP (docs/decisions/0020): the upstream and its modes, recordings made from
 * upstream traffic, their promotion into the plan, and the mock compared with the live API. The
 * credentials go in arguments the audit log redacts by name (`credentials`, `secret_headers`).
 */
import { z } from 'zod';
import { core, proxy } from '../../admin-api/routes';
import { compareBodySchema, driftReportSchema, promotionSchema, recordingSchema } from '../../admin-api/routes/proxy';
import { upstreamAuthSchema, upstreamPatchSchema, upstreamSchema } from '../../proxy';
import { proxyModeSchema, scenarioNameSchema } from '../../scenarios';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const mockName = z.string().min(1).describe('Name of the mock (see discover_mock_servers).');
const patch = upstreamPatchSchema.shape;

export function setUpstream(deps: ToolDeps) {
  return defineTool({
    name: 'set_upstream',
    title: 'Set the real API behind a mock',
    description:
      'Give a mock an upstream (the real API) and say per route where answers come from: mock, proxy (the upstream answers), spy (the mock when an override, scenario rule or recording matches, else the upstream), record (proxy and keep the exchanges for record_upstream_traffic) or diff (both, compared; see compare_mock_to_live). Upstream answers are validated against the spec (X-Mockloop-Violations header). Credentials are injected on the way out and never shown, logged or audited. remove: true takes the upstream away.',
    input: z.strictObject({
      mock_name: mockName,
      url: patch.url.describe('The upstream base URL (http or https); the request path is appended as the client sent it.'),
      mode: proxyModeSchema.optional().describe('The mode of requests no route names (default proxy).'),
      routes: patch.routes.describe('Per path glob (/v1/payments*) or operationId, a mode; the first match wins.'),
      credentials: upstreamAuthSchema.nullable().optional().describe('bearer {token}, basic {username, password} or header {name, value}; null removes them.'),
      secret_headers: patch.headers.describe('Headers sent with every upstream request (their values are kept secret).'),
      remock: patch.remock.describe('Upstream statuses (404, "5XX") the mock answers instead; [] turns remocking off.'),
      fail_on_violations: z.boolean().optional().describe('Answer 502 when the upstream answer violates the spec (Prism --errors).'),
      timeout_ms: patch.timeout_ms.describe('How long an upstream answer may take (ms, default 10000); past it the request answers 504.'),
      diff_ignore: z.array(z.string().max(1024)).max(100).optional().describe('JSON pointers into bodies left out of drift comparisons.'),
      remove: z.boolean().optional().describe('Remove the upstream: the mock answers everything itself again.'),
    }),
    output: z.object({ mock_name: z.string(), upstream: upstreamSchema.nullable() }),
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const change = args.remove
        ? null
        : {
            ...(args.url === undefined ? {} : { url: args.url }),
            ...(args.mode === undefined ? {} : { mode: args.mode }),
            ...(args.routes === undefined ? {} : { routes: args.routes }),
            ...(args.credentials === undefined ? {} : { auth: args.credentials }),
            ...(args.secret_headers === undefined ? {} : { headers: args.secret_headers }),
            ...(args.remock === undefined ? {} : { remock: args.remock }),
            ...(args.fail_on_violations === undefined ? {} : { errors: args.fail_on_violations }),
            ...(args.timeout_ms === undefined ? {} : { timeout_ms: args.timeout_ms }),
            ...(args.diff_ignore === undefined ? {} : { diff: { ignore: args.diff_ignore } }),
          };
      const res = await reached.admin.call(core.patchSettings, { body: { upstream: change } });
      if (!res.ok) return failed(asToolProblem(res.problem, { fields: { upstream: 'url', auth: 'credentials', headers: 'secret_headers' } }));
      const upstream = res.value.upstream ?? null;
      return done(
        { mock_name: args.mock_name, upstream },
        upstream === null ? `"${args.mock_name}" has no upstream: the mock answers everything.` : `"${args.mock_name}" → ${new URL(upstream.url).host}, mode ${upstream.mode}${upstream.routes.length ? `, ${upstream.routes.length} route rule(s)` : ''}.`,
      );
    },
  });
}

export function recordUpstreamTraffic(deps: ToolDeps) {
  return defineTool({
    name: 'record_upstream_traffic',
    title: 'Turn recorded upstream traffic into a scenario',
    description:
      "Make a scenario from the upstream exchanges in the mock's log (made in record mode, or with from: upstream any proxied exchange: a snapshot without restarting). Each operation's answers replay per request path and query; a request answered differently in turn replays as a sequence; ids, dates and trace values become fresh on replay; keep_latency replays the upstream's delay.",
    input: z.strictObject({
      mock_name: mockName,
      scenario_name: scenarioNameSchema.describe('The scenario to create.'),
      from: z.enum(['record', 'upstream']).default('record').describe('record: exchanges made in record mode; upstream: every proxied exchange in the log.'),
      since: z.iso.datetime({ offset: true }).optional().describe('Only exchanges at or after this ISO 8601 time.'),
      session_id: z.string().min(1).max(200).optional().describe('Only exchanges of this test session.'),
      keep_latency: z.boolean().default(false).describe("Replay with the upstream's latency as a delay."),
      volatile: z.boolean().default(true).describe('Make ids, dates and trace values fresh on replay.'),
      activate: z.boolean().default(false).describe('Activate the scenario at once.'),
      replace: z.boolean().default(false).describe('Replace a scenario of this name.'),
    }),
    output: recordingSchema.extend({ mock_name: z.string() }),
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const { mock_name, scenario_name, ...rest } = args;
      const res = await reached.admin.call(proxy.createRecording, { body: { name: scenario_name, ...rest } });
      if (!res.ok) return failed(asToolProblem(res.problem, { fields: { name: 'scenario_name' } }));
      const r = res.value;
      const sequences = r.operations.reduce((n, o) => n + o.sequences, 0);
      return done({ mock_name, ...r }, `Scenario "${r.scenario}" from ${r.exchanges} exchange(s): ${r.operations.length} operation(s), ${sequences} sequence(s), ${r.skipped.length} skipped${r.active ? '; active' : ''}.`);
    },
  });
}

export function promoteRecordingTool(deps: ToolDeps) {
  return defineTool({
    name: 'promote_recording',
    title: "Promote a recording's bodies into the plan",
    description:
      'Validate every recorded body of a scenario against the spec; the valid ones become named examples of their response in a new plan version (served with Prefer: example=<name>), the invalid ones are listed with their violations and left out. dry_run only reports.',
    input: z.strictObject({ mock_name: mockName, scenario_name: z.string().min(1).max(64).describe('The recorded scenario.'), dry_run: z.boolean().default(false).describe('Only report what would be promoted.') }),
    output: promotionSchema.extend({ mock_name: z.string() }),
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const res = await reached.admin.call(proxy.promoteRecording, { params: { name: args.scenario_name }, body: { dry_run: args.dry_run } });
      if (!res.ok) return failed(asToolProblem(res.problem));
      const r = res.value;
      return done({ mock_name: args.mock_name, ...r }, `${r.promoted.length} body(ies) ${args.dry_run ? 'would be' : 'were'} promoted${r.planVersion ? ` (plan ${r.planVersion})` : ''}; ${r.refused.length} refused for violating the spec.`);
    },
  });
}

export function compareMockToLive(deps: ToolDeps) {
  return defineTool({
    name: 'compare_mock_to_live',
    title: 'Compare the mock with the live API',
    description:
      "Send each request to both the mock and its upstream and report, per operation, where the live answer violates the spec and where the mock and the live API differ (status, media type, shape, values), volatile fields (ids, dates) left out unless volatile: false. Without requests, the report of diff mode's traffic so far.",
    input: z.strictObject({
      mock_name: mockName,
      requests: compareBodySchema.shape.requests.optional().describe('Requests to compare: {method, path (with the base path), query, headers, body}.'),
      ignore: z.array(z.string().max(1024)).max(100).optional().describe('JSON pointers into bodies to leave out (/data/0/updatedAt).'),
      volatile: z.boolean().optional().describe('Leave out ids, dates and trace values (default true).'),
    }),
    output: driftReportSchema.extend({ mock_name: z.string() }),
    annotations: { openWorldHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const res =
        args.requests === undefined
          ? await reached.admin.call(proxy.getDrift, { query: { format: 'json' } })
          : await reached.admin.call(proxy.compareMockToLive, { body: { requests: args.requests, ignore: args.ignore, volatile: args.volatile } });
      if (!res.ok) return failed(asToolProblem(res.problem));
      const r = res.value;
      const violating = r.operations.reduce((n, o) => n + o.violating, 0);
      const drifting = r.operations.reduce((n, o) => n + o.drifting, 0);
      return done({ mock_name: args.mock_name, ...r }, `${r.requests} request(s) over ${r.operations.length} operation(s): ${violating} live answer(s) violate the spec, ${drifting} differ from the mock.`);
    },
  });
}

export function proxyTools(deps: ToolDeps) {
  return [setUpstream(deps), recordUpstreamTraffic(deps), promoteRecordingTool(deps), compareMockToLive(deps)];
}
