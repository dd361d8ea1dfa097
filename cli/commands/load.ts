import { defineCommand } from './command';

export const load = defineCommand({
  name: 'load',
  summary: 'Load-test a mock (or an allowed URL): k6-like summary, thresholds, exit 0 / 99 (a threshold failed) / 1 (bad input).',
  args: '<mock name or URL>',
  positionals: [1, 1],
  flags: {
    rate: { type: 'string', value: 'n/s', description: 'open model: arrivals per second (200/s; 600/m per minute); default 50/s' },
    vus: { type: 'string', value: 'n', description: 'closed model: virtual users, each sending as soon as its last answer came' },
    duration: { type: 'string', value: 'time', default: '10s', description: 'how long (30s, 500ms, 2m)' },
    iterations: { type: 'string', value: 'n', description: 'stop after this many iterations (requests; with --plan, runs of the plan)' },
    plan: { type: 'string', value: 'file', description: 'a test plan (YAML/JSON, as mockloop run takes) whose steps each iteration runs, instead of the spec mix' },
    stages: { type: 'string', value: 'list', description: "ramp the rate (with --rate or alone) or the VUs (with --vus): '10s:50,20s:200'" },
    threshold: { type: 'string', value: 'expr', multiple: true, description: "pass/fail criterion, repeatable: 'p95<200', 'p(99)<300', 'rate<0.01', 'GET /books:p95<100', 'avg<50 abortOnFail'" },
    json: { type: 'string', value: 'file', description: 'write the k6-shaped summary as JSON' },
    junit: { type: 'string', value: 'file', description: 'write JUnit XML (one test case per threshold)' },
    spec: { type: 'string', value: 'file or URL', description: 'take the request mix from this spec (needed for a URL that is not a mock of this stack)' },
    shards: { type: 'string', value: 'n', description: 'load shards (Durable Objects) to split the run over; default: one per 50/s or per 6 VUs' },
    seed: { type: 'string', value: 'seed', description: 'seed of the synthesised requests and the operation draw' },
    'state-dir': { type: 'string', value: 'dir', default: '.mockloop', description: 'where `mockloop mock` keeps its mocks (to find one by name)' },
  },
  details: `Requests are synthesised from the spec: every operation with the same weight, valid parameters and bodies,
placeholder credentials where the spec asks for them, and X-Test-Session: <run id>, so the run is a session of
its own in the mock's log. A URL that is not a mock of this stack is refused unless LOAD_ALLOWED_HOSTS
(comma-separated hosts, *.example.com patterns) lists its host. Caps: LOAD_MAX_RATE (2000/s),
LOAD_MAX_VUS (300), LOAD_MAX_DURATION_S (600), LOAD_MAX_REQUESTS (500000).
With --plan, each iteration runs the plan's steps in order (its variables, plus iteration, vu with --vus,
shard and session; values extracted for later steps); each expectation is a check (a failed one does not
stop the run), metrics and thresholds are per step name ('get book:p95<100'). The plan's setup, teardown,
scenarios, iterations and schema: true are refused.
Exit codes: 0 every threshold held; 99 a threshold failed; 2 bad input (nothing started); 1 a failed run; 105 interrupted.`,
  examples: [
    "mockloop load bookshop --rate 200/s --duration 30s --threshold 'p95<200' --threshold 'rate<0.01'",
    "mockloop load bookshop --vus 20 --stages '10s:20,20s:50' --junit load.xml",
    "mockloop load bookshop --plan browse.yaml --rate 20/s --iterations 200 --threshold 'get the first book:p95<100'",
    "LOAD_ALLOWED_HOSTS=staging.example.com mockloop load https://staging.example.com/v1 --spec openapi.yaml --rate 20/s",
  ],
  run: async ({ flags, positionals }) => {
    const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
    const thresholds = flags.threshold === undefined ? [] : Array.isArray(flags.threshold) ? flags.threshold : [String(flags.threshold)];
    const { loadCommand } = await import('../load-command');
    return loadCommand({
      target: positionals[0],
      rate: s('rate'),
      vus: s('vus'),
      duration: s('duration'),
      iterations: s('iterations'),
      stages: s('stages'),
      thresholds,
      json: s('json'),
      junit: s('junit'),
      spec: s('spec'),
      plan: s('plan'),
      shards: s('shards'),
      seed: s('seed'),
      stateDir: s('state-dir') ?? '.mockloop',
    });
  },
});
