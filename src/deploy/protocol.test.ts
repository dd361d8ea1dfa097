/** The deployer protocol end to end in one process: the client over the handler, with a scripted Deployer. */
import { describe, expect, it } from 'vitest';
import { problem } from '../problem';
import { createDeployerClient } from './client';
import { DEPLOY_UNKNOWN_MOCK } from './errors';
import { createDeployerHandler } from './handler';
import type { DeployedMock, Deployer, DeployProgress } from './types';

const mock: DeployedMock = { name: 'shop', status: 'running', mockUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2', adminToken: 't'.repeat(20), basePath: '/v1', title: 'Shop', createdAt: 1 };

const scripted: Deployer = {
  async deploy(request, onProgress) {
    if (request.name === 'bad') return { ok: false, problem: problem({ type: 'https://x/spec', title: 'Bad spec', status: 422 }, 'dangling $ref', { errors: [{ location: '/paths', message: 'x' }] }) };
    for (let i = 0; i < 3; i++) {
      onProgress?.({ stage: 'compiling', message: `step ${i}`, progress: i, total: 3 });
      await new Promise((r) => setTimeout(r, 1));
    }
    return { ok: true, mock: { ...mock, name: request.name } };
  },
  list: async () => [mock],
  stop: async (name) => (name === 'shop' ? { ok: true, mock: { ...mock, status: 'stopped' } } : { ok: false, problem: problem(DEPLOY_UNKNOWN_MOCK, `No mock named "${name}"`) }),
  start: async () => ({ ok: true, mock }),
};

const handler = createDeployerHandler(scripted);
const client = createDeployerClient({ fetch: (input, init) => handler(new Request(input, init)) });

describe('deployer protocol', () => {
  it('streams progress in order, then the deployed mock', async () => {
    const steps: DeployProgress[] = [];
    const outcome = await client.deploy({ name: 'petstore', source: { kind: 'text', text: 'openapi: 3.1.0' } }, (s) => steps.push(s));
    expect(steps.map((s) => s.message)).toEqual(['step 0', 'step 1', 'step 2']);
    expect(outcome).toEqual({ ok: true, mock: { ...mock, name: 'petstore' } });
  });

  it('carries a problem back whole, extensions included', async () => {
    const outcome = await client.deploy({ name: 'bad', source: { kind: 'location', location: '/x.yaml' } });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem).toMatchObject({ status: 422, detail: 'dangling $ref', errors: [{ location: '/paths' }] });
  });

  it('refuses a malformed request naming the field', async () => {
    const outcome = await client.deploy({ name: 'Not A Slug', source: { kind: 'text', text: 'x' } });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.errors?.[0].location).toBe('body/name');
  });

  it('lists, stops and reports unknown names', async () => {
    expect(await client.list()).toEqual([mock]);
    expect(await client.stop('shop')).toMatchObject({ ok: true, mock: { status: 'stopped' } });
    const unknown = await client.stop('nope');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.problem.status).toBe(404);
  });
});
