/** generate_mock_api: spec in, running mock out (through the Deployer), switches set through its admin API. */
import { z } from 'zod';
import { DEPLOY_NAME_TAKEN, portProblem, SLUG } from '../../deploy';
import { DEPLOY_CLOUDFLARE_API } from '../../deploy/cloudflare';
import { problem } from '../../problem';
import { TOOL_INVALID_ARGUMENTS } from '../errors';
import { defineTool, done, failed } from '../tool';
import { apiRoot, type ToolDeps } from './deps';

const MAX_OPERATIONS = 200;
const MAX_WARNINGS = 50;

const input = z
  .strictObject({
    spec_url_or_path: z.string().min(1).optional().describe('An http(s) URL of the OpenAPI/Swagger document (public addresses only, unless the operator allowed more), or a file path under the directories the operator allowed with --spec-dir (local stack only). Give this or spec_text.'),
    spec_text: z.string().min(1).max(10_000_000).optional().describe('The OpenAPI 3.x / Swagger 2.0 document itself (YAML or JSON). Give this or spec_url_or_path.'),
    mock_name: z.string().regex(SLUG, 'must be a slug: lower-case letters, digits and dashes, up to 63 characters').describe('Name of the mock (a slug, e.g. "petstore"); every other tool names the mock by it.'),
    port: localPort('Port of the mock origin on the local stack (default: a free one; a replaced mock keeps its own).'),
    admin_port: localPort('Port of the admin origin on the local stack (default: a free one; a replaced mock keeps its own).'),
    replace: z.boolean().default(false).describe('Replace a mock of the same name (its log is kept) instead of failing.'),
    ttl_minutes: z.number().int().min(1).max(525_600).optional().describe('Deployed (Cloudflare) mocks: remove the mock this many minutes from now (the MCP worker\'s cron trigger does it). Ignored on the local stack.'),
    options: z
      .strictObject({
        validate_requests: z.boolean().default(true).describe('Validate requests against the spec (400/415/422 with the violations).'),
        enforce_security: z.boolean().default(true).describe("Require the spec's security (401 without credentials)."),
        cors: z.boolean().default(true).describe('Answer CORS preflights and add CORS headers.'),
        stateful: z.boolean().default(false).describe('Stateful CRUD: POST creates records that GET, PUT/PATCH and DELETE then see.'),
      })
      .default({ validate_requests: true, enforce_security: true, cors: true, stateful: false })
      .describe('Switches of the mock; each can be changed later.'),
  })
  .superRefine((args, ctx) => {
    if (args.port !== undefined && args.port === args.admin_port) ctx.addIssue({ code: 'custom', path: ['admin_port'], message: 'must differ from port: the admin API has its own origin' });
    const given = Number(args.spec_url_or_path !== undefined) + Number(args.spec_text !== undefined);
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['spec_url_or_path'], message: `give exactly one of spec_url_or_path or spec_text (${given === 0 ? 'neither was given' : 'both were given'})` });
  });

function localPort(description: string) {
  return z
    .number()
    .int()
    .min(1)
    .max(65535)
    .superRefine((port, ctx) => {
      const why = portProblem(port);
      if (why) ctx.addIssue({ code: 'custom', message: why });
    })
    .optional()
    .describe(description);
}

const output = z.object({
  name: z.string(),
  mock_url: z.string().describe('Base URL of the mocked API (origin + base path).'),
  admin_url: z.string(),
  plan_version: z.string(),
  title: z.string(),
  operation_count: z.number(),
  operations: z.array(z.object({ id: z.string(), method: z.string(), path: z.string(), responses: z.array(z.string()) })).describe(`The first ${MAX_OPERATIONS} operations.`),
  warning_count: z.number(),
  warnings: z.array(z.object({ location: z.string(), code: z.string(), message: z.string() })).describe(`The first ${MAX_WARNINGS} warnings.`),
  settings: z.object({ validate_requests: z.boolean(), enforce_security: z.boolean(), cors: z.boolean(), stateful: z.boolean() }),
  expires_at: z.string().nullable().describe('When a deployed mock with ttl_minutes is removed (ISO 8601); null: never.'),
});

