// Destroys the mock the main step deployed (runs when the job ends, whatever its outcome).
import { mockloop } from './cli.mjs';

const name = process.env.STATE_mock_name;
if (name) {
  const run = mockloop(['destroy', name]);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.status !== 0) console.log(`::warning title=mockloop destroy failed::${name} stays until its TTL runs out (mockloop destroy --expired).`);
}
