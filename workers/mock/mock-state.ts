/**
 * MockState: one per mock, the single writer of the mock's run-time state: the plan version being
 * served, the switches, the steering state (active scenario, overrides, sessions, pause), the
 * scenarios and the stateful records (SQLite rows, record-table.ts). The class only connects
 * storage to plain data and the pure changes in src/scenarios. Every change bumps the steering
 * version, so an isolate can tell a newer snapshot from an older one that arrives late.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  activeScenarios,
  bump,
  deactivateEverywhere,
  emptySteering,
  MAX_SESSIONS,
  type Rule,
  type Scenario,
  type SteeringSnapshot,
  type SteeringState,
  type Target,
  updateTarget,
  whereActive,
  withRule,
} from '../../src/scenarios';
import type { Settings } from '../../src/admin-api';
import { DEFAULT_RETENTION, enforceRetention, type RetentionPolicy } from '../../src/db/retention';
import { EMBEDDED_PLAN_VERSION, installEmbedded } from './embedded-install';
import { addCounters, EMPTY_LOG_COUNTERS, type LogCounterDelta, type LogCounters } from './log-counters';
import { clearRecords, countRecords, createRecordTable, getRecord, listRecords, putRecord, removeRecord } from './record-table';
import { newWebhookSecret } from '../../src/proxy/webhooks';
import { createUlidFactory } from '../../src/logs/ulid';
import { type DeliveryBindings, deliverDue } from './webhook-delivery';
import {
  clearDeliveries,
  createWebhookTables,
  type DeliveryInput,
  type DeliveryRow,
  type DeliveryState,
  type EndpointRow,
  endpointsFor,
  insertDeliveries,
  listDeliveries,
  listEndpoints,
  nextDueAt,
  putEndpoint,
  removeEndpoint,
} from './webhook-table';

/** The switches, as the admin API's contract defines them (GET/PATCH /api/settings). */
export type MockSettings = Settings;

export interface MockStateSnapshot {
  type: 'mock-state';
  planVersion: string | null;
  settings: MockSettings;
  steering: SteeringSnapshot;
}

export type SteeringOutcome = { ok: true; snapshot: MockStateSnapshot } | { ok: false; status: 404 | 409 | 413 | 422; detail: string };

export type ControlAction = 'pause' | 'resume' | 'reset-state';

export const DEFAULT_MOCK_SETTINGS: MockSettings = { validateRequests: true, enforceSecurity: true, cors: true, stateful: false };

const SCENARIO = 'scenario:';
const DRIFT = 'drift:';
/** Drift entries kept at most (each is a few KB at most: 50 differences, capped values). */
const MAX_DRIFT = 1000;
/** The steering state (overrides of the mock and of every session) as JSON, under a storage value's 2 MB. */
const MAX_STATE_BYTES = 1_500_000;

interface StoredScenario {
  scenario: Scenario;
  revision: number;
}

/** How often the retention policy is enforced. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

const messageId = createUlidFactory((bytes) => crypto.getRandomValues(bytes));

/** The bindings this DO and its stub use; the worker's Env (env.ts) has them, and names this class. */
export interface MockStateBindings extends DeliveryBindings {
  MOCK_ID: string;
  MOCK_STATE: DurableObjectNamespace<MockState>;
  /** Deployed: the plan version the deployer wrote to D1 (0011); adopted once per version. */
  PLAN_VERSION?: string;
  /** Where an embedded plan and its migrations are installed (embedded-install.ts). */
  DB: D1Database;
}

