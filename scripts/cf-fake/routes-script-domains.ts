/**
 * Custom domains as `wrangler deploy` attaches them (`routes = [{ pattern, custom_domain = true }]`):
 * `POST …/domains/changeset` says what would change, `PUT …/domains/records` applies it — with
 * `override_scope` the script's other custom domains are removed.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Fake, type FakeEnv, jsonBody, need, scriptOf } from './context';
import { CfApiError, ok } from './envelope';
import { hostnameNotInZone } from './errors';
import { zoneOf } from './routes-domains';
import { parse } from './routes-script-parts';
import { type CustomDomain, hexId, type Script } from './state';

const Origin = z.looseObject({ hostname: z.string().min(1), zone_id: z.string().optional(), zone_name: z.string().optional() });
const RecordsBody = z.object({
  override_scope: z.boolean().default(false),
  override_existing_origin: z.boolean().default(false),
  override_existing_dns_record: z.boolean().default(false),
  origins: z.array(Origin),
});

export function scriptDomainRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  const existing = (hostname: string) => [...fake.account.domains.values()].find((d) => d.hostname === hostname);

  app.post('/:name/domains/changeset', async (c) => {
    need(c, 'Workers Routes Read');
    const script = scriptOf(fake, c);
    const origins = parse(z.array(Origin), await jsonBody(c));
    const added: CustomDomain[] = [];
    const updated: Array<CustomDomain & { modified: boolean }> = [];
    for (const origin of origins) {
      const domain = existing(origin.hostname.toLowerCase());
      if (domain === undefined) added.push(planned(fake, script, origin));
      else updated.push({ ...domain, modified: domain.service !== script.name });
    }
    const wanted = new Set(origins.map((o) => o.hostname.toLowerCase()));
    const removed = c.req.query('replace_state') === 'true' ? domainsOf(fake, script).filter((d) => !wanted.has(d.hostname)) : [];
    return ok({ added, removed, updated, conflicting: [] });
  });

  app.put('/:name/domains/records', async (c) => {
    need(c, 'Workers Routes Write');
    const script = scriptOf(fake, c);
    const body = parse(RecordsBody, await jsonBody(c));
    const results: CustomDomain[] = [];
    for (const origin of body.origins) {
      const domain = existing(origin.hostname.toLowerCase());
      if (domain !== undefined && domain.service !== script.name && !body.override_existing_origin) {
        throw new CfApiError(409, 100117, `Hostname '${domain.hostname}' is already attached to the Worker '${domain.service}'`);
      }
      results.push(domain === undefined ? planned(fake, script, origin) : { ...domain, service: script.name });
    }
    if (body.override_scope) {
      const wanted = new Set(results.map((d) => d.hostname));
      for (const d of domainsOf(fake, script)) if (!wanted.has(d.hostname)) fake.account.domains.delete(d.id);
    }
    for (const d of results) fake.account.domains.set(d.id, d);
    return ok(results);
  });

  return app;
}

function planned(fake: Fake, script: Script, origin: z.infer<typeof Origin>): CustomDomain {
  const hostname = origin.hostname.toLowerCase();
  const zone = origin.zone_id !== undefined ? fake.account.zones.find((z) => z.id === origin.zone_id) : zoneOf(fake.account.zones, hostname);
  if (zone === undefined || zoneOf([zone], hostname) === undefined) throw hostnameNotInZone(hostname);
  return { id: hexId(), zone_id: zone.id, zone_name: zone.name, hostname, service: script.name, environment: 'production' };
}

function domainsOf(fake: Fake, script: Script): CustomDomain[] {
  return [...fake.account.domains.values()].filter((d) => d.service === script.name);
}
