/**
 * MockState: one per mock, the single writer of the mock's run-time state. For now that is the
 * plan version being served and the switches (request validation, security, CORS); scenarios,
 * overrides and faults join it later. The class only connects storage to plain data.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from './env';

export interface MockSettings {
  validateRequests: boolean;
  enforceSecurity: boolean;
  cors: boolean;
}

export interface MockStateSnapshot {
  type: 'mock-state';
  planVersion: string | null;
  settings: MockSettings;
}

export const DEFAULT_MOCK_SETTINGS: MockSettings = { validateRequests: true, enforceSecurity: true, cors: true };

export class MockState extends DurableObject<Env> {
  async snapshot(): Promise<MockStateSnapshot> {
    const [planVersion, settings] = await Promise.all([
      this.ctx.storage.get<string>('planVersion'),
      this.ctx.storage.get<MockSettings>('settings'),
    ]);
    return { type: 'mock-state', planVersion: planVersion ?? null, settings: { ...DEFAULT_MOCK_SETTINGS, ...settings } };
  }

  async setPlanVersion(version: string): Promise<MockStateSnapshot> {
    await this.ctx.storage.put('planVersion', version);
    return this.snapshot();
  }

  async updateSettings(patch: Partial<MockSettings>): Promise<MockStateSnapshot> {
    const current = await this.snapshot();
    await this.ctx.storage.put('settings', { ...current.settings, ...patch });
    return this.snapshot();
  }
}

export function mockStateStub(env: Env): DurableObjectStub<MockState> {
  return env.MOCK_STATE.get(env.MOCK_STATE.idFromName(env.MOCK_ID));
}
