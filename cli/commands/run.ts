import { defineCommand, UsageError } from './command';

export const run = defineCommand({
  name: 'run',
  summary: 'Run a test plan (YAML or JSON): steps with expectations, variables, iterations switching scenarios. Exit 0 when every step passed, 1 when one failed.',
  args: '<plan file>',
  positionals: [0, 1],
  flags: {
    target: { type: 'string', value: 'URL or mock name', description: 'the API: a URL with its base path, or the name of a mock this machine serves (mockloop mock); default: the plan’s target' },
    spec: { type: 'string', value: 'spec', description: 'start a fresh in-memory mock of this spec and run the plan against it' },
    'admin-url': { type: 'string', value: 'URL', description: 'the mock’s admin origin, for setup (scenarios, seeds) and schema checks (found by itself for a mock name or --spec)' },
    'admin-token': { type: 'string', value: 'token', description: 'its admin token (default $MOCKLOOP_ADMIN_TOKEN)' },
    iteration: { type: 'string', value: 'name', description: 'run only this iteration' },
    'state-dir': { type: 'string', value: 'dir', default: '.mockloop', description: 'where mockloop mock keeps its registry of local mocks' },
    junit: { type: 'string', value: 'file', description: 'write a JUnit XML report' },
    json: { type: 'string', value: 'file', description: 'write the whole result as JSON' },
    schema: { type: 'boolean', description: 'print the JSON Schema of a test plan and exit (for editors and generators)' },
  },
  details:
    'A plan that breaks its schema is refused with each problem named by JSON pointer (/steps/2/expect/status), and nothing is sent (exit 2, as for an unknown target). Each failed step prints the expectation that failed by pointer and why.',
  examples: ['mockloop run examples/bookshop-plan.yaml --spec examples/bookshop.yaml', 'mockloop run plan.yaml --target bookshop --junit plan.xml', 'mockloop run plan.yaml --target https://api.example.com/v1'],
  run: async ({ flags, positionals }) => {
    if (flags.schema === true) {
      const { TEST_PLAN_JSON_SCHEMA } = await import('../../src/testing/plans');
      process.stdout.write(`${JSON.stringify(TEST_PLAN_JSON_SCHEMA, null, 2)}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('run takes the plan file: mockloop run <plan file>');
    const str = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
    const { runCommand } = await import('../run-command');
    return runCommand({
      plan: positionals[0],
      target: str('target'),
      spec: str('spec'),
      adminUrl: str('admin-url'),
      adminToken: str('admin-token'),
      iteration: str('iteration'),
      stateDir: str('state-dir') ?? '.mockloop',
      junit: str('junit'),
      json: str('json'),
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  },
});
