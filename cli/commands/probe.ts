import { CHECK_NAMES } from '../../src/testing/probes/catalog';
import { defineCommand, UsageError } from './command';

function positiveNumber(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} takes a positive number, got "${value}"`);
  return n;
}

export const probe = defineCommand({
  name: 'probe',
  summary: 'Probe an API (a running mock or an allowed host) for OWASP API Top 10 weaknesses derived from its spec; exit 1 on findings at --fail-on or above.',
  args: '<spec file or URL>',
  positionals: [1, 1],
  flags: {
    target: { type: 'string', value: 'URL or mock name', description: 'where to send the probes: a URL (base path included) or the name of a running local mock (required)' },
    checks: { type: 'string', value: 'names', multiple: true, default: 'all', description: `comma-separated checks to run: ${CHECK_NAMES.join(', ')}` },
    auth: { type: 'string', value: "'Header: value'", multiple: true, description: 'credentials of identity A, a header line (repeatable); without it, placeholders shaped like the spec\'s schemes' },
    auth2: { type: 'string', value: "'Header: value'", multiple: true, description: 'credentials of a second, lower identity B: enables object-authorization and function-authorization' },
    'allow-writes': { type: 'boolean', description: 'send PUT, PATCH and DELETE requests too (they may change or destroy data)' },
    'fail-on': { type: 'string', value: 'severity', default: 'high', description: 'exit 1 when a finding has this severity or higher: info, low, medium, high, critical' },
    sarif: { type: 'string', value: 'file', description: 'write a SARIF 2.1.0 report (GitHub code scanning)' },
    junit: { type: 'string', value: 'file', description: 'write a JUnit XML report' },
    json: { type: 'string', value: 'file', description: 'write the whole result as JSON' },
    html: { type: 'string', value: 'file', description: 'write an HTML report' },
    'max-requests': { type: 'string', value: 'n', default: '2000', description: 'the request budget of the run' },
    rate: { type: 'string', value: 'per second', default: '50', description: 'at most this many requests per second' },
    'state-dir': { type: 'string', value: 'dir', default: '.mockloop', description: 'where `mockloop mock` keeps its state (to find a mock by name)' },
  },
  details: `Probes go to loopback (this stack's mocks) and to hosts listed in $PROBE_ALLOWED_HOSTS (comma-separated, *.example.com allowed), never to link-local or reserved addresses. Unknown checks, bad credentials lines, a spec that does not compile and an unreachable target are reported before anything is sent (exit 2). Credentials never appear in reports: curl lines show <redacted>.`,
  examples: [
    'mockloop probe examples/bookshop.yaml --target bookshop --sarif probe.sarif',
    "PROBE_ALLOWED_HOSTS=staging.example.com mockloop probe openapi.yaml --target https://staging.example.com/v1 --auth 'Authorization: Bearer $TOKEN_A' --auth2 'Authorization: Bearer $TOKEN_B' --fail-on medium --junit probe.xml",
  ],
  run: async ({ flags, positionals }) => {
    const target = flags.target;
    if (typeof target !== 'string' || target === '') throw new UsageError('probe needs --target (a URL or the name of a running mock)');
    const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const { probeCommand } = await import('../probe-command');
    return probeCommand({
      spec: positionals[0],
      target,
      checks: flags.checks === undefined ? undefined : list(flags.checks),
      auth: list(flags.auth),
      auth2: list(flags.auth2),
      allowWrites: flags['allow-writes'] === true,
      failOn: text(flags['fail-on']) ?? 'high',
      sarif: text(flags.sarif),
      junit: text(flags.junit),
      json: text(flags.json),
      html: text(flags.html),
      maxRequests: positiveNumber('max-requests', flags['max-requests']),
      rate: positiveNumber('rate', flags.rate),
      stateDir: text(flags['state-dir']) ?? '.mockloop',
      env: process.env,
    });
  },
});