export class MockState extends DurableObject<MockStateBindings> {
  constructor(ctx: DurableObjectState, env: MockStateBindings) {
    super(ctx, env);
    createRecordTable(ctx.storage.sql);
    createWebhookTables(ctx.storage.sql);
    const deployed = env.PLAN_VERSION ?? EMBEDDED_PLAN_VERSION;
    if (deployed) ctx.blockConcurrencyWhile(() => this.adoptDeployedPlan(deployed));
    // The retention alarm runs from the first time the DO wakes, and re-arms itself.
    void ctx.blockConcurrencyWhile(async () => {
      if ((await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + 60_000);
    });
  }

  /**
   * One alarm serves two clocks: the retention policy (hourly) and the callback/webhook delivery
   * queue (whenever a delivery is due). Each run does what is due, then re-arms for the earlier.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    if (now >= ((await this.ctx.storage.get<number>('retentionAt')) ?? 0)) {
      try {
        const deleted = await enforceRetention(this.env.DB, this.env.MOCK_ID, await this.retention(), Date.now());
        await this.addLogCounters({ retentionDeleted: deleted, at: Date.now() });
      } catch (error) {
        console.error('mockloop: retention could not be enforced', error);
      }
      await this.ctx.storage.put('retentionAt', Date.now() + RETENTION_EVERY_MS);
    }
    try {
      await deliverDue(this.ctx.storage.sql, this.env, await this.webhookSecret());
    } catch (error) {
      console.error('mockloop: webhook deliveries failed', error);
    }
    await this.rearm();
  }

  private async rearm(): Promise<void> {
    const retentionAt = (await this.ctx.storage.get<number>('retentionAt')) ?? Date.now() + 60_000;
    const deliveryAt = nextDueAt(this.ctx.storage.sql);
    await this.ctx.storage.setAlarm(Math.max(Date.now(), Math.min(retentionAt, deliveryAt ?? Number.POSITIVE_INFINITY)));
  }

  // The request log's retention policy and counters (see log-counters.ts)

  async retention(): Promise<RetentionPolicy> {
    return { ...DEFAULT_RETENTION, ...(await this.ctx.storage.get<RetentionPolicy>('retention')) };
  }

  /** Stores the policy and enforces it within a second. */
  async setRetention(patch: Partial<RetentionPolicy>): Promise<RetentionPolicy> {
    const next = { ...(await this.retention()), ...patch };
    await this.ctx.storage.put({ retention: next, retentionAt: Date.now() + 1000 });
    await this.rearm();
    return next;
  }

  async logCounters(): Promise<LogCounters> {
    return { ...EMPTY_LOG_COUNTERS, ...(await this.ctx.storage.get<LogCounters>('logCounters')) };
  }

  async addLogCounters(delta: LogCounterDelta): Promise<LogCounters> {
    const next = addCounters(await this.logCounters(), delta);
    await this.ctx.storage.put('logCounters', next);
    return next;
  }

  /**
   * A deployed script carries the plan version the deployer wrote to D1 (0011). The object adopts
   * it once per version: a plan installed later through the admin API stays until the next
   * deploy, and a rollback (an older PLAN_VERSION) brings that version's plan back.
   */
  private async adoptDeployedPlan(version: string): Promise<void> {
    if ((await this.ctx.storage.get<string>('deployedPlanVersion')) === version) return;
    if (version === EMBEDDED_PLAN_VERSION) await installEmbedded(this.env);
    await this.ctx.storage.put({ planVersion: version, deployedPlanVersion: version });
    await this.save(bump(await this.state()));
  }

  async snapshot(): Promise<MockStateSnapshot> {
    const [planVersion, settings, steering] = await Promise.all([
      this.ctx.storage.get<string>('planVersion'),
      this.ctx.storage.get<MockSettings>('settings'),
      this.steeringSnapshot(),
    ]);
    return { type: 'mock-state', planVersion: planVersion ?? null, settings: { ...DEFAULT_MOCK_SETTINGS, ...settings }, steering };
  }

  /** The snapshot, or only `unchanged` when the caller's copy is of the current version (the per-second check stays small). */
  async revalidate(knownVersion: number): Promise<MockStateSnapshot | { type: 'unchanged' }> {
    if ((await this.state()).version === knownVersion) return { type: 'unchanged' };
    return this.snapshot();
  }

  async setPlanVersion(version: string): Promise<MockStateSnapshot> {
    await this.ctx.storage.put('planVersion', version);
    await this.save(bump(await this.state()));
    return this.snapshot();
  }

  async updateSettings(patch: Partial<MockSettings>): Promise<MockStateSnapshot> {
    const current = await this.snapshot();
    await this.ctx.storage.put('settings', { ...current.settings, ...patch });
    await this.save(bump(await this.state()));
    return this.snapshot();
  }

  // Drift entries (diff mode), oldest dropped past MAX_DRIFT

  async addDrift(entry: unknown): Promise<void> {
    const seq = ((await this.ctx.storage.get<number>('driftSeq')) ?? 0) + 1;
    await this.ctx.storage.put({ driftSeq: seq, [DRIFT + String(seq).padStart(12, '0')]: entry });
    if (seq > MAX_DRIFT) await this.ctx.storage.delete(DRIFT + String(seq - MAX_DRIFT).padStart(12, '0'));
  }

  async driftEntries(): Promise<unknown[]> {
    return [...(await this.ctx.storage.list({ prefix: DRIFT })).values()];
  }

  async clearDrift(): Promise<number> {
    const keys = [...(await this.ctx.storage.list({ prefix: DRIFT })).keys()];
    for (let i = 0; i < keys.length; i += 128) await this.ctx.storage.delete(keys.slice(i, i + 128));
    return keys.length;
  }

  // Scenarios

  async listScenarios(): Promise<Array<StoredScenario>> {
    const stored = await this.ctx.storage.list<StoredScenario>({ prefix: SCENARIO });
    return [...stored.values()];
  }

  async getScenario(name: string): Promise<StoredScenario | null> {
    return (await this.ctx.storage.get<StoredScenario>(SCENARIO + name)) ?? null;
  }

  /** `create` refuses an existing name, `replace` a missing one; `ifRevision` refuses a scenario changed meanwhile. */
  async saveScenario(scenario: Scenario, mode: 'create' | 'replace', ifRevision?: number): Promise<SteeringOutcome> {
    const existing = await this.getScenario(scenario.name);
    if (mode === 'create' && existing) return { ok: false, status: 409, detail: `A scenario named "${scenario.name}" exists; update it with PUT.` };
    if (mode === 'replace' && !existing) return { ok: false, status: 404, detail: `No scenario named "${scenario.name}".` };
    if (ifRevision !== undefined && existing && existing.revision !== ifRevision) return { ok: false, status: 409, detail: `Scenario "${scenario.name}" changed meanwhile; retry.` };
    await this.ctx.storage.put(SCENARIO + scenario.name, { scenario, revision: (existing?.revision ?? 0) + 1 });
    // An active scenario changed: isolates must recompile.
    if (existing && activeScenarios(await this.state()).has(scenario.name)) await this.save(bump(await this.state()));
    return { ok: true, snapshot: await this.snapshot() };
  }

  async deleteScenario(name: string, force: boolean): Promise<SteeringOutcome> {
    if (!(await this.getScenario(name))) return { ok: false, status: 404, detail: `No scenario named "${name}".` };
    const state = await this.state();
    const places = whereActive(state, name);
    if (places.length > 0 && !force) {
      return { ok: false, status: 409, detail: `Scenario "${name}" is active (${places.join(', ')}); deactivate it first, or delete with ?force=true to deactivate it everywhere.` };
    }
    if (places.length > 0) await this.save(bump(deactivateEverywhere(state, name)));
    await this.ctx.storage.delete(SCENARIO + name);
    return { ok: true, snapshot: await this.snapshot() };
  }

  /** Activates a scenario (null deactivates) globally or for one session. */
  async activate(name: string | null, session: string | null): Promise<SteeringOutcome> {
    if (name !== null && !(await this.getScenario(name))) return { ok: false, status: 404, detail: `No scenario named "${name}".` };
    return this.change(session, (target) => ({ ...target, scenario: name }));
  }

  // Overrides: rules arrive normalised (endpoint = the operation's path template, method upper-case).

  async override(rule: Rule, session: string | null): Promise<SteeringOutcome> {
    return this.change(session, (target) => ({ ...target, overrides: withRule(target.overrides, rule, ruleKey) }));
  }

  /** Removes one override (`key` = "METHOD /path") or all of a target's. */
  async clearOverrides(session: string | null, key: string | null): Promise<SteeringOutcome> {
    const state = await this.state();
    const target = session === null ? state.live : state.sessions[session];
    if (!target) return { ok: false, status: 404, detail: `Session "${session}" has no state.` };
    if (key !== null && !target.overrides.some((r) => ruleKey(r) === key)) return { ok: false, status: 404, detail: `No override for ${key}.` };
    return this.change(session, (t) => ({ ...t, overrides: key === null ? [] : t.overrides.filter((r) => ruleKey(r) !== key) }));
  }

  /** Makes a session known, so its requests see only its own state and records. */
  async ensureSession(session: string): Promise<SteeringOutcome> {
    return this.change(session, (target) => target);
  }

  async control(action: ControlAction, session: string | null): Promise<SteeringOutcome & { cleared?: number }> {
    const state = await this.state();
    if (action === 'pause' || action === 'resume') {
      if (state.paused !== (action === 'pause')) await this.save(bump({ ...state, paused: action === 'pause' }));
      return { ok: true, snapshot: await this.snapshot() };
    }
    if (session !== null) {
      const { [session]: _gone, ...sessions } = state.sessions;
      const cleared = clearRecords(this.ctx.storage.sql, session);
      await this.save(bump({ ...state, sessions }));
      return { ok: true, snapshot: await this.snapshot(), cleared };
    }
    const cleared = clearRecords(this.ctx.storage.sql, null);
    await this.save(bump({ ...emptySteering(), paused: state.paused, version: state.version }));
    return { ok: true, snapshot: await this.snapshot(), cleared };
  }

  // Records (scope '' is the global state, else a session id)

  // Records travel as JSON text (see record-table.ts).
  recordGet(scope: string, collection: string, id: string): string | null {
    return getRecord(this.ctx.storage.sql, scope, collection, id);
  }

  recordList(scope: string, collection: string): string[] {
    return listRecords(this.ctx.storage.sql, scope, collection);
  }

  recordPut(scope: string, collection: string, id: string, json: string, onlyIfAbsent: boolean): boolean {
    return putRecord(this.ctx.storage.sql, scope, collection, id, json, onlyIfAbsent);
  }

  recordRemove(scope: string, collection: string, id: string): boolean {
    return removeRecord(this.ctx.storage.sql, scope, collection, id);
  }

  /** Seeds records in one transaction; `replace` empties the collection first. */
  seedRecords(scope: string, collection: string, records: Array<{ id: string; json: string }>, replace: boolean): number {
    return this.ctx.storage.transactionSync(() => {
      if (replace) clearRecords(this.ctx.storage.sql, scope, collection);
      for (const record of records) putRecord(this.ctx.storage.sql, scope, collection, record.id, record.json, false);
      return records.length;
    });
  }

  /** Empties one collection of a scope, or the whole scope. */
  recordClear(scope: string, collection: string | null): number {
    return clearRecords(this.ctx.storage.sql, scope, collection ?? undefined);
  }

  recordCounts(scope: string): Array<{ collection: string; count: number }> {
    return countRecords(this.ctx.storage.sql, scope);
  }

  // Callbacks and webhooks (webhook-table.ts, webhook-delivery.ts)

  /** Queues deliveries (sent at once by the alarm); inputs with `error` are only recorded. */
  async enqueueDeliveries(inputs: DeliveryInput[]): Promise<DeliveryRow[]> {
    const rows = insertDeliveries(this.ctx.storage.sql, inputs, Date.now(), () => `msg_${messageId(Date.now())}`);
    if (rows.some((r) => r.state === 'pending')) await this.rearm();
    return rows;
  }

  deliveries(limit: number, state?: DeliveryState): ReturnType<typeof listDeliveries> {
    return listDeliveries(this.ctx.storage.sql, limit, state);
  }

  clearDeliveries(): number {
    return clearDeliveries(this.ctx.storage.sql);
  }

  webhookEndpoints(): EndpointRow[] {
    return listEndpoints(this.ctx.storage.sql);
  }

  webhookEndpointsFor(name: string): string[] {
    return endpointsFor(this.ctx.storage.sql, name);
  }

  putWebhookEndpoint(url: string, webhooks: string[] | null): EndpointRow | null {
    return putEndpoint(this.ctx.storage.sql, url, webhooks, Date.now());
  }

  removeWebhookEndpoint(url: string): boolean {
    return removeEndpoint(this.ctx.storage.sql, url);
  }

  /**
   * The signing secret, shown once: the first call (or one that rotates it) returns it, later ones
   * return null. It is never logged and never part of a snapshot.
   */
  async revealWebhookSecret(rotate: boolean): Promise<string | null> {
    if (rotate) await this.ctx.storage.put('webhookSecret', newWebhookSecret((bytes) => crypto.getRandomValues(bytes)));
    else if ((await this.ctx.storage.get<boolean>('webhookSecretShown')) === true) return null;
    const secret = await this.webhookSecret();
    await this.ctx.storage.put('webhookSecretShown', true);
    return secret;
  }

  // Internals

  private async webhookSecret(): Promise<string> {
    const stored = await this.ctx.storage.get<string>('webhookSecret');
    if (stored !== undefined) return stored;
    const secret = newWebhookSecret((bytes) => crypto.getRandomValues(bytes));
    await this.ctx.storage.put('webhookSecret', secret);
    return secret;
  }

  private async state(): Promise<SteeringState> {
    return (await this.ctx.storage.get<SteeringState>('steering')) ?? emptySteering();
  }

  private async save(state: SteeringState): Promise<void> {
    await this.ctx.storage.put('steering', state);
  }

  private async change(session: string | null, change: (target: Target) => Target): Promise<SteeringOutcome> {
    const state = await this.state();
    if (session !== null && !state.sessions[session] && Object.keys(state.sessions).length >= MAX_SESSIONS) {
      return { ok: false, status: 409, detail: `At most ${MAX_SESSIONS} sessions keep state; reset some with POST /api/server/control {"action":"reset-state","session_id":…}.` };
    }
    const next = bump(updateTarget(state, session, change, Date.now()));
    // All overrides of the mock and its sessions are one stored value, and every isolate reads it.
    const size = JSON.stringify(next).length;
    if (size > MAX_STATE_BYTES) {
      return { ok: false, status: 413, detail: `The overrides would take ${size} bytes; at most ${MAX_STATE_BYTES} are kept (put large bodies in a scenario, or remove overrides).` };
    }
    await this.save(next);
    return { ok: true, snapshot: await this.snapshot() };
  }

  private async steeringSnapshot(): Promise<SteeringSnapshot> {
    const state = await this.state();
    const names = [...activeScenarios(state)];
    const stored = names.length === 0 ? new Map<string, StoredScenario>() : await this.ctx.storage.get<StoredScenario>(names.map((n) => SCENARIO + n));
    const scenarios: Record<string, Scenario> = {};
    for (const entry of stored.values()) scenarios[entry.scenario.name] = entry.scenario;
    return { state, scenarios };
  }
}

export function ruleKey(rule: { method: string; endpoint: string }): string {
  return `${rule.method.toUpperCase()} ${rule.endpoint}`;
}

/** The methods of MockState as its callers see them: every one answers through a promise. */
export type MockStateApi = { [K in Exclude<keyof MockState, keyof DurableObject | 'fetch'>]: MockState[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

export function mockStateStub(env: MockStateBindings): MockStateApi {
  // SAFETY: an RPC stub exposes the DO's public methods with these arguments and results (all
  // plain, structured-clonable data); its own generic type of the recursive JSON values they
  // carry is too deep for tsc to instantiate.
  return env.MOCK_STATE.get(env.MOCK_STATE.idFromName(env.MOCK_ID)) as unknown as MockStateApi;
}
