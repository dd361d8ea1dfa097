/** Ports: a free one for workers started next, whether one is free now, and the ones fetch refuses. */
import { createServer } from 'node:net';

/** `mockloop mock`'s defaults: the mock origin, the admin origin, the MCP server. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_ADMIN_PORT = 4011;
export const DEFAULT_MCP_PORT = 8787;

/**
 * A port free now, for a worker started next. Normally the system's pick (bind to 0). With
 * MOCKLOOP_PORT_BAND=`from-to` set (the test setup gives each vitest worker its own band, below
 * the kernel's ephemeral range), ports come from that band in turn: two test files running at
 * once then never pick the same port between probing it and binding it.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const band = /^(\d+)-(\d+)$/.exec(process.env.MOCKLOOP_PORT_BAND ?? '');
  if (band) {
    const from = Number(band[1]);
    const size = Number(band[2]) - from + 1;
    bandNext ??= Math.floor(Math.random() * size);
    for (let tries = 0; tries < Math.min(size, 200); tries++) {
      const port = from + (bandNext++ % size);
      if (!FETCH_BLOCKED_PORTS.has(port) && (await portIsFree(port, host))) return port;
    }
  }
  return systemFreePort(host);
}

let bandNext: number | undefined;

function systemFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` can be bound on `host` right now (false when something listens there). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

import { FETCH_BLOCKED_PORTS } from '../src/deploy/ports';

export { FETCH_BLOCKED_PORTS, portProblem } from '../src/deploy/ports';

/** A worker could not bind its port: something else listens there. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is in use`);
    this.name = 'PortInUseError';
  }
}

/** Miniflare's "address in use" failure as a PortInUseError naming the port; other errors unchanged. */
export function asPortInUse(error: unknown, host: string): unknown {
  if (!(error instanceof Error) || (error as Error & { code?: string }).code !== 'ERR_ADDRESS_IN_USE') return error;
  const port = Number(/:(\d+)\)/.exec(error.message)?.[1]);
  return Number.isInteger(port) ? new PortInUseError(host, port) : error;
}
