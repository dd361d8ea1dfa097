/** Every steering route of the admin API: overrides and scenarios, stateful records, server control. */
import type { Hono } from 'hono';
import type { Env } from '../env';
import { registerControlRoutes } from './control';
import { registerRecordRoutes } from './records';
import { registerSteeringRoutes } from './steering';

export function registerSteering(app: Hono<{ Bindings: Env }>): void {
  registerSteeringRoutes(app);
  registerRecordRoutes(app);
  registerControlRoutes(app);
}
