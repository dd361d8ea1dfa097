/**
 * startMock: a mock API for a test suite, as WireMock is used from JUnit — one workerd worker in
 * memory (nothing written to disk), on free ports unless told, steered through its admin API.
 */
import { randomBytes } from 'node:crypto';
import { compilePlan, type MockPlan } from '../../src/plan';
import { loadSpec } from '../../src/spec';
import { formatProblem } from '../compile-command';
import { LocalDeployer } from '../local-deployer';
import { compileSpecAt } from '../spec-source';
import type { LoggedRequest, RequestFilter, RunningMock, StartMockOptions } from './types';

/** A log batch is written within LOG_BATCH_MAX_MS (250 ms) of its first request. */
const LOG_SETTLE_MS = 300;

/** Thrown when the spec cannot be compiled or the mock cannot start; the message says why. */
export class MockStartError extends Error {
  override name = 'MockStartError';
}

/**
 * @example
 * const mock = await startMock({ spec: 'examples/bookshop.yaml' });
 * const res = await fetch(`${mock.url}/books`);
 * expect(await mock.requests({ method: 'GET' })).toHaveLength(1);
 * await mock.close();
 */
export async function startMock(options: StartMockOptions): Promise<RunningMock> {
  const plan = await compile(options.spec);
  const name = options.name ?? 'mock';
  const token = options.adminToken ?? randomBytes(24).toString('base64url');
  const deployer = new LocalDeployer({ host: options.host, stateDir: false });
  const deployed = await deployer.deployPlan({ name, replace: true, port: options.port, adminPort: options.adminPort, adminToken: token }, plan);
  if (!deployed.ok) {
    await deployer.dispose();
    throw new MockStartError(formatProblem(deployed.problem).replace(/^error: /, ''));
  }
  const { mockUrl, adminUrl } = deployed.mock;
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${problemDetail(text)}`);
    // SAFETY: each caller names the response shape the admin API's OpenAPI documents.
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const setScenario: RunningMock['setScenario'] = async (scenario) => {
    if (scenario !== null && typeof scenario === 'object') {
      // Create it, or replace the stored one of that name.
      await admin('POST', '/api/mock-data/scenarios', scenario).catch((error: Error) => {
        if (!/ answered 409:/.test(error.message)) throw error;
        return admin('PUT', '/api/mock-data/scenarios', scenario);
      });
    }
    await admin('PUT', '/api/mock-data/scenarios/active', { name: typeof scenario === 'object' && scenario !== null ? scenario.name : scenario });
  };

  try {
    await admin('PATCH', '/api/settings', { validateRequests: options.validateRequests ?? true, enforceSecurity: options.enforceSecurity ?? true, stateful: options.stateful ?? false });
    if (options.scenario) await setScenario(options.scenario);
  } catch (error) {
    await deployer.dispose();
    throw new MockStartError(`Setting up "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  let closed = false;
  return {
    url: mockUrl + plan.basePath,
    adminUrl,
    token,
    name,
    async requests(filter = {}) {
      await settleLog((path) => admin<{ total: number }>('GET', path));
      const page = await admin<{ items: LoggedRequest[] }>('GET', `/api/logs/search?${searchQuery(filter)}`);
      return page.items;
    },
    setScenario,
    async override(rule) {
      await admin('POST', '/api/mock-data/update', rule);
    },
    async reset() {
      await settleLog((path) => admin<{ total: number }>('GET', path));
      await admin('POST', '/api/server/control', { action: 'reset-state' });
      await admin('POST', '/api/server/control', { action: 'reset-logs' });
    },
    async close() {
      if (closed) return;
      closed = true;
      await deployer.dispose();
    },
  };
}

async function compile(spec: StartMockOptions['spec']): Promise<MockPlan> {
  if (typeof spec === 'string' && !spec.includes('\n')) {
    const outcome = await compileSpecAt(spec);
    if (!outcome.ok) throw new MockStartError(formatProblem(outcome.problem).replace(/^error: /, ''));
    return outcome.plan;
  }
  const text = typeof spec === 'string' ? spec : JSON.stringify(spec);
  // Inline text has no place for relative external $refs to resolve against: none are read.
  const loaded = await loadSpec({ text, location: 'spec' }, {});
  if (!loaded.ok) throw new MockStartError(formatProblem(loaded.problem).replace(/^error: /, ''));
  return compilePlan(loaded.value);
}

/** Waits until no log write is in flight: the total stays the same across one batch window. */
async function settleLog(total: (path: string) => Promise<{ total: number }>): Promise<void> {
  let before = (await total('/api/requests?limit=1')).total;
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, LOG_SETTLE_MS));
    const now = (await total('/api/requests?limit=1')).total;
    if (now === before) return;
    before = now;
  }
}

function searchQuery(filter: RequestFilter): string {
  const q = new URLSearchParams({ limit: String(filter.limit ?? 200) });
  const list = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  if (filter.method !== undefined) q.set('method', list(filter.method).toUpperCase());
  if (filter.status !== undefined) q.set('status', list(filter.status));
  if (filter.operation !== undefined) q.set('operation', filter.operation);
  if (filter.path !== undefined) q.set('path_glob', filter.path);
  if (filter.text !== undefined) q.set('q', filter.text);
  if (filter.sessionId !== undefined) q.set('session_id', filter.sessionId);
  if (filter.correlationId !== undefined) q.set('correlation_id', filter.correlationId);
  return q.toString();
}

function problemDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: string; title?: string; errors?: Array<{ location: string; message: string }> };
    const items = (body.errors ?? []).slice(0, 5).map((e) => `${e.location}: ${e.message}`);
    return [body.detail ?? body.title ?? text.slice(0, 300), ...items].join('; ');
  } catch {
    return text.slice(0, 300);
  }
}
