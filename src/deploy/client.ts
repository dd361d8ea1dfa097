/**
 * A `Deployer` reached over HTTP: what the MCP worker holds, given its service binding.
 */
import { type Problem, problem } from '../problem';
import { DEPLOY_FAILED } from './errors';
import type { DeployedMock, DeployOutcome, Deployer, DeployProgress, DeployRequest } from './types';
import { deployedMockSchema, deployEventSchema, problemSchema } from './wire';

/** Anything with a fetch: a service binding, or `{ fetch: globalThis.fetch }` with a base URL. */
export interface Fetcher {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * @example
 * const deployer = createDeployerClient(env.DEPLOYER);
 * const outcome = await deployer.deploy({ name: 'petstore', source: { kind: 'text', text } });
 */
export function createDeployerClient(fetcher: Fetcher, base = 'http://deployer'): Deployer {
  const post = (path: string, body?: unknown) =>
    fetcher.fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  return {
    async deploy(request: DeployRequest, onProgress?: (step: DeployProgress) => void): Promise<DeployOutcome> {
      const res = await post('/deploy', request);
      if (!res.ok || !res.body) return { ok: false, problem: await readProblem(res) };
      let outcome: DeployOutcome | undefined;
      for await (const line of lines(res.body)) {
        const event = deployEventSchema.parse(JSON.parse(line));
        if (event.type === 'progress') onProgress?.({ stage: event.stage, message: event.message, progress: event.progress, total: event.total });
        // SAFETY: problemSchema checked the Problem's required members; the rest passes through.
        else if (event.type === 'error') outcome = { ok: false, problem: event.problem as Problem };
        else outcome = { ok: true, mock: event.mock };
      }
      return outcome ?? { ok: false, problem: problem(DEPLOY_FAILED, 'The deployer ended its answer without an outcome.') };
    },
    async list(): Promise<DeployedMock[]> {
      const res = await fetcher.fetch(`${base}/mocks`);
      if (!res.ok) throw new Error(`The deployer answered ${res.status} to GET /mocks`);
      const body = (await res.json()) as { mocks: unknown[] };
      return body.mocks.map((m) => deployedMockSchema.parse(m));
    },
    stop: async (name) => outcome(await post(`/mocks/${encodeURIComponent(name)}/stop`)),
    start: async (name) => outcome(await post(`/mocks/${encodeURIComponent(name)}/start`)),
  };
}

async function outcome(res: Response): Promise<DeployOutcome> {
  if (!res.ok) return { ok: false, problem: await readProblem(res) };
  return { ok: true, mock: deployedMockSchema.parse(await res.json()) };
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const parsed = problemSchema.safeParse(JSON.parse(text));
    // SAFETY: the Problem's required members were checked; extensions pass through.
    if (parsed.success) return parsed.data as Problem;
  } catch {}
  return problem(DEPLOY_FAILED, `The deployer answered ${res.status}: ${text.slice(0, 500)}`);
}

async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') yield line;
      newline = buffered.indexOf('\n');
    }
  }
  if (buffered.trim() !== '') yield buffered.trim();
}
