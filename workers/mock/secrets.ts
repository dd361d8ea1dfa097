import type { LogSecrets } from '../../src/logs/record';
import { createSecretFieldMatcher, type SecretFieldMatcher, secretFieldList } from '../../src/logs/secret-fields';
import type { MockPlan } from '../../src/plan';

/** Per LOG_REDACT_FIELDS setting (one per worker in practice): its matcher and each plan's names. */
let current: { setting: string | undefined; field: SecretFieldMatcher; plans: WeakMap<MockPlan, LogSecrets> } | undefined;

function forSetting(setting: string | undefined) {
  if (current === undefined || current.setting !== setting) {
    current = { setting, field: createSecretFieldMatcher(secretFieldList(setting)), plans: new WeakMap() };
  }
  return current;
}

/**
 * What the log must not keep for this plan: the values of its apiKey headers and query parameters,
 * and of every header, parameter and body field named like a secret (LOG_REDACT_FIELDS).
 */
export function secretNames(plan: MockPlan | null, setting: string | undefined): LogSecrets {
  const { field, plans } = forSetting(setting);
  if (plan === null) return { header: new Set(), query: new Set(), field };
  let names = plans.get(plan);
  if (!names) {
    const header = new Set<string>();
    const query = new Set<string>();
    for (const scheme of Object.values(plan.securitySchemes)) {
      if (scheme.type === 'apiKey' && scheme.in === 'header') header.add(scheme.name.toLowerCase());
      if (scheme.type === 'apiKey' && scheme.in === 'query') query.add(scheme.name.toLowerCase());
    }
    names = { header, query, field };
    plans.set(plan, names);
  }
  return names;
}
