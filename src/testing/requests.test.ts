import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, type MockPlan } from '../plan';
import { createRuntime } from '../runtime';
import { loadSpec } from '../spec';
import { operationMix, synthesizeRequest } from './requests';

const ROOT = join(import.meta.dirname, '..', '..');
const SHARED = join(ROOT, '..', 'shared', 'specs');

async function planOf(file: string): Promise<MockPlan> {
  const loaded = await loadSpec({ text: readFileSync(file, 'utf8'), location: file });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  return compilePlan(loaded.value);
}

const SPECS = [join(ROOT, 'examples', 'bookshop.yaml'), ...['petstore-v3.yaml', 'petstore-v2.json', 'redocly-museum.yaml', 'readme-security.json', 'petstore-expanded.yaml'].map((f) => join(SHARED, f)).filter(existsSync)];

describe('request synthesis', () => {
  for (const file of SPECS) {
    it(`passes the mock's own validation and security checks: ${file.split('/').pop()}`, async () => {
      const plan = await planOf(file);
      const runtime = createRuntime(plan);
      const mix = operationMix(plan, { deprecated: true });
      const refusals: string[] = [];
      for (const { operation } of mix.entries) {
        for (const seed of [1, 2, 3]) {
          for (const mode of ['static', 'dynamic'] as const) {
            const req = synthesizeRequest(plan, operation, { seed, mode });
            const [path, query = ''] = req.path.split('?');
            const res = await runtime.handle({
              method: req.method,
              path: plan.basePath + path,
              query,
              headers: new Headers(req.headers),
              body: req.body === undefined ? null : new TextEncoder().encode(req.body),
            });
            if ([400, 401, 403, 404, 405, 415, 422].includes(res.status) && res.operation?.id !== operation.id) refusals.push(`${operation.id} ${mode}/${seed}: routed elsewhere (${res.status})`);
            else if (res.violations.length > 0 || ([400, 401, 415, 422].includes(res.status) && operation.responses.some((r) => r.status.startsWith('2')))) {
              refusals.push(`${operation.id} ${mode}/${seed}: ${res.status} ${JSON.stringify(res.violations).slice(0, 300)} ${req.method} ${req.path}`);
            }
          }
        }
      }
      expect(refusals).toEqual([]);
    });
  }

  it('is deterministic for a seed and varies across seeds', async () => {
    const plan = await planOf(SPECS[0]);
    const op = plan.operations.find((o) => o.operationId === 'createBook');
    if (!op) throw new Error('no createBook');
    expect(synthesizeRequest(plan, op, { seed: 'a' })).toEqual(synthesizeRequest(plan, op, { seed: 'a' }));
    const bodies = new Set([1, 2, 3, 4, 5].map((seed) => synthesizeRequest(plan, op, { seed }).body));
    expect(bodies.size).toBeGreaterThan(1);
    const req = synthesizeRequest(plan, op, { seed: 1 });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.method).toBe('POST');
  });

  it('draws operations in proportion to their weights', async () => {
    const plan = await planOf(SPECS[0]);
    const mix = operationMix(plan, { weights: { '*': 0, listBooks: 3, 'GET /books/{bookId}': 1 } });
    expect(mix.entries.map((e) => e.operation.operationId).sort()).toEqual(['getBook', 'listBooks']);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const id = mix.pick(i / 1000).operationId ?? '';
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(counts).toEqual({ listBooks: 750, getBook: 250 });
  });
});
