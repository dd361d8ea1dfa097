/**
 * Every real-world spec in ../shared/specs compiles, and for every operation × declared status ×
 * JSON media type, the body the running mock serves validates against its declared schema —
 * in static mode and in dynamic mode. Served by the real mock worker on workerd.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockPlan, PlanMedia, PlanOperation, PlanResponse } from '../src/plan';
import { compileValidator } from '../src/runtime';
import { compileOrThrow, HAS_SHARED_SPECS, SHARED_SPECS, startTestStack, type TestStack } from './helpers/stack';

const specFiles = HAS_SHARED_SPECS ? readdirSync(SHARED_SPECS).filter((f) => /\.(ya?ml|json)$/.test(f)) : [];

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/.test(mediaType.split(';')[0].trim());
}

/** A concrete status to ask for with Prefer: exact codes as they are, ranges and `default` by a code nothing else claims. */
function codeFor(response: PlanResponse, op: PlanOperation): number {
  if (/^\d{3}$/.test(response.status)) return Number(response.status);
  const taken = (code: number) => op.responses.some((r) => r.status === String(code) || (r !== response && r.status === `${String(code)[0]}XX`));
  const candidates = /^\dXX$/.test(response.status)
    ? Array.from({ length: 100 }, (_, i) => Number(response.status[0]) * 100 + i)
    : [500, 502, 503, 418, 400, 404, 422, 409];
  return candidates.find((code) => !taken(code)) ?? 599;
}

function concretePath(plan: MockPlan, op: PlanOperation): string {
  return plan.basePath + op.path.replace(/\{[^}]+\}/g, '1');
}

describe.skipIf(!HAS_SHARED_SPECS)('every shared spec is served with bodies that match their schemas', () => {
  let stack: TestStack;
  const plans: Record<string, MockPlan> = {};

  beforeAll(async () => {
    for (const file of specFiles) plans[file] = await compileOrThrow(join(SHARED_SPECS, file));
    stack = await startTestStack(specFiles.map((file, i) => ({ name: `spec${i}`, plan: plans[file] })));
    for (const mock of Object.values(stack.mocks)) {
      const res = await mock.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ validateRequests: false, enforceSecurity: false }), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => stack?.dispose());

  it('compiles all of them', () => {
    expect(Object.keys(plans)).toHaveLength(specFiles.length);
    expect(specFiles.length).toBeGreaterThanOrEqual(13);
  });

  for (const mode of ['static', 'dynamic'] as const) {
    it(`serves valid JSON bodies for every operation × status × media type (${mode})`, async () => {
      let checked = 0;
      const failures: string[] = [];
      for (const [i, file] of specFiles.entries()) {
        const plan = plans[file];
        const mock = stack.mocks[`spec${i}`];
        const jobs: Array<Promise<void>> = [];
        for (const op of plan.operations) {
          if (op.method === 'head') continue;
          for (const response of op.responses) {
            for (const media of response.contents) {
              if (!isJson(media.mediaType) || media.schema === undefined) continue;
              jobs.push(checkOne(plan, mock.url.slice(0, mock.url.length - plan.basePath.length), op, response, media));
            }
          }
        }
        await Promise.all(jobs);
      }
      console.log(`[conformance ${mode}] ${checked} bodies checked, ${failures.length} invalid`);
      expect(failures.slice(0, 20)).toEqual([]);
      expect(checked).toBeGreaterThan(1000);

      async function checkOne(plan: MockPlan, origin: string, op: PlanOperation, response: PlanResponse, media: PlanMedia) {
        const code = codeFor(response, op);
        const prefer = mode === 'dynamic' ? `code=${code}, dynamic=true, seed=7` : `code=${code}`;
        const res = await fetch(origin + concretePath(plan, op), {
          method: op.method.toUpperCase(),
          headers: { prefer, accept: media.mediaType },
        });
        const text = await res.text();
        const where = `${plan.title} ${op.id} ${response.status} ${media.mediaType}`;
        if (res.status !== code) {
          failures.push(`${where}: status ${res.status} (wanted ${code}) ${text.slice(0, 200)}`);
          return;
        }
        if (code === 204 || code === 205 || code === 304) {
          if (text !== '') failures.push(`${where}: a ${code} must have no body, got ${text.slice(0, 100)}`);
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${where}: not JSON: ${text.slice(0, 100)}`);
          return;
        }
        const problems = compileValidator(media.schema!, plan.schemas, 'body')(body);
        checked++;
        if (problems.length > 0) failures.push(`${where}: ${JSON.stringify(problems.slice(0, 3))} body=${text.slice(0, 300)}`);
      }
    });
  }

  it('serves every named example verbatim when asked for it by name', async () => {
    let served = 0;
    const failures: string[] = [];
    for (const [i, file] of specFiles.entries()) {
      const plan = plans[file];
      const mock = stack.mocks[`spec${i}`];
      const origin = mock.url.slice(0, mock.url.length - plan.basePath.length);
      const jobs: Array<Promise<void>> = [];
      for (const op of plan.operations) {
        if (op.method === 'head') continue;
        for (const response of op.responses) {
          const code = codeFor(response, op);
          if (code === 204 || code === 205 || code === 304) continue;
          for (const media of response.contents) {
            if (!isJson(media.mediaType)) continue;
            for (const example of media.examples) {
              jobs.push(
                (async () => {
                  const res = await fetch(origin + concretePath(plan, op), {
                    method: op.method.toUpperCase(),
                    headers: { prefer: `code=${code}, example=${example.name}`, accept: media.mediaType },
                  });
                  const text = await res.text();
                  served++;
                  if (res.status !== code || JSON.stringify(JSON.parse(text)) !== JSON.stringify(example.value)) {
                    failures.push(`${plan.title} ${op.id} ${response.status} ${example.name}: ${res.status} ${text.slice(0, 120)}`);
                  }
                })(),
              );
            }
          }
        }
      }
      await Promise.all(jobs);
    }
    console.log(`[conformance examples] ${served} named examples served`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(served).toBeGreaterThan(300);
  });
});
