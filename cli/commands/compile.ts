import { defineCommand } from './command';

export const compile = defineCommand({
  name: 'compile',
  summary: 'Check a spec: print the operations, their responses and warnings, or why it cannot be mocked (exit 1).',
  args: '<spec file or URL>',
  positionals: [1, 1],
  flags: {
    json: { type: 'boolean', description: 'print the compiled MockPlan as JSON (a problem+json document on failure)' },
  },
  details: 'Problems name a JSON pointer, plus line:column for YAML/JSON syntax errors; the first 5 are shown and the rest counted.',
  examples: ['mockloop compile examples/bookshop.yaml', 'mockloop compile https://example.com/openapi.yaml --json > plan.json'],
  run: async ({ flags, positionals }) => (await import('../compile-command')).compileCommand(positionals[0], flags.json === true),
});
