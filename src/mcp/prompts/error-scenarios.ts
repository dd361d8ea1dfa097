/** generate_error_scenarios: scenarios that make the mock fail the ways this API can fail. */
import { z } from 'zod';
import { nameOf, prepare, sourceArgs, tagArg, the, userPrompt } from './common';
import { answerContract } from './contract';
import { renderErrors, renderOperations, renderOverview, renderPacks, renderWrites } from './render';
import type { PromptDefinition } from './types';

const ERROR_TYPES = ['client', 'server', 'timeouts', 'rate_limiting', 'malformed', 'auth'] as const;
type ErrorType = (typeof ERROR_TYPES)[number];

const argsSchema = {
  ...sourceArgs,
  error_types: z
    .string()
    .regex(new RegExp(`^(${ERROR_TYPES.join('|')})(\\s*,\\s*(${ERROR_TYPES.join('|')}))*$`), `a comma-separated list of ${ERROR_TYPES.join(', ')}`)
    .optional()
    .describe(`Which failures (comma-separated: ${ERROR_TYPES.join(', ')}; default all).`),
  severity_level: z.enum(['low', 'medium', 'high']).optional().describe('How often calls fail: low ≈ 5%, medium ≈ 25%, high = every call (default medium).'),
  tag: tagArg,
};

const HOW: Record<ErrorType, string> = {
  client: "client: the operations' declared 400/404/409/422 responses (use `status`; name an example if the response has several).",
  server: "server: declared 5xx (or `default`) responses via `status`, or `fault.error_rate` for failures the spec does not describe (the operation's declared 5xx/429 are used, else 503).",
  timeouts: 'timeouts: `latency` longer than the client timeout (fixed, up to 60000 ms), with a declared 504/408 where there is one.',
  rate_limiting: 'rate_limiting: `fault.error_status: 429` with `retry_after` (seconds) at a seeded `error_rate`; operations that declare 429 send their own body.',
  malformed: 'malformed: `fault.malformed: true` (truncated JSON with the declared content type) or `fault.empty: true` (no body).',
  auth: 'auth: 401 (with a `WWW-Authenticate` header for bearer/basic schemes) or 403 on secured operations that declare them.',
};
const RATE = { low: 0.05, medium: 0.25, high: 1 };

export const generateErrorScenarios: PromptDefinition<typeof argsSchema> = {
  name: 'generate_error_scenarios',
  title: 'Write error scenarios',
  description: "Asks for one scenario per kind of failure (client, server, timeouts, rate limiting, malformed bodies, auth), built on the mock's declared error responses and its gaps.",
  argsSchema,
  build(plan, args) {
    const prepared = prepare(plan, args);
    if (!prepared.ok) return prepared;
    const { subject, scope, analysis: a } = prepared;
    const types = args.error_types ? ([...new Set(args.error_types.split(',').map((t) => t.trim()))] as ErrorType[]) : [...ERROR_TYPES];
    const severity = args.severity_level ?? 'medium';
    return userPrompt(`Error scenarios for ${nameOf(subject)}: ${types.join(', ')}`, [
      `Write error scenarios for ${the(subject)} so a client's error handling can be tested against failures this API really has.`,
      renderOverview(subject, a),
      renderOperations(scope),
      renderErrors(a),
      types.includes('client') ? renderWrites(a) : '',
      renderPacks(scope, types.includes('auth') ? ['error-simulation', 'security'] : ['error-simulation']),
      [
        '## Your task',
        `Write one scenario per kind of failure: ${types.join(', ')}. Severity ${severity}: where a failure is random, use \`fault.error_rate\` ${RATE[severity]}${severity === 'high' ? ' (or a fixed `status`)' : ''} and a \`fault.seed\`.`,
        ...types.map((t) => `- ${HOW[t]}`),
        'Where the spec declares nothing for a kind of failure (see the gaps), say so in `description` and use faults rather than undeclared statuses.',
        'Skip a kind when no operation can show it, and say why in one line instead of writing a scenario.',
      ].join('\n'),
      answerContract(subject, 'several'),
    ]);
  },
};
