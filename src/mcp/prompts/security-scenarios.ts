/** generate_security_test_scenarios: scenarios for testing how a client behaves when security bites. */
import { z } from 'zod';
import { nameOf, prepare, sourceArgs, tagArg, the, userPrompt } from './common';
import { answerContract } from './contract';
import { renderAuth, renderErrors, renderInjectable, renderOperations, renderOverview, renderPacks } from './render';
import type { PromptDefinition } from './types';

const FOCUS = ['comprehensive', 'authentication', 'authorization', 'injection'] as const;

const argsSchema = {
  ...sourceArgs,
  security_focus: z.enum(FOCUS).optional().describe('What to concentrate on (default comprehensive).'),
  compliance_requirements: z.string().max(2000).optional().describe('Standards to respect (e.g. OWASP API Top 10, PCI DSS), in your own words.'),
  tag: tagArg,
};

const ASKS: Record<(typeof FOCUS)[number], string[]> = {
  comprehensive: [],
  authentication: ['Concentrate on authentication: expired or revoked credentials (401 with a challenge), a login that starts failing mid-session, schemes the client must switch between.'],
  authorization: ['Concentrate on authorisation: 403 on secured operations that declare it, objects addressed by id (BOLA/IDOR: an item path answering 404 or 403 for ids the caller does not own).'],
  injection: ['Concentrate on injection: the operations with injectable-looking inputs answering their declared 400/422, and bodies echoing hostile strings back (`new_response` with markup, quotes and Unicode) to test output encoding.'],
};

export const generateSecurityTestScenarios: PromptDefinition<typeof argsSchema> = {
  name: 'generate_security_test_scenarios',
  title: 'Write security test scenarios',
  description: "Asks for scenarios that test a client's security behaviour: refused and expired credentials, denied access, rejected and hostile input, built from the mock's schemes, secured operations and injectable-looking inputs.",
  argsSchema,
  build(plan, args) {
    const prepared = prepare(plan, args);
    if (!prepared.ok) return prepared;
    const { subject, scope, analysis: a } = prepared;
    const focus = args.security_focus ?? 'comprehensive';
    return userPrompt(`Security test scenarios for ${nameOf(subject)}, focus ${focus}`, [
      `Write security test scenarios for ${the(subject)}. They steer what the mock answers so a client's security behaviour can be tested; probing a live server is a separate job.`,
      renderOverview(subject, a),
      renderOperations(scope),
      renderAuth(a),
      renderInjectable(a),
      renderErrors(a),
      renderPacks(scope, ['security']),
      [
        '## Your task',
        ...ASKS[focus],
        a.auth.secured.total === 0
          ? 'No operation of this API needs credentials: say so, and concentrate on input handling and on what the client shows for hostile data.'
          : `${a.auth.secured.total} operation(s) need credentials: cover refusal (401 with a \`WWW-Authenticate\` header for bearer/basic schemes) and denial (403 where declared).`,
        'For each scenario, say in `description` which client behaviour it tests and what a correct client does (re-authenticate, not retry, show a message, never log the token…).',
        args.compliance_requirements ? `Respect these requirements and name the items each scenario covers: ${args.compliance_requirements}` : 'Name the OWASP API Security Top 10 (2023) item each scenario relates to, where one does.',
      ].join('\n'),
      answerContract(subject, 'several'),
    ]);
  },
};
