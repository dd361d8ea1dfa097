/** Steering on real public API descriptions from ../shared/specs: overrides, faults, scenarios and stateful CRUD. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileOrThrow, HAS_SHARED_SPECS, SHARED_SPECS, startTestStack, type TestMock, type TestStack } from './helpers/stack';

let stack: TestStack;
let pets: TestMock;
let museum: TestMock;

const post = (mock: TestMock, path: string, body: unknown, method = 'POST') => mock.admin(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const BASIC = { authorization: `Basic ${btoa('todd:secret')}`, 'content-type': 'application/json' };

describe.skipIf(!HAS_SHARED_SPECS)('steering real specs', () => {
  beforeAll(async () => {
    stack = await startTestStack([
      { name: 'pets', plan: await compileOrThrow(join(SHARED_SPECS, 'petstore-expanded.yaml')) },
      { name: 'museum', plan: await compileOrThrow(join(SHARED_SPECS, 'redocly-museum.yaml')) },
    ]);
    pets = stack.mocks.pets;
    museum = stack.mocks.museum;
  });
  afterAll(() => stack?.dispose());

  it('runs pets through stateful CRUD (integer ids the client does not send, limit paging)', async () => {
    expect((await post(pets, '/api/settings', { stateful: true }, 'PATCH')).status).toBe(200);
    const ids: number[] = [];
    for (const name of ['Rex', 'Tom', 'Kit']) {
      const res = await fetch(`${pets.url}/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, tag: 'cat' }) });
      expect(res.status).toBe(200);
      const pet = (await res.json()) as { id: number; name: string };
      expect(Number.isInteger(pet.id)).toBe(true);
      ids.push(pet.id);
    }
    expect(await (await fetch(`${pets.url}/pets/${ids[1]}`)).json()).toEqual({ id: ids[1], name: 'Tom', tag: 'cat' });
    const page = (await (await fetch(`${pets.url}/pets?limit=2`)).json()) as Array<{ name: string }>;
    expect(page.map((p) => p.name)).toEqual(['Rex', 'Tom']);
    expect((await fetch(`${pets.url}/pets/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${pets.url}/pets/${ids[0]}`)).status).not.toBe(200);
    await post(pets, '/api/settings', { stateful: false }, 'PATCH');
  });

  it('injects a 503 problem where the spec declares no 5xx, and names undeclared statuses', async () => {
    expect((await post(pets, '/api/mock-data/update', { endpoint: 'findPets', method: 'GET', fault: { error_rate: 1 } })).status).toBe(200);
    const res = await fetch(`${pets.url}/pets`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const bad = await post(museum, '/api/mock-data/scenarios/validate', { name: 'x', rules: [{ endpoint: '/special-events/{eventId}', method: 'GET', status: 418 }] });
    expect(await bad.json()).toMatchObject({ valid: false, errors: [{ location: 'body/rules/0/status' }] });
  });

  it('activates a scenario on the museum by operationId and by path template', async () => {
    const created = await post(museum, '/api/mock-data/scenarios', {
      name: 'closed',
      rules: [
        { endpoint: 'getMuseumHours', method: 'GET', new_response: [] },
        { endpoint: '/special-events/{eventId}', method: 'GET', status: 404 },
      ],
    });
    expect(created.status).toBe(201);
    expect((await post(museum, '/api/mock-data/scenarios/active', { name: 'closed' }, 'PUT')).status).toBe(200);
    expect(await (await fetch(`${museum.url}/museum-hours`, { headers: BASIC })).json()).toEqual([]);
    const event = await fetch(`${museum.url}/special-events/3be6453c-03eb-4357-ae5a-984a0e574a54`, { headers: BASIC });
    expect(event.status).toBe(404);
    expect(event.headers.get('x-mockloop-scenario')).toBe('closed');
  });
});
