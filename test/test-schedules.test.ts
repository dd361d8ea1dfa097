/**
 * Schedules of test plans in the engine worker (workerd via cli/engine-runtime.ts): created with
 * validation by pointer, fired by the Scheduler Durable Object's alarm, each run stored in D1 with
 * its scheduleId and listed, deleted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../cli/api';
import { type RunningEngine, startEngine } from '../cli/engine-runtime';
import type { Deployer } from '../src/deploy';
import type { ToolDeps } from '../src/mcp/tools/deps';
import { scheduleTestSuite } from '../src/mcp/tools/schedules';
import { createScheduleClient } from '../src/testing/schedule';
import { BOOKSHOP } from './helpers/stack';

const PLAN = readFileSync(join(import.meta.dirname, '..', 'examples', 'bookshop-plan.yaml'), 'utf8');
let engine: RunningEngine;
let mock: Awaited<ReturnType<typeof startMock>>;

beforeAll(async () => {
  [engine, mock] = await Promise.all([startEngine({ allowedHosts: '127.0.0.1', vars: { SCHEDULE_MIN_INTERVAL_MS: '500' } }), startMock({ spec: BOOKSHOP, name: 'sched' })]);
});

afterAll(async () => {
  await Promise.all([engine?.dispose(), mock?.close()]);
});

const post = (body: unknown) => engine.fetch('/schedules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface ScheduleDetail {
  id: string;
  runs: number;
  last_status: string | null;
  next_run_at: number | null;
  recent_runs?: Array<{ id: string; status: string }>;
}

describe('schedule_test_suite in the engine', () => {
  it('refuses a bad schedule, a bad plan and a disallowed target by pointer, storing nothing', async () => {
    const base = { name: 'nightly', schedule: 'every 1s', plan: PLAN, target: { url: mock.url, mock: 'sched' } };
    const cron = await post({ ...base, schedule: '61 * * * *' });
    expect(cron.status).toBe(422);
    expect(((await cron.json()) as { errors: Array<{ location: string; message: string }> }).errors[0]).toEqual({ location: '/schedule', message: 'minute "61": 61 is outside 0-59' });
    const plan = await post({ ...base, plan: { name: 'x', steps: [{ name: 'a', request: { path: 'books' } }] } });
    expect(((await plan.json()) as { errors: Array<{ location: string }> }).errors.map((e) => e.location)).toEqual(['/plan/steps/0/request/path']);
    const host = await post({ ...base, target: { url: 'http://example.com/v1' } });
    expect(((await host.json()) as { detail: string }).detail).toMatch(/^\/target\/url: example.com is neither a mock/);
    expect(((await (await engine.fetch('/schedules')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('fires by alarm, stores each run with its scheduleId, lists them, and stops when deleted', async () => {
    const created = await post({ name: 'every second', schedule: 'every 1s', plan: PLAN, target: { url: mock.url, mock: 'sched' }, admin: { url: mock.adminUrl, token: mock.token } });
    expect(created.status).toBe(201);
    const schedule = (await created.json()) as ScheduleDetail & { plan: string };
    expect(schedule).toMatchObject({ plan: 'bookshop smoke', runs: 0 });
    expect(JSON.stringify(schedule)).not.toContain(mock.token);

    let detail: ScheduleDetail & { runs: number; latest: { type: string; status: string; summary: { passed: number } } | null } = { ...schedule, latest: null };
    for (let i = 0; i < 200 && !(detail.runs >= 2 && detail.latest); i++) {
      await new Promise((r) => setTimeout(r, 100));
      detail = (await (await engine.fetch(`/schedules/${schedule.id}`)).json()) as typeof detail;
    }
    expect(detail.runs).toBeGreaterThanOrEqual(2);
    expect(detail.last_status).toBe('passed');
    expect(detail.recent_runs?.length).toBeGreaterThanOrEqual(2);
    expect(detail.latest).toMatchObject({ type: 'plan-run', status: 'passed', summary: { passed: 3 } });
    const listed = (await (await engine.fetch(`/plan-runs?schedule=${schedule.id}`)).json()) as { items: Array<{ kind: string; scheduleId: string; status: string; mock: string }> };
    expect(listed.items.length).toBeGreaterThanOrEqual(2);
    expect(listed.items.every((r) => r.kind === 'plan' && r.scheduleId === schedule.id && r.mock === 'sched')).toBe(true);

    expect((await engine.fetch(`/schedules/${schedule.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await engine.fetch(`/schedules/${schedule.id}`)).status).toBe(404);
    expect(((await (await engine.fetch('/schedules')).json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('schedule_test_suite (the MCP tool, run in-process against the engine)', () => {
  it('creates, lists, shows with its runs, and deletes a schedule; names missing arguments', async () => {
    const deployed = { name: 'sched', status: 'running', mockUrl: mock.url.replace(/\/v1$/, ''), basePath: '/v1', adminUrl: mock.adminUrl, adminToken: mock.token, title: 'Bookshop', createdAt: 0 };
    // SAFETY: the tool uses only the deployer's list() (through findMock); the admin client is not reached.
    const deps = { deployer: { list: async () => [deployed] } as unknown as Deployer, schedules: createScheduleClient((path, init) => engine.fetch(path, init)) } as ToolDeps & { schedules: ReturnType<typeof createScheduleClient> };
    const tool = scheduleTestSuite(deps);
    const call = { progress: async () => {}, signal: new AbortController().signal };
    const created = await tool.run({ operation: 'create', mock_name: 'sched', name: 'tool', schedule: 'every 1s', plan: PLAN }, call);
    expect(created.ok && created.value.schedules[0]).toMatchObject({ name: 'tool', mock: 'sched', plan: 'bookshop smoke', schedule: 'every 1s' });
    const id = created.ok ? created.value.schedules[0].id : '';
    const listed = await tool.run({ operation: 'list' }, call);
    expect(listed.ok && listed.value.schedules.map((s) => s.id)).toEqual([id]);
    let got = await tool.run({ operation: 'get', schedule_id: id }, call);
    for (let i = 0; i < 200 && !(got.ok && got.value.latest); i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await tool.run({ operation: 'get', schedule_id: id }, call);
    }
    expect(got.ok && got.value.recent_runs?.[0]).toMatchObject({ status: 'passed' });
    expect(got.ok && got.value.latest).toMatchObject({ type: 'plan-run', status: 'passed' });
    expect((await tool.run({ operation: 'delete', schedule_id: id }, call)).ok).toBe(true);
    const missing = await tool.run({ operation: 'create', mock_name: 'sched', name: 'x', plan: PLAN }, call);
    expect(!missing.ok && missing.problem.errors).toEqual([{ location: 'schedule', message: 'required for create' }]);
    const bad = await tool.run({ operation: 'create', mock_name: 'sched', name: 'x', schedule: '* * *', plan: PLAN }, call);
    expect(!bad.ok && bad.problem.errors?.[0].location).toBe('schedule');
  });
});
