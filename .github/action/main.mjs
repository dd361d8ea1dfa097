// Deploys the mock and sets the outputs; remembers the name for the post step.
import { appendFileSync } from 'node:fs';
import { input, mockloop } from './cli.mjs';

const name = input('name');
const run = mockloop(['deploy', input('spec'), '--name', name, '--ttl', input('ttl') || '2h', '--json']);
process.stderr.write(run.stderr);
if (run.status !== 0) {
  console.log(`::error title=mockloop deploy failed::${run.stdout.trim() || run.stderr.trim()}`);
  process.exit(1);
}
const result = JSON.parse(run.stdout);
if (result.admin_token) console.log(`::add-mask::${result.admin_token}`);
appendFileSync(process.env.GITHUB_STATE, `mock_name=${name}\n`);
appendFileSync(process.env.GITHUB_OUTPUT, `mock-url=${result.mock_url}\nadmin-url=${result.admin_url}\nadmin-token=${result.admin_token ?? ''}\n`);
console.log(`mock ${result.mock_url} (plan ${result.plan_version}, ${result.operations} operations), expires ${result.expires_at}`);
