/** Every steering route of the admin API: overrides and scenarios, stateful records, server control. */
import type { Hono } from 'hono';
import type { Env } from '../env';
import { stateVersionNow } from '../plan-cache';
import { registerControlRoutes } from './control';
import { registerRecordRoutes } from './records';
import { registerSteeringRoutes } from './steering';

export function registerSteering(app: Hono<{ Bindings: Env }>): void {
  // The state version after the call: a mock request that sends it back as X-Mockloop-State-Version
  // is served that state or a newer one, by any isolate (read-your-writes across isolates).
  for (const path of ['/api/mock-data/*', '/api/server/control']) {
    app.use(path, async (c, next) => {
      await next();
      const version = stateVersionNow();
      if (version !== null) c.res.headers.set('x-mockloop-state-version', String(version));
    });
  }
  registerSteeringRoutes(app);
  registerRecordRoutes(app);
  registerControlRoutes(app);
}
