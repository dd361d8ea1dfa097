/** The closing part every prompt shares: the schema to answer with and the rules a plan enforces. */
import type { Subject } from './common';
import { scenarioJsonSchemaText } from './schema';

export function answerContract(subject: Subject, count: 'one' | 'several'): string {
  return [
    '## How to answer',
    count === 'one'
      ? 'Answer with exactly one scenario: a single JSON object in one ```json block.'
      : 'Answer with each scenario as its own JSON object, each in its own ```json block, one per scenario.',
    subject.kind === 'mock'
      ? `Each object must validate against the JSON Schema below; call \`validate_scenario_config\` for the mock \`${subject.name}\` with it before \`deploy_scenario\`, and fix whatever it reports.`
      : `Each object must validate against the JSON Schema below. This API is not mocked yet: create a mock from ${subject.url} with \`generate_mock_api\`, then call \`validate_scenario_config\` for that mock with each scenario before \`deploy_scenario\`, and fix whatever it reports.`,
    'The plan also enforces:',
    '- `endpoint` is a path template exactly as listed above (without the base path), or an operationId; `method` is one that path declares. Never invent paths.',
    "- `status` must be one the operation declares: exactly, through its range (`4XX`), or through `default`. Use `fault.error_status` for an error the spec does not declare (it is sent as problem+json; a 429 or 503 gets `Retry-After` from `fault.retry_after`).",
    '- `example` must name an example of the chosen response; use at most one of `new_response`, `example` and `dynamic`.',
    '- An operation appears in at most one rule; `default` applies to every operation no rule names (statuses it does not declare are skipped there).',
    '- Delays are in ms, at most 60000; `fault.error_rate` is a share 0..1; a `fault.seed` makes random choices repeat; `stateful: true` keeps created records (CRUD).',
    '- `name`: letters, digits, `.`, `_`, `-` (not `active` or `validate`), at most 64 characters; at most 500 rules.',
    '',
    'JSON Schema of the scenario config:',
    '```json',
    scenarioJsonSchemaText(),
    '```',
  ].join('\n');
}
