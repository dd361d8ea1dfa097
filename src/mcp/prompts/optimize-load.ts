/** optimize_scenario_for_load: a scenario tuned for a load run at a target rate. */
import { z } from 'zod';
import { analyzePlan } from '../../plan/analysis';
import { scenarioSchema } from '../../scenarios/model';
import { validateScenario } from '../../scenarios/validate';
import { nameOf, narrow, numberArg, sourceArgs, subjectOf, tagArg, the, userPrompt } from './common';
import { answerContract } from './contract';
import { renderOperations, renderOverview, renderPacks, renderPaging, renderWrites } from './render';
import type { PromptDefinition } from './types';

const argsSchema = {
  ...sourceArgs,
  base_scenario: z.string().max(200_000).optional().describe('The scenario to start from, as JSON text (e.g. from list_active_scenarios).'),
  target_rps: numberArg('Requests per second the load run will send.', 1, 1_000_000),
  duration_seconds: numberArg('How long the run lasts.', 1, 86_400),
  latency_p95_ms: numberArg('The p95 latency the mock should show (default: keep realistic delays).', 0, 60_000),
  error_rate: numberArg('The share of calls that should fail, 0..1 (default 0.01).', 0, 1),
  tag: tagArg,
};

export const optimizeScenarioForLoad: PromptDefinition<typeof argsSchema> = {
  name: 'optimize_scenario_for_load',
  title: 'Tune a scenario for a load run',
  description: 'Asks for a scenario tuned for a load run: realistic, seeded latency and errors on the operations the run hits, fixed bodies on hot paths, nothing that makes the mock the bottleneck.',
  argsSchema,
  build(plan, args) {
    const source = subjectOf(args);
    if (!source.ok) return source;
    const { subject } = source;
    const narrowed = narrow(plan, args.tag);
    if (!narrowed.ok) return narrowed;
    let base = '';
    if (args.base_scenario !== undefined) {
      let value: unknown;
      try {
        value = JSON.parse(args.base_scenario);
      } catch {
        return { ok: false, field: 'base_scenario', message: 'is not JSON text.' };
      }
      const parsed = scenarioSchema.safeParse(value);
      if (!parsed.success) {
        return { ok: false, field: 'base_scenario', message: `is not a scenario: ${parsed.error.issues.map((i) => `${i.path.join('/') || '(root)'}: ${i.message}`).join('; ')}` };
      }
      const problems = validateScenario(plan, parsed.data);
      base = [
        '## The scenario to start from',
        '```json',
        JSON.stringify(parsed.data),
        '```',
        problems.length > 0 ? `It does not validate against this mock; fix these first:\n${problems.map((p) => `- ${p.location}: ${p.message}`).join('\n')}` : 'It validates against this mock.',
      ].join('\n');
    }
    const a = analyzePlan(narrowed.plan);
    const rate = args.target_rps ? `${args.target_rps} requests/s` : 'an unspecified rate';
    return userPrompt(`A load-run scenario for ${nameOf(subject)}`, [
      `Tune a scenario of ${the(subject)} for a load run of ${rate}${args.duration_seconds ? ` over ${args.duration_seconds} s` : ''}.`,
      renderOverview(subject, a),
      renderOperations(narrowed.plan),
      renderPaging(a),
      renderWrites(a),
      base,
      renderPacks(narrowed.plan, ['performance']),
      [
        '## Your task',
        '- Latency: a log-normal delay per operation (`median_ms`, `sigma` 0.3–0.8, `max_ms` as a cap) gives a realistic tail; uniform jitter reorders parallel answers; fixed delays hide tails.',
        args.latency_p95_ms
          ? `- Aim for a p95 near ${args.latency_p95_ms} ms: for a log-normal delay p95 ≈ median × e^(1.645σ).`
          : '- Keep delays realistic: reads faster than writes, lists slower than single items.',
        `- Errors: about ${args.error_rate ?? '0.01'} of calls should fail (\`fault.error_rate\`); prefer the operations' declared 5xx/429; give \`retry_after\` for 429/503.`,
        '- Set `fault.seed` on every rule with randomness so two runs see the same sequence and can be compared.',
        '- Prefer `example` or a small `new_response` over `dynamic: true` on the hottest read operations: synthesis per call costs CPU the load generator would measure.',
        '- Leave out `dribble`, `malformed` and `empty` unless the goal is to test them: they distort throughput figures.',
        '- Use `default` for what applies to every operation and rules only where an operation needs something else.',
        'Explain the choices (rates, medians, tails) in `description`.',
      ].join('\n'),
      answerContract(subject, 'one'),
    ]);
  },
};
