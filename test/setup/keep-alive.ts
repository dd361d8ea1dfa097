/**
 * workerd closes a kept-alive connection after 5 s without a request; Node's fetch (undici) keeps an
 * idle one for 4 s. A test process stalled past that second (a loaded machine) then sends its next
 * request on a connection the server is closing, and fetch fails with "other side closed" (seen on
 * GET /api/export followed by another admin call). Idle connections are kept for 1 s instead, well
 * inside workerd's window. Installed before anything imports undici, which keeps a dispatcher
 * already set.
 */
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 }));

/**
 * Ports: two test files run at once (vitest.config.ts), each starting workers on ports it probed
 * free a moment earlier; the system's pick can hand the same port to both. Each vitest worker takes
 * ports from its own band below the kernel's ephemeral range (cli/ports.ts), and the CLI processes
 * a test starts inherit it.
 */
const pool = Number(process.env.VITEST_POOL_ID);
if (Number.isInteger(pool) && pool >= 1 && !process.env.MOCKLOOP_PORT_BAND) {
  const from = 12000 + ((pool - 1) % 8) * 2500;
  process.env.MOCKLOOP_PORT_BAND = `${from}-${from + 2499}`;
}
