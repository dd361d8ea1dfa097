/**
 * Serves a `Deployer` over HTTP (the far side of the service binding): a Request → Response
 * function with no platform globals beyond the Fetch API.
 */
import { problem, problemResponse } from '../problem';
import { DEPLOY_INVALID, DEPLOY_UNKNOWN_MOCK } from './errors';
import type { DeployOutcome, Deployer } from './types';
import { type DeployEvent, deployRequestSchema, NDJSON } from './wire';

/**
 * @example
 * const handle = createDeployerHandler(new LocalDeployer({ stateDir: false }));
 * await handle(new Request('http://deployer/mocks')); // { mocks: [...] }
 */
export function createDeployerHandler(deployer: Deployer): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/mocks') return Response.json({ mocks: await deployer.list() });
    if (request.method === 'POST' && pathname === '/deploy') return deploy(deployer, request);
    const action = /^\/mocks\/([^/]+)\/(start|stop)$/.exec(pathname);
    if (request.method === 'POST' && action) {
      const name = decodeURIComponent(action[1]);
      return outcomeResponse(action[2] === 'start' ? await deployer.start(name) : await deployer.stop(name));
    }
    return problemResponse(problem(DEPLOY_UNKNOWN_MOCK, `${request.method} ${pathname} is not part of the deployer protocol.`));
  };
}

async function deploy(deployer: Deployer, request: Request): Promise<Response> {
  const parsed = deployRequestSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ location: ['body', ...issue.path.map(String)].join('/'), message: issue.message }));
    return problemResponse(problem(DEPLOY_INVALID, 'The body is not a deploy request.', { errors }));
  }
  const encoder = new TextEncoder();
  const stream = new TransformStream<DeployEvent, Uint8Array>({
    transform: (event, controller) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`)),
  });
  const writer = stream.writable.getWriter();
  // Progress lines are written while the deploy runs; the response streams from the first byte.
  void (async () => {
    try {
      const outcome = await deployer.deploy(parsed.data, (step) => void writer.write({ type: 'progress', ...step }));
      await writer.write(outcome.ok ? { type: 'result', mock: outcome.mock } : { type: 'error', problem: outcome.problem });
    } catch (error) {
      await writer.write({ type: 'error', problem: { type: 'about:blank', title: 'The deployer failed', status: 500, detail: error instanceof Error ? error.message : String(error) } });
    } finally {
      await writer.close();
    }
  })();
  return new Response(stream.readable, { headers: { 'content-type': NDJSON } });
}

function outcomeResponse(outcome: DeployOutcome): Response {
  return outcome.ok ? Response.json(outcome.mock) : problemResponse(outcome.problem);
}

