/** analyze_openapi_for_testing: what to test in this API, and which risks matter most. */
import { z } from 'zod';
import { nameOf, prepare, sourceArgs, tagArg, the, userPrompt } from './common';
import { answerContract } from './contract';
import { renderAuth, renderCollections, renderErrors, renderInjectable, renderOperations, renderOverview, renderPacks, renderPaging, renderWrites } from './render';
import type { PromptDefinition } from './types';

const FOCUS = ['comprehensive', 'errors', 'security', 'performance', 'business-logic'] as const;

const argsSchema = {
  ...sourceArgs,
  testing_focus: z.enum(FOCUS).optional().describe('What to concentrate on (default comprehensive).'),
  risk_assessment: z.enum(['true', 'false']).optional().describe('Rank the risks found (default true).'),
  tag: tagArg,
};

const ASKS: Record<(typeof FOCUS)[number], string> = {
  comprehensive: 'Cover functional behaviour, error handling, security, performance and business logic.',
  errors: 'Concentrate on error handling: the declared error responses, the gaps, and what a client must survive that the spec does not describe.',
  security: 'Concentrate on security: authentication and authorisation per operation, injectable-looking inputs, and what an attacker would try first.',
  performance: 'Concentrate on performance: which operations are lists or writes, where latency and partial failure hurt most, and how to load them.',
  'business-logic': 'Concentrate on business logic: collections and their life cycle (create, read, update, delete), paging, empty and edge states.',
};

export const analyzeOpenapiForTesting: PromptDefinition<typeof argsSchema> = {
  name: 'analyze_openapi_for_testing',
  title: 'Analyse an API for testing',
  description: "A testing analysis of a mock's API built from its compiled plan: operations, auth, declared errors and gaps, injectable inputs, writes, paging and collections, with scenarios to try.",
  argsSchema,
  build(plan, args) {
    const prepared = prepare(plan, args);
    if (!prepared.ok) return prepared;
    const { subject, scope, analysis: a } = prepared;
    const focus = args.testing_focus ?? 'comprehensive';
    const rank = args.risk_assessment !== 'false';
    return userPrompt(`Testing analysis of ${nameOf(subject)}${args.tag ? ` (tag ${args.tag})` : ''}, focus ${focus}`, [
      `You are a test engineer preparing tests for clients of an API. Below is a factual analysis of ${subject.kind === 'mock' ? `the API that ${the(subject)} serves` : the(subject)}${args.tag ? `, narrowed to the tag "${args.tag}"` : ''}. Base every statement on it; do not assume operations, statuses or fields it does not list.`,
      renderOverview(subject, a),
      renderOperations(scope),
      renderAuth(a),
      renderErrors(a),
      renderInjectable(a),
      renderWrites(a),
      renderPaging(a),
      renderCollections(a),
      renderPacks(scope, ['error-simulation', 'performance', 'security', 'business-logic']),
      [
        '## Your task',
        ASKS[focus],
        rank
          ? '1. List the risks you see, ranked from most to least severe, each with the operations concerned and why (cite the gap, scheme or input above).'
          : '1. List what to test, grouped by area, each with the operations concerned.',
        '2. For each of the top risks, say which test would expose it and which scenario makes the mock behave that way (a shipped pack above, or one you write).',
        '3. Write the two or three scenarios that matter most for this API.',
      ].join('\n'),
      answerContract(subject, 'several'),
    ]);
  },
};
