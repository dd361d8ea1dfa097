/** A script's versions, deployments, secrets, settings and workers.dev toggle. */
import { Hono } from 'hono';
import { z } from 'zod';
import { commitChange, commitUpload, deploymentOf } from './apply';
import { type Ctx, type Fake, type FakeEnv, jsonBody, namespaceOf, need, scriptOf, scriptsOf, sourceOf } from './context';
import { ok } from './envelope';
import { badRequest, invalidWorker, secretNotFound, versionNotFound } from './errors';
import { bindingsView, deploymentView, versionView } from './script-views';
import { currentVersion, newScript, type Script } from './state';
import { checkResources, parseUpload, partOf, planUpload } from './upload';

const SecretBody = z.object({ name: z.string().min(1), text: z.string(), type: z.literal('secret_text').default('secret_text') });
const SubdomainBody = z.object({ enabled: z.boolean(), previews_enabled: z.boolean().optional() });
const DeploymentBody = z.object({
  strategy: z.literal('percentage').default('percentage'),
  versions: z.array(z.object({ version_id: z.string(), percentage: z.number().min(0).max(100) })).min(1),
  annotations: z.record(z.string(), z.string()).optional(),
});
const ScriptSettingsBody = z.looseObject({
  logpush: z.boolean().optional(),
  observability: z.unknown().optional(),
  tail_consumers: z.array(z.unknown()).nullable().optional(),
  tags: z.array(z.string()).optional(),
});

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`Invalid request body: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function scriptPartRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();

  app.get('/:name/versions', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    const items = [...script.versions].reverse().map((v) => versionView(script, v));
    return ok({ items });
  });

  app.get('/:name/versions/:version', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    const version = script.versions.find((v) => v.id === c.req.param('version'));
    if (version === undefined) throw versionNotFound();
    return ok(versionView(script, version));
  });

  app.post('/:name/versions', async (c) => {
    need(c, 'Workers Scripts Write');
    const scripts = scriptsOf(fake, c);
    const name = c.req.param('name');
    const upload = await parseUpload(await formOf(c));
    const script = scripts.get(name) ?? newScript(name, namespaceOf(c));
    const plan = planUpload(script, upload, currentVersion(script), sourceOf(c));
    checkResources(fake.account, plan.version.bindings, script);
    // A version that is not deployed still has to start: validate it by deploying nothing new.
    await commitUpload(fake, scripts, script, plan, { deploy: script.deployments.length === 0 });
    return ok({ ...versionView(script, plan.version), startup_time_ms: 1 });
  });

  app.get('/:name/deployments', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    return ok({ deployments: [...script.deployments].reverse().map(deploymentView) });
  });

  app.post('/:name/deployments', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const body = parse(DeploymentBody, await jsonBody(c));
    const total = body.versions.reduce((n, v) => n + v.percentage, 0);
    if (Math.abs(total - 100) > 0.001) throw badRequest('The percentages of a deployment must add up to 100');
    for (const v of body.versions) if (!script.versions.some((x) => x.id === v.version_id)) throw versionNotFound();
    // The edge serves the version with the largest share (the fake does not split traffic).
    const versions = [...body.versions].sort((a, b) => b.percentage - a.percentage);
    const deployment = { ...deploymentOf(versions[0].version_id, sourceOf(c), body.annotations), versions };
    await commitChange(fake, script, () => {
      script.deployments.push(deployment);
      script.lastDeployedFrom = sourceOf(c);
    });
    return ok(deploymentView(deployment));
  });

  app.get('/:name/secrets', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    return ok([...script.secrets.keys()].map((name) => ({ name, type: 'secret_text' })));
  });

  app.get('/:name/secrets/:secret', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    if (!script.secrets.has(c.req.param('secret'))) throw secretNotFound();
    return ok({ name: c.req.param('secret'), type: 'secret_text' });
  });

  app.put('/:name/secrets', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const body = parse(SecretBody, await jsonBody(c));
    await newSecretsVersion(fake, script, (secrets) => secrets.set(body.name, body.text));
    return ok({ name: body.name, type: 'secret_text' });
  });

  app.delete('/:name/secrets/:secret', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const secret = c.req.param('secret');
    if (!script.secrets.has(secret)) throw secretNotFound();
    await newSecretsVersion(fake, script, (secrets) => secrets.delete(secret));
    return ok(null);
  });

  app.get('/:name/subdomain', (c) => {
    need(c, 'Workers Scripts Read');
    return ok(scriptOf(fake, c).subdomain);
  });

  app.post('/:name/subdomain', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const body = parse(SubdomainBody, await jsonBody(c));
    script.subdomain = { enabled: body.enabled, previews_enabled: body.previews_enabled ?? body.enabled };
    return ok(script.subdomain);
  });

  app.delete('/:name/subdomain', (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    script.subdomain = { enabled: false, previews_enabled: false };
    return ok(null);
  });

  app.get('/:name/script-settings', (c) => {
    need(c, 'Workers Scripts Read');
    return ok(scriptOf(fake, c).settings);
  });

  app.patch('/:name/script-settings', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    applySettings(script, parse(ScriptSettingsBody, await jsonBody(c)));
    return ok(script.settings);
  });

  app.get('/:name/settings', (c) => {
    need(c, 'Workers Scripts Read');
    return ok(settingsView(scriptOf(fake, c)));
  });

  app.patch('/:name/settings', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const part = partOf(await formOf(c), 'settings');
    if (part === null) throw badRequest('Expected a "settings" part');
    let json: unknown;
    try {
      json = JSON.parse(typeof part === 'string' ? part : await part.text());
    } catch {
      throw badRequest('The "settings" part is not JSON');
    }
    applySettings(script, parse(ScriptSettingsBody, json));
    return ok(settingsView(script));
  });

  return app;
}

async function formOf(c: Ctx): Promise<FormData> {
  try {
    return await c.req.formData();
  } catch {
    throw invalidWorker('Expected a multipart/form-data body');
  }
}

function applySettings(script: Script, body: z.infer<typeof ScriptSettingsBody>): void {
  if (body.logpush !== undefined) script.settings.logpush = body.logpush;
  if (body.observability !== undefined) script.settings.observability = body.observability;
  if (body.tail_consumers !== undefined) script.settings.tail_consumers = body.tail_consumers;
  if (body.tags !== undefined) script.settings.tags = body.tags;
}

function settingsView(script: Script) {
  const version = currentVersion(script);
  return {
    ...script.settings,
    bindings: bindingsView(script, version),
    compatibility_date: version?.compatibilityDate,
    compatibility_flags: version?.compatibilityFlags ?? [],
    usage_model: 'standard',
    placement: {},
  };
}

/** Cloudflare makes a secret change a new version, deployed at once. */
async function newSecretsVersion(fake: Fake, script: Script, change: (secrets: Map<string, string>) => void): Promise<void> {
  const base = currentVersion(script);
  await commitChange(fake, script, () => {
    const secrets = new Map(script.secrets);
    change(secrets);
    script.secrets = secrets;
    if (base === undefined) return;
    const version = { ...base, id: crypto.randomUUID(), number: script.versions.length + 1, createdOn: new Date().toISOString(), source: 'api' };
    script.versions.push(version);
    script.deployments.push(deploymentOf(version.id, 'api', { 'workers/triggered_by': 'secret' }));
  });
}
