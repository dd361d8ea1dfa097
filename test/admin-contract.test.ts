/**
 * The admin API contract (src/admin-api) against the server that implements it: every route the
 * admin app registers is in the contract and every contract route is registered (no route missing
 * from the OpenAPI document, no phantom route in it), and the document generated from the contract
 * is a usable OpenAPI description (MockLoop compiles it, every operation, no warnings).
 * The served document is compared with the generated one in test/admin.test.ts, inside workerd.
 */
import { describe, expect, it, vi } from 'vitest';
import { ADMIN_ROUTES, generateAdminOpenApi } from '../src/admin-api';
import { compilePlan } from '../src/plan';
import { loadSpec } from '../src/spec';

// Only so the admin app's module graph loads in Node: the routes are registered without touching either.
vi.mock('cloudflare:workers', () => ({ DurableObject: class {}, WorkerEntrypoint: class {} }));
vi.mock('mockloop:admin-ui', () => ({ APP_JS: '', APP_CSS: '', UI_VERSION: 'test' }));

type Operation = { operationId: string; security?: unknown[]; parameters?: Array<{ name: string; in: string }>; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const doc = generateAdminOpenApi(ADMIN_ROUTES) as Doc;
const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));

describe('the admin API contract', () => {
  it('documents exactly the routes the admin app registers', async () => {
    const { createAdminApp } = await import('../workers/mock/admin/app');
    const registered = createAdminApp()
      .routes.filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, '{$1}')}`);
    expect(new Set(registered).size, 'a route registered twice').toBe(registered.length);
    expect(registered.filter((r) => !documented.includes(r)), 'registered but not in the contract').toEqual([]);
    expect(documented.filter((r) => !registered.includes(r)), 'in the contract but not registered').toEqual([]);
  });

  it('gives every route a unique operationId, its path parameters and its problem answers', () => {
    const ids = ADMIN_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), where).toEqual(templated);
        if (path.startsWith('/api/') || path.startsWith('/__admin/')) {
          expect(op.security, `${where} needs the token`).toBeUndefined();
          expect(op.responses['401']?.content?.['application/problem+json']?.schema, where).toEqual({ $ref: '#/components/schemas/Problem' });
        } else {
          expect(op.security, `${where} answers without a token`).toEqual([]);
        }
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('names its shared shapes, and they say what the routes check', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Settings', 'Scenario', 'MockDataUpdate', 'Analysis', 'SessionDetail', 'RequestLog']));
    expect(doc.components.schemas.Settings).toMatchObject({ properties: { stateful: { type: 'boolean' } } });
    const search = doc.paths['/api/logs/search'].get.parameters?.map((p) => p.name);
    expect(search).toEqual(expect.arrayContaining(['status', 'path_regex', 'limit', 'offset']));
  });

  it('is an OpenAPI document MockLoop itself can mock, every operation of it', async () => {
    const loaded = await loadSpec({ text: JSON.stringify(doc), location: 'admin-openapi.json' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
    const plan = compilePlan(loaded.value);
    expect(plan.operations.map((op) => op.id).sort()).toEqual(ADMIN_ROUTES.map((r) => r.operationId).sort());
    expect(plan.warnings).toEqual([]);
  });
});
