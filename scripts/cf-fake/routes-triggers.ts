/**
 * A script's triggers as wrangler deploys them: Cron Triggers (`PUT …/schedules`) and its zone routes
 * in one call (`PUT …/routes`, which replaces every route of the script).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type Fake, type FakeEnv, jsonBody, need, scriptOf } from './context';
import { CfApiError, ok } from './envelope';
import { hostnameNotInZone } from './errors';
import { zoneOf } from './routes-domains';
import { parse } from './routes-script-parts';
import { hexId } from './state';

const SchedulesBody = z.array(z.object({ cron: z.string().min(1).max(100) })).max(5);
const RoutesBody = z.array(z.looseObject({ pattern: z.string().min(1), zone_id: z.string().optional(), zone_name: z.string().optional(), custom_domain: z.boolean().optional() }));

export function triggerRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();

  app.get('/:name/schedules', (c) => {
    need(c, 'Workers Scripts Read');
    return ok({ schedules: scriptOf(fake, c).schedules });
  });

  app.put('/:name/schedules', async (c) => {
    need(c, 'Workers Scripts Write');
    const script = scriptOf(fake, c);
    const body = parse(SchedulesBody, await jsonBody(c));
    for (const { cron } of body) {
      if (cron.trim().split(/\s+/).length !== 5) throw new CfApiError(400, 10100, `Invalid cron expression: ${cron}`);
    }
    const now = new Date().toISOString();
    script.schedules = body.map(({ cron }) => ({ cron, created_on: script.schedules.find((s) => s.cron === cron)?.created_on ?? now, modified_on: now }));
    return ok({ schedules: script.schedules });
  });

  app.get('/:name/routes', (c) => {
    need(c, 'Workers Routes Read');
    const script = scriptOf(fake, c);
    return ok([...fake.account.routes.values()].filter((r) => r.script === script.name).map((r) => ({ id: r.id, pattern: r.pattern, script: r.script })));
  });

  app.put('/:name/routes', async (c) => {
    need(c, 'Workers Routes Write');
    const script = scriptOf(fake, c);
    const body = parse(RoutesBody, await jsonBody(c));
    const planned = body.map((route) => {
      if (route.custom_domain === true) throw new CfApiError(400, 10022, 'Custom domains are attached through /workers/domains, not as routes');
      const host = route.pattern.replace(/^\*\.?/, '').split('/')[0];
      const zone = route.zone_id !== undefined ? fake.account.zones.find((z) => z.id === route.zone_id) : zoneOf(fake.account.zones, host);
      if (zone === undefined) throw hostnameNotInZone(host);
      const taken = [...fake.account.routes.values()].find((r) => r.pattern === route.pattern && r.script !== script.name);
      if (taken !== undefined) throw new CfApiError(409, 10020, `The route ${route.pattern} is already assigned to the Worker ${taken.script}`);
      return { zoneId: zone.id, pattern: route.pattern };
    });
    for (const [id, r] of fake.account.routes) if (r.script === script.name) fake.account.routes.delete(id);
    const created = planned.map((p) => ({ id: hexId(), zoneId: p.zoneId, pattern: p.pattern, script: script.name }));
    for (const route of created) fake.account.routes.set(route.id, route);
    return ok(created.map((r) => ({ id: r.id, pattern: r.pattern, script: r.script })));
  });

  return app;
}
