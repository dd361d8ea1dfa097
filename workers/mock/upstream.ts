/**
 * The mock's upstream as the runtime's proxy stage, made once per plan and upstream setting. A
 * deployed mock fetches public addresses only; the local runtime (MOCKLOOP_LOCAL) may reach
 * loopback, where a developer's API runs.
 */
import type { AddressPolicy } from '../../src/net';
import { PUBLIC_ONLY } from '../../src/net';
import { createUpstream, type UpstreamConfig, upstreamSecrets, viewOfUpstream } from '../../src/proxy';
import type { Runtime, Upstream } from '../../src/runtime';
import type { Env } from './env';
import type { MockSettings } from './mock-state';

let made: { runtime: Runtime; config: UpstreamConfig; upstream: Upstream; secrets: string[] } | null = null;

export function policyOf(env: Env): AddressPolicy {
  return env.MOCKLOOP_LOCAL === '1' ? { loopback: true, private: false } : PUBLIC_ONLY;
}

/** The proxy stage for this runtime and upstream (the same objects as long as neither changes). */
export function upstreamFor(env: Env, runtime: Runtime, config: UpstreamConfig): Upstream {
  if (made === null || made.runtime !== runtime || made.config !== config) {
    const upstream = createUpstream(runtime.plan, config, { fetch: (url, init) => fetch(url, init), policy: policyOf(env), now: Date.now });
    made = { runtime, config, upstream, secrets: upstreamSecrets(config) };
  }
  return made.upstream;
}

/** The secret values of the upstream in use, for scrubbing log rows. */
export function secretsOf(config: UpstreamConfig | null | undefined): string[] {
  if (!config) return [];
  if (made !== null && made.config === config) return made.secrets;
  return upstreamSecrets(config);
}

/** Settings as the admin API shows them: the upstream's credentials redacted. */
export function settingsView(settings: MockSettings): MockSettings {
  return settings.upstream ? { ...settings, upstream: viewOfUpstream(settings.upstream) } : settings;
}
