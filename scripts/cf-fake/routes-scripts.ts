/**
 * Workers scripts: upload (multipart), list, get, delete, content, the services view wrangler
 * checks before a deploy. Mounted for the account and for each dispatch namespace.
 */
import { Hono } from 'hono';
import { commitUpload } from './apply';
import { type Fake, type FakeEnv, namespaceOf, need, scriptOf, scriptsOf, sourceOf } from './context';
import { ok, okList } from './envelope';
import { invalidWorker, serviceBindingConflict, serviceNotFound } from './errors';
import { scriptView, serviceView } from './script-views';
import { currentVersion, newScript, type Script } from './state';
import { checkResources, parseUpload, planUpload } from './upload';

export function scriptRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();

  app.get('/', (c) => {
    need(c, 'Workers Scripts Read');
    return okList([...scriptsOf(fake, c).values()].map(scriptView));
  });

  app.put('/:name', async (c) => {
    need(c, 'Workers Scripts Write');
    const scripts = scriptsOf(fake, c);
    const name = c.req.param('name');
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) throw invalidWorker(`Invalid Worker name "${name}": use lowercase letters, digits, "-" and "_" (at most 63)`);
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw invalidWorker('Expected a multipart/form-data body');
    }
    const upload = await parseUpload(form);
    const script = scripts.get(name) ?? newScript(name, namespaceOf(c));
    const plan = planUpload(script, upload, currentVersion(script), sourceOf(c));
    checkResources(fake.account, plan.version.bindings, script);
    const deployment = await commitUpload(fake, scripts, script, plan, { deploy: true, annotations: plan.version.annotations });
    const result: Record<string, unknown> = { ...scriptView(script), deployment_id: deployment?.id, startup_time_ms: 1 };
    if (c.req.query('include_subdomain_availability') === 'true') result.available_on_subdomain = script.subdomain.enabled;
    return ok(result);
  });

  app.get('/:name', async (c) => {
    need(c, 'Workers Scripts Read');
    return contentOf(scriptOf(fake, c), c.req.query('version'));
  });

  app.get('/:name/content/v2', (c) => {
    need(c, 'Workers Scripts Read');
    return contentOf(scriptOf(fake, c), c.req.query('version'));
  });

  app.delete('/:name', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    refuseReferenced(fake, script, c.req.query('force'));
    await deleteScript(fake, scriptsOf(fake, c), script);
    return ok({ id: script.name });
  });

  /** What depends on this script (wrangler delete asks before deleting without --force). */
  app.get('/:name/references', (c) => {
    need(c, 'Workers Scripts Read');
    const script = scriptOf(fake, c);
    return ok(referencesTo(fake, script));
  });

  return app;
}

async function deleteScript(fake: Fake, scripts: Map<string, Script>, script: Script): Promise<void> {
  scripts.delete(script.name);
  if (script.namespace === undefined) {
    for (const [id, domain] of fake.account.domains) if (domain.service === script.name) fake.account.domains.delete(id);
  }
  await fake.runtime.reload(fake.account);
  await fake.forgetDurableObjects(script);
}

/** Without `force=true`, Cloudflare keeps a Worker that others still bind as a service. */
function refuseReferenced(fake: Fake, script: Script, force: string | undefined): void {
  if (force === 'true' || script.namespace !== undefined) return;
  const referrers = referencesTo(fake, script).services.incoming.map((r) => r.service);
  if (referrers.length > 0) throw serviceBindingConflict(script.name, [...new Set(referrers)]);
}

function referencesTo(fake: Fake, script: Script) {
  const incoming: Array<{ service: string; environment: string; name: string }> = [];
  const durableObjects: Array<{ service: string; environment: string; name: string; namespace_id: string }> = [];
  for (const other of fake.account.scripts.values()) {
    for (const b of currentVersion(other)?.bindings ?? []) {
      if (b.type === 'service' && b.service === script.name && other !== script) incoming.push({ service: other.name, environment: 'production', name: b.name });
      if (b.type === 'durable_object_namespace' && (b.script_name ?? other.name) === script.name) {
        durableObjects.push({ service: other.name, environment: 'production', name: b.name, namespace_id: `${script.name}.${b.class_name}` });
      }
    }
  }
  // A dispatch namespace's scripts bind the account's Workers as services too.
  if (script.namespace === undefined) {
    for (const scripts of fake.account.namespaceScripts.values()) {
      for (const other of scripts.values()) {
        for (const b of currentVersion(other)?.bindings ?? []) {
          if (b.type === 'service' && b.service === script.name) incoming.push({ service: other.name, environment: 'production', name: b.name });
        }
      }
    }
  }
  return { services: { incoming, outgoing: [] }, durable_objects: durableObjects, dispatch_outbounds: [] };
}

function contentOf(script: ReturnType<typeof scriptOf>, versionId: string | undefined): Response {
  const version = versionId === undefined ? currentVersion(script) : script.versions.find((v) => v.id === versionId);
  if (version === undefined) return ok(null);
  const form = new FormData();
  for (const m of version.modules) form.set(m.name, new File([new Uint8Array(m.contents)], m.name, { type: m.contentType }));
  const response = new Response(form);
  const headers = new Headers(response.headers);
  headers.set('cf-entrypoint', version.mainModule);
  return new Response(response.body, { headers });
}

/** `/accounts/:id/workers/services/:name`: how wrangler asks whether a Worker exists. */
export function serviceRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  app.get('/:name', (c) => {
    need(c, 'Workers Scripts Read');
    const script = fake.account.scripts.get(c.req.param('name'));
    if (script === undefined) throw serviceNotFound();
    return ok(serviceView(script));
  });
  app.get('/:name/environments/:env', (c) => {
    need(c, 'Workers Scripts Read');
    const script = fake.account.scripts.get(c.req.param('name'));
    if (script === undefined) throw serviceNotFound();
    return ok(serviceView(script).default_environment);
  });
  app.delete('/:name', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = fake.account.scripts.get(c.req.param('name'));
    if (script === undefined) throw serviceNotFound();
    refuseReferenced(fake, script, c.req.query('force'));
    await deleteScript(fake, fake.account.scripts, script);
    return ok(null);
  });
  return app;
}
