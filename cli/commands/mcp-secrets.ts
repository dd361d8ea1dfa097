import { join, resolve } from 'node:path';
import { defineCommand } from './command';

export const mcpRotateSecrets = defineCommand({
  name: 'mcp rotate-secrets',
  summary: "Replace the local MCP server's stored bearer token and OAuth operator secret.",
  flags: {
    'state-dir': { type: 'string', value: 'dir', default: '.mockloop', description: 'the state directory of the `mockloop mock` whose secrets to replace' },
  },
  details:
    'The secrets live in <state-dir>/state/mcp/secrets.json (mode 0600). A running `mockloop mock` keeps the old ones until it restarts; clients then need the new token (OAuth clients register again).',
  examples: ['mockloop mcp rotate-secrets', 'mockloop mcp rotate-secrets --state-dir /tmp/ci-mockloop'],
  async run({ flags }) {
    const dir = join(resolve(String(flags['state-dir'] ?? '.mockloop')), 'state', 'mcp');
    const { rotateMcpSecrets, mcpSecretsPath } = await import('../mcp-secrets');
    const secrets = await rotateMcpSecrets(dir);
    console.log(`New MCP secrets written to ${mcpSecretsPath(dir)} (mode 0600):
  bearer token:    ${secrets.token}
  operator secret: ${secrets.operatorSecret}
A running mockloop mock uses them after its next start.`);
    return 0;
  },
});
