/** `deploy`, `deployments`, `destroy` (mocks on Cloudflare) and `wrangler` (a project to deploy yourself). */
import { parseDuration } from '../duration';
import { defineCommand, UsageError } from './command';

const CREDENTIALS =
  'Reads CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID, and CLOUDFLARE_API_BASE_URL when set (as wrangler does; default https://api.cloudflare.com/client/v4).';
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const deploy = defineCommand({
  name: 'deploy',
  summary: 'Deploy a spec as its own Worker on Cloudflare and print its public mock URL, admin URL and admin token.',
  args: '<spec file or URL>',
  positionals: [1, 1],
  flags: {
    name: { type: 'string', value: 'name', description: 'the mock (and Worker) name; re-deploying a name updates it in place (required)' },
    hostname: { type: 'string', value: 'host', description: 'a custom hostname for the mock (default: <name>.<account subdomain>.workers.dev)' },
    'admin-hostname': { type: 'string', value: 'host', description: 'a custom hostname for the admin API (default: the /__mockloop prefix of the mock host)' },
    ttl: { type: 'string', value: 'duration', description: 'remove the mock after this long (30m, 2h, 1d); `destroy --expired` and the MCP worker cron do it' },
    'no-wait': { type: 'boolean', description: 'return after the API calls without probing the URL' },
    json: { type: 'boolean', description: 'print {name, mock_url, admin_url, admin_token, plan_version, operations, expires_at}' },
    target: { type: 'string', value: 'target', default: 'workers', description: '`workers`, or `dispatch:<namespace>` (Workers for Platforms, past the account script limit)' },
    'dispatch-domain': { type: 'string', value: 'domain', description: 'the domain whose <mock>.<domain> hosts the dispatch Worker routes' },
    upstream: { type: 'string', value: 'url', description: 'the real API behind the mock: every request is proxied to it (a public address; modes per route: PATCH /api/settings)' },
  },
  details: `${CREDENTIALS} The admin token is MOCKLOOP_ADMIN_TOKEN when set, else a new random one (a Worker secret); an update keeps the token it had.`,
  examples: ['mockloop deploy examples/bookshop.yaml --name bookshop --ttl 2h', 'mockloop deploy openapi.yaml --name ci-$GITHUB_RUN_ID --json > mock.json'],
  run: async ({ flags, positionals }) => {
    const name = flags.name;
    if (typeof name !== 'string' || name === '') throw new UsageError('deploy needs --name (the Worker and the workers.dev host are named after it)');
    const ttl = flags.ttl;
    const ttlMs = typeof ttl === 'string' ? parseDuration(ttl) : undefined;
    if (ttlMs === null) throw new UsageError(`--ttl takes a duration such as 30m, 2h or 1d, got "${ttl}"`);
    const { parseTarget } = await import('../cloudflare-deployer');
    const target = parseTarget(typeof flags.target === 'string' ? flags.target : undefined);
    if (!target) throw new UsageError(`--target is "workers" or "dispatch:<namespace>", got "${flags.target}"`);
    const upstream = typeof flags.upstream === 'string' ? flags.upstream : undefined;
    if (upstream !== undefined && !/^https?:\/\/[^/]/i.test(upstream)) throw new UsageError(`--upstream takes an http(s) URL, got "${upstream}"`);
    if (upstream !== undefined && flags['no-wait'] === true) throw new UsageError('--upstream is set once the mock is live, so it cannot go with --no-wait');
    for (const flag of ['hostname', 'admin-hostname'] as const) {
      const host = flags[flag];
      if (typeof host === 'string' && !HOSTNAME.test(host)) throw new UsageError(`--${flag} must be a hostname such as api.example.com, got "${host}"`);
    }
    const { deployCommand } = await import('../deploy-command');
    return deployCommand({
      spec: positionals[0],
      name,
      hostname: typeof flags.hostname === 'string' ? flags.hostname : undefined,
      adminHostname: typeof flags['admin-hostname'] === 'string' ? flags['admin-hostname'] : undefined,
      ttlMs,
      wait: flags['no-wait'] !== true,
      json: flags.json === true,
      target,
      dispatchDomain: typeof flags['dispatch-domain'] === 'string' ? flags['dispatch-domain'] : undefined,
      adminToken: process.env.MOCKLOOP_ADMIN_TOKEN || undefined,
      upstream,
    });
  },
});

export const deployments = defineCommand({
  name: 'deployments',
  summary: "List the account's deployed mocks: name, URLs, plan version, created, expires, last request.",
  flags: { json: { type: 'boolean', description: 'print them as JSON' } },
  details: CREDENTIALS,
  examples: ['mockloop deployments', 'mockloop deployments --json'],
  run: async ({ flags }) => (await import('../deploy-command')).deploymentsCommand(flags.json === true),
});

export const destroy = defineCommand({
  name: 'destroy',
  summary: 'Remove a deployed mock (its Worker, Durable Objects, log rows and hostnames), or every expired one.',
  args: '<name>',
  positionals: [0, 1],
  flags: {
    expired: { type: 'boolean', description: 'remove every mock past its --ttl instead of one by name' },
    json: { type: 'boolean', description: 'print what was removed as JSON' },
  },
  details: CREDENTIALS,
  examples: ['mockloop destroy bookshop', 'mockloop destroy --expired'],
  run: async ({ flags, positionals }) => {
    const expired = flags.expired === true;
    if (expired === (positionals.length === 1)) throw new UsageError('destroy takes one mock name, or --expired');
    return (await import('../deploy-command')).destroyCommand(positionals[0], expired, flags.json === true);
  },
});

export const wrangler = defineCommand({
  name: 'wrangler',
  summary: 'Write a ready wrangler project for a spec (wrangler.toml with D1, DO and migrations, the bundled worker, the plan, a README).',
  args: '<spec file or URL>',
  positionals: [1, 1],
  flags: {
    name: { type: 'string', value: 'name', description: 'the Worker name (required)' },
    out: { type: 'string', value: 'dir', description: 'the folder to write (required)' },
  },
  details: 'Deploy it with your own `npx wrangler deploy` from that folder, then `npx wrangler secret put ADMIN_TOKEN`.',
  examples: ['mockloop wrangler examples/bookshop.yaml --name bookshop --out bookshop-mock'],
  run: async ({ flags, positionals }) => {
    if (typeof flags.name !== 'string' || typeof flags.out !== 'string') throw new UsageError('wrangler needs --name and --out');
    return (await import('../wrangler-command')).wranglerCommand({ spec: positionals[0], name: flags.name, out: flags.out });
  },
});