export function generateMockApi(deps: ToolDeps) {
  return defineTool({
    name: 'generate_mock_api',
    title: 'Generate a mock API',
    description:
      'Compile an OpenAPI 3.0/3.1 or Swagger 2.0 document into a running mock API (its own worker with a mock origin and an admin origin). Sends progress notifications while it compiles when the request carries a progress token.',
    input,
    output,
    annotations: { destructiveHint: false, openWorldHint: true },
    renamed: { name: 'mock_name' },
    async run(args, call) {
      const source = args.spec_text !== undefined ? ({ kind: 'text', text: args.spec_text } as const) : ({ kind: 'location', location: args.spec_url_or_path! } as const);
      const outcome = await deps.deployer.deploy({ name: args.mock_name, source, replace: args.replace, port: args.port, adminPort: args.admin_port, ttlMs: args.ttl_minutes === undefined ? undefined : args.ttl_minutes * 60_000 }, (step) => {
        void call.progress({ progress: step.progress, total: step.total, message: step.message });
      });
      if (!outcome.ok) {
        if (outcome.problem.type === DEPLOY_NAME_TAKEN.type) {
          return failed(problem(TOOL_INVALID_ARGUMENTS, `mock_name: a mock named "${args.mock_name}" exists; pick another name or pass replace: true.`, { errors: [{ location: 'mock_name', message: 'already used' }], known: outcome.problem.known }));
        }
        const busy = outcome.problem.portInUse;
        if (typeof busy === 'number') {
          const field = busy === args.port ? 'port' : 'admin_port';
          return failed(problem(TOOL_INVALID_ARGUMENTS, `${field}: port ${busy} is already in use; choose another or leave ${field} out for a free one.`, { errors: [{ location: field, message: 'in use' }] }));
        }
        // A refused Cloudflare API step is about the account, not the spec: it names its own step.
        if (outcome.problem.type === DEPLOY_CLOUDFLARE_API.type) return failed(outcome.problem);
        const where = args.spec_text !== undefined ? 'spec_text' : 'spec_url_or_path';
        return failed({ ...outcome.problem, detail: `${where}: ${outcome.problem.detail ?? outcome.problem.title}` });
      }
      const mock = outcome.mock;
      const admin = deps.admin(mock);
      const settings = await admin.updateSettings({
        validateRequests: args.options.validate_requests,
        enforceSecurity: args.options.enforce_security,
        cors: args.options.cors,
        stateful: args.options.stateful,
      });
      if (!settings.ok) return failed(settings.problem);
      const plan = await admin.plan();
      if (!plan.ok) return failed(plan.problem);
      const p = plan.value;
      const value = {
        name: mock.name,
        mock_url: apiRoot(mock),
        admin_url: mock.adminUrl,
        plan_version: p.version,
        title: p.title,
        operation_count: p.operations.length,
        operations: p.operations.slice(0, MAX_OPERATIONS),
        warning_count: p.warnings.length,
        warnings: p.warnings.slice(0, MAX_WARNINGS).map((w) => ({ location: w.location, code: w.code, message: w.message })),
        settings: {
          validate_requests: settings.value.validateRequests,
          enforce_security: settings.value.enforceSecurity,
          cors: settings.value.cors,
          stateful: settings.value.stateful,
        },
        expires_at: mock.expiresAt == null ? null : new Date(mock.expiresAt).toISOString(),
      };
      const warned = p.warnings.length > 0 ? `, ${p.warnings.length} warning(s)` : '';
      return done(value, `Mock "${mock.name}" (${p.title}) serves ${p.operations.length} operations at ${value.mock_url}${warned}.`);
    },
  });
}
