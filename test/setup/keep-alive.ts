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
