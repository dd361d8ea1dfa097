/** generate_scenario_config: one scenario for a stated purpose, written against this plan. */
import { z } from 'zod';
import { analyzePlan } from '../../plan/analysis';
import type { PackCategory } from '../../scenarios/packs';
import { scenarioNameSchema } from '../../scenarios/model';
import { nameOf, narrow, sourceArgs, subjectOf, tagArg, the, userPrompt } from './common';
import { answerContract } from './contract';
import { renderAuth, renderCollections, renderErrors, renderOperations, renderOverview, renderPacks, renderPaging, renderWrites } from './render';
import type { PromptDefinition } from './types';

const TYPES = ['functional_testing', 'load_testing', 'error_testing', 'security_testing', 'edge_cases'] as const;

const argsSchema = {
  ...sourceArgs,
  scenario_type: z.enum(TYPES).optional().describe('The kind of scenario (default functional_testing).'),
  goal: z.string().max(2000).optional().describe('What the scenario should let you test, in your own words.'),
  scenario_name: z.string().optional().describe('The name to give the scenario.'),
  tag: tagArg,
};

const GUIDE: Record<(typeof TYPES)[number], { ask: string; packs: PackCategory[] }> = {
  functional_testing: {
    ask: 'Make the mock answer realistically for a functional test run: pick named examples where they exist, use `stateful: true` when the client creates and reads back records, and keep errors out unless the goal asks for them.',
    packs: ['business-logic'],
  },
  load_testing: {
    ask: 'Make the mock behave like a production service under load: realistic latency (log-normal with a median and a tail), a small seeded error rate, and fixed answers on hot read paths so the load generator measures the client, not synthesis.',
    packs: ['performance'],
  },
  error_testing: {
    ask: 'Make the mock fail the way this API can fail: its declared error responses first, then faults for what it does not declare (timeouts, 5xx, 429 with Retry-After, truncated bodies).',
    packs: ['error-simulation'],
  },
  security_testing: {
    ask: 'Make the mock refuse the way a secured API does: 401 with a challenge on secured operations, 403 where declared, and 400/422 on the operations that take injectable-looking input.',
    packs: ['security'],
  },
  edge_cases: {
    ask: 'Make the mock answer the states clients forget: empty lists, the last page, values at the edges of their schemas, alternative examples, deprecated operations.',
    packs: ['business-logic'],
  },
};

export const generateScenarioConfig: PromptDefinition<typeof argsSchema> = {
  name: 'generate_scenario_config',
  title: 'Write a scenario',
  description: 'Asks for one scenario config for a purpose (functional, load, error, security, edge cases), written against the operations and statuses the mock really declares.',
  argsSchema,
  build(plan, args) {
    const source = subjectOf(args);
    if (!source.ok) return source;
    const { subject } = source;
    if (args.scenario_name !== undefined && !scenarioNameSchema.safeParse(args.scenario_name).success) {
      return { ok: false, field: 'scenario_name', message: 'must be letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64, and not "active" or "validate".' };
    }
    const narrowed = narrow(plan, args.tag);
    if (!narrowed.ok) return narrowed;
    const a = analyzePlan(narrowed.plan);
    const type = args.scenario_type ?? 'functional_testing';
    const guide = GUIDE[type];
    return userPrompt(`A ${type} scenario for ${nameOf(subject)}`, [
      `Write a scenario config for ${the(subject)}. A scenario is a named set of rules; while it is active, each rule changes what one operation answers (status, headers, body, delay, faults) and \`default\` applies to the operations no rule names.`,
      renderOverview(subject, a),
      renderOperations(narrowed.plan),
      renderAuth(a),
      renderErrors(a),
      type === 'load_testing' || type === 'edge_cases' || type === 'functional_testing' ? renderPaging(a) : '',
      type === 'functional_testing' ? renderCollections(a) : '',
      type === 'functional_testing' || type === 'security_testing' ? renderWrites(a) : '',
      renderPacks(narrowed.plan, guide.packs),
      [
        '## Your task',
        `Scenario type: ${type}. ${guide.ask}`,
        args.goal ? `The goal, in the user's words: ${args.goal}` : 'No goal was given beyond the type: choose what is most useful for this API and say why in `description`.',
        args.scenario_name ? `Name the scenario \`${args.scenario_name}\`.` : 'Give the scenario a short descriptive name.',
        'Put a one-paragraph explanation of what a client sees in `description`.',
      ].join('\n'),
      answerContract(subject, 'one'),
    ]);
  },
};
