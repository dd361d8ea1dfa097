/** The files of a wrangler project for one mock (`mockloop wrangler`): wrangler.toml and its README. */
import { ADMIN_PATH_PREFIX, COMPATIBILITY_DATE, DATABASE_NAME, MAIN_MODULE } from '../src/deploy/cloudflare';
import type { MockPlan } from '../src/plan';

export function wranglerToml(name: string, plan: MockPlan): string {
  return `# The mock "${name}" (${plan.title}, plan ${plan.version}), written by \`mockloop wrangler\`.
# ${MAIN_MODULE} carries the compiled plan and the D1 migrations: on its first request the mock
# creates its tables in the "${DATABASE_NAME}" database (as \`wrangler d1 migrations apply\` would) and
# stores its plan there. Deploy with \`npx wrangler deploy\`; see README.md.
name = "${name}"
main = "${MAIN_MODULE}"
compatibility_date = "${COMPATIBILITY_DATE}"
workers_dev = true
preview_urls = false

# The bundle is built already (its admin page and plan are inside); wrangler uploads it as is.
no_bundle = true
find_additional_modules = false
rules = [{ type = "ESModule", globs = ["**/*.js"] }]

[vars]
MOCK_ID = "${name}"
# The admin API lives under this path of the mock's own host. To give it a hostname of its own
# instead, set ADMIN_HOST = "admin.example.com" and add that hostname as a custom domain.
ADMIN_PATH_PREFIX = "${ADMIN_PATH_PREFIX}"
# ADMIN_TOKEN is a secret: \`npx wrangler secret put ADMIN_TOKEN\`
# Load runs from the admin API (/api/load-runs) need the account's test engine, which
# \`mockloop deploy\` puts up (or \`wrangler deploy -c wrangler.engine.toml\` in the mockloop repo),
# and this mock's public origin, which the engine sends to:
# MOCK_TARGET_ORIGIN = "https://${name}.<your subdomain>.workers.dev"
# with, above [vars]: [[services]] binding = "ENGINE" service = "mockloop-engine"
# (Cloudflare refuses the deploy while no Worker "mockloop-engine" exists). Without them
# /api/load-runs answers 503.

# Shared by every mock of the account. Without a database_id, wrangler finds the database by name
# on deploy (or creates it); put its id here to run \`wrangler d1\` commands against it.
[[d1_databases]]
binding = "DB"
database_name = "${DATABASE_NAME}"
migrations_dir = "migrations"

[[durable_objects.bindings]]
name = "MOCK_STATE"
class_name = "MockState"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["MockState"]
`;
}

export function projectReadme(name: string, plan: MockPlan): string {
  return `# ${name}: a MockLoop mock of ${plan.title}

Plan ${plan.version}: ${plan.operations.length} operations${plan.basePath ? ` under ${plan.basePath}` : ''}, compiled from the spec by
\`mockloop wrangler\`. \`plan.json\` is that plan; \`${MAIN_MODULE}\` is the mock worker with the plan built in.

Deploy it to your Cloudflare account (wrangler reads CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID, or
your \`wrangler login\`):

\`\`\`sh
npx wrangler deploy
npx wrangler secret put ADMIN_TOKEN
\`\`\`

The mock answers at \`https://${name}.<your subdomain>.workers.dev${plan.basePath}\`; its admin API at
\`https://${name}.<your subdomain>.workers.dev${ADMIN_PATH_PREFIX}/api/…\` with \`Authorization: Bearer <ADMIN_TOKEN>\`
(until the secret is set, every admin call is refused). Every request is logged to the shared D1 database
\`${DATABASE_NAME}\`. To change the mock, run \`mockloop wrangler\` again over this directory and deploy again: the
URL, the log and the scenarios stay, and the new plan is served from the first request after the deploy.
`;
}
