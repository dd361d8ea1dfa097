/** Custom domains (`/accounts/:id/workers/domains`), zones and zone routes (`/zones/:zone/workers/routes`). */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Ctx, type Fake, type FakeEnv, jsonBody, need } from './context';
import { CfApiError, ok, okList } from './envelope';
import { domainNotFound, hostnameNotInZone, routeNotFound, scriptNotFound, zoneNotFound } from './errors';
import { parse } from './routes-script-parts';
import { hexId, type Zone } from './state';

const DomainBody = z.object({
  hostname: z.string().min(1),
  service: z.string().min(1),
  environment: z.string().default('production'),
  zone_id: z.string().optional(),
  zone_name: z.string().optional(),
  override_existing_origin: z.boolean().optional(),
});
const RouteBody = z.object({ pattern: z.string().min(1), script: z.string().optional() });

export function zoneOf(zones: Zone[], hostname: string): Zone | undefined {
  return zones.find((z) => hostname === z.name || hostname.endsWith(`.${z.name}`));
}

export function domainRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();

  const list = (c: Ctx) => {
    need(c, 'Workers Routes Read');
    const q = c.req.query();
    const list = [...fake.account.domains.values()].filter(
      (d) =>
        (q.hostname === undefined || d.hostname === q.hostname) &&
        (q.service === undefined || d.service === q.service) &&
        (q.zone_name === undefined || d.zone_name === q.zone_name) &&
        (q.zone_id === undefined || d.zone_id === q.zone_id) &&
        (q.environment === undefined || d.environment === q.environment),
    );
    return okList(list);
  };
  app.get('/', list);
  app.get('/records', list);

  app.put('/', async (c) => {
    need(c, 'Workers Routes Write');
    const body = parse(DomainBody, await jsonBody(c));
    const hostname = body.hostname.toLowerCase();
    const zone = body.zone_id !== undefined ? fake.account.zones.find((z) => z.id === body.zone_id) : zoneOf(fake.account.zones, hostname);
    if (zone === undefined || zoneOf([zone], hostname) === undefined) throw hostnameNotInZone(hostname);
    if (!fake.account.scripts.has(body.service)) throw scriptNotFound();
    const existing = [...fake.account.domains.values()].find((d) => d.hostname === hostname);
    if (existing !== undefined && existing.service !== body.service && body.override_existing_origin !== true) {
      throw new CfApiError(409, 100117, `Hostname '${hostname}' is already attached to the Worker '${existing.service}'`);
    }
    const domain = { id: existing?.id ?? hexId(), zone_id: zone.id, zone_name: zone.name, hostname, service: body.service, environment: body.environment };
    fake.account.domains.set(domain.id, domain);
    return ok(domain);
  });

  const one = (c: Ctx) => {
    need(c, 'Workers Routes Read');
    const domain = fake.account.domains.get(c.req.param('id') ?? '');
    if (domain === undefined) throw domainNotFound();
    return ok(domain);
  };
  app.get('/:id', one);
  app.get('/records/:id', one);

  app.delete('/:id', (c) => {
    need(c, 'Workers Routes Write');
    if (!fake.account.domains.delete(c.req.param('id'))) throw domainNotFound();
    return ok(null);
  });

  return app;
}

export function zoneRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  const zoneById = (id: string) => {
    const zone = fake.account.zones.find((z) => z.id === id);
    if (zone === undefined) throw zoneNotFound();
    return zone;
  };
  const view = (r: { id: string; pattern: string; script: string }) => ({ id: r.id, pattern: r.pattern, script: r.script });

  app.get('/', (c) => {
    need(c, 'Zone Read');
    const name = c.req.query('name');
    const zones = fake.account.zones.filter((z) => name === undefined || z.name === name);
    return okList(zones.map((z) => ({ id: z.id, name: z.name, status: 'active', account: { id: fake.account.id, name: fake.account.name } })));
  });

  app.get('/:zone/workers/routes', (c) => {
    need(c, 'Workers Routes Read');
    const zone = zoneById(c.req.param('zone'));
    return okList([...fake.account.routes.values()].filter((r) => r.zoneId === zone.id).map(view));
  });

  app.post('/:zone/workers/routes', async (c) => {
    need(c, 'Workers Routes Write');
    const zone = zoneById(c.req.param('zone'));
    const body = parse(RouteBody, await jsonBody(c));
    const host = body.pattern.replace(/^\*?\.?/, '').split('/')[0];
    if (zoneOf([zone], host) === undefined && !body.pattern.startsWith('*')) throw hostnameNotInZone(host);
    if ([...fake.account.routes.values()].some((r) => r.zoneId === zone.id && r.pattern === body.pattern)) {
      throw new CfApiError(409, 10020, 'A route with the same pattern already exists');
    }
    const route = { id: hexId(), zoneId: zone.id, pattern: body.pattern, script: body.script ?? '' };
    fake.account.routes.set(route.id, route);
    return ok(view(route));
  });

  app.get('/:zone/workers/routes/:id', (c) => {
    need(c, 'Workers Routes Read');
    zoneById(c.req.param('zone'));
    const route = fake.account.routes.get(c.req.param('id'));
    if (route === undefined) throw routeNotFound();
    return ok(view(route));
  });

  app.put('/:zone/workers/routes/:id', async (c) => {
    need(c, 'Workers Routes Write');
    zoneById(c.req.param('zone'));
    const route = fake.account.routes.get(c.req.param('id'));
    if (route === undefined) throw routeNotFound();
    const body = parse(RouteBody, await jsonBody(c));
    route.pattern = body.pattern;
    route.script = body.script ?? '';
    return ok(view(route));
  });

  app.delete('/:zone/workers/routes/:id', (c) => {
    need(c, 'Workers Routes Write');
    zoneById(c.req.param('zone'));
    if (!fake.account.routes.delete(c.req.param('id'))) throw routeNotFound();
    return ok({ id: c.req.param('id') });
  });

  return app;
}
