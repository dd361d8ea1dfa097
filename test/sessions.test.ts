/**
 * Test sessions through the admin API: create, join by header, figures, end, list; sessions seen
 * only in traffic; bad input named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;

beforeAll(async () => {
  stack = await startTestStack([{ name: 'sessions', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.sessions;
});
afterAll(() => stack?.dispose());

const post = (path: string, body?: unknown) =>
  mock.admin(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

async function expectProblem(res: Response, status: number, location?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { errors?: Array<{ location: string }> };
  if (location) expect(problem.errors?.map((e) => e.location)).toContain(location);
}

let logged = 0;
async function send(session: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${mock.url}${path}`, { ...init, headers: { 'x-test-session': session, ...(init.headers as Record<string, string>) } });
  await res.arrayBuffer();
  logged++;
  return res.status;
}

describe('sessions', () => {
  it('creates a session, counts the requests that carry its id, and ends it', async () => {
    const created = await post('/api/sessions', { name: 'checkout flow', metadata: { ci: 'job-7', branch: 'main' } });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; name: string; origin: string; state: string; requests: number; header: Record<string, string> };
    expect(session.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(created.headers.get('location')).toBe(`/api/sessions/${session.id}`);
    expect(session).toMatchObject({ name: 'checkout flow', origin: 'api', state: 'active', requests: 0, header: { 'X-Test-Session': session.id } });

    expect(await send(session.id, '/books')).toBe(200);
    expect(await send(session.id, '/books')).toBe(200);
    expect(await send(session.id, '/books/3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11', { headers: { prefer: 'code=404' } })).toBe(404);
    expect(await send('someone-else', '/books')).toBe(200);
    await waitForLogCount(mock, logged);

    const res = await mock.admin(`/api/sessions/${session.id}`);
    expect(res.status).toBe(200);
    const detail = (await res.json()) as Record<string, unknown>;
    expect(detail).toMatchObject({
      id: session.id,
      metadata: { ci: 'job-7', branch: 'main' },
      requests: 3,
      successes: 2,
      errors: 1,
      successRate: 0.6667,
      statuses: [
        { status: 200, count: 2 },
        { status: 404, count: 1 },
      ],
    });
    expect(detail.operations).toEqual(
      expect.arrayContaining([
        { operationId: 'listBooks', method: 'GET', count: 2, errors: 0 },
        { operationId: 'getBook', method: 'GET', count: 1, errors: 1 },
      ]),
    );
    expect(detail.durationMs).toBeGreaterThanOrEqual(0);

    const ended = await post(`/api/sessions/${session.id}/end`);
    expect(ended.status).toBe(200);
    const endedBody = (await ended.json()) as { state: string; endedAt: number; durationMs: number; requests: number };
    expect(endedBody.state).toBe('ended');
    expect(endedBody.requests).toBe(3);
    expect(endedBody.durationMs).toBe(endedBody.endedAt - (detail.createdAt as number));
    await expectProblem(await post(`/api/sessions/${session.id}/end`), 409);

    const list = (await (await mock.admin('/api/sessions?state=ended')).json()) as { items: Array<{ id: string; requests: number }>; total: number };
    expect(list.items.find((s) => s.id === session.id)?.requests).toBe(3);
  });

  it('lists a session seen only in traffic, and lets a later create claim it', async () => {
    expect(await send('ci-traffic-1', '/authors')).toBe(200);
    await waitForLogCount(mock, logged);
    await new Promise((r) => setTimeout(r, 100));
    const list = (await (await mock.admin('/api/sessions?origin=traffic')).json()) as { items: Array<{ id: string; origin: string; requests: number; state: string }> };
    expect(list.items.find((s) => s.id === 'ci-traffic-1')).toMatchObject({ origin: 'traffic', requests: 1, state: 'active' });
    expect((await mock.admin('/api/sessions/ci-traffic-1')).status).toBe(200);

    const claimed = await post('/api/sessions', { id: 'ci-traffic-1', name: 'claimed' });
    expect(claimed.status).toBe(201);
    expect(await claimed.json()).toMatchObject({ id: 'ci-traffic-1', origin: 'api', claimed: true, name: 'claimed', requests: 1 });
    await expectProblem(await post('/api/sessions', { id: 'ci-traffic-1' }), 409, 'body/id');
  });

  it('names the field of bad input, and answers 404 for unknown sessions', async () => {
    await expectProblem(await post('/api/sessions', { id: 'has space' }), 422, 'body/id');
    await expectProblem(await post('/api/sessions', { name: 42 }), 422, 'body/name');
    await expectProblem(await post('/api/sessions', { metadata: [1, 2] }), 422, 'body/metadata');
    await expectProblem(await post('/api/sessions', { nmae: 'typo' }), 422, 'body');
    await expectProblem(await post('/api/sessions', '{"name":'), 400, 'body');
    await expectProblem(await mock.admin('/api/sessions?limit=0'), 400, 'query/limit');
    await expectProblem(await mock.admin('/api/sessions?state=paused'), 400, 'query/state');
    await expectProblem(await mock.admin('/api/sessions/nope'), 404);
    await expectProblem(await post('/api/sessions/nope/end'), 404);
    expect((await mock.admin('/api/sessions')).status).toBe(200);
  });

  it('are described in the admin OpenAPI document with the log endpoints', async () => {
    const doc = (await (await mock.admin('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    for (const [path, method] of [
      ['/api/sessions', 'post'],
      ['/api/sessions/{id}/end', 'post'],
      ['/api/logs/search', 'get'],
      ['/api/logs/{id}', 'get'],
    ]) {
      expect(doc.paths[path]?.[method]?.operationId, `${method} ${path}`).toBeTruthy();
    }
  });
});
