import type { MockPlan } from '../../src/plan';

/** Names of apiKey headers and query parameters of a plan, whose values the log must not keep. */
const cache = new WeakMap<MockPlan, { header: Set<string>; query: Set<string> }>();

export function secretNames(plan: MockPlan): { header: Set<string>; query: Set<string> } {
  let names = cache.get(plan);
  if (!names) {
    names = { header: new Set(), query: new Set() };
    for (const scheme of Object.values(plan.securitySchemes)) {
      if (scheme.type === 'apiKey' && scheme.in !== 'cookie') names[scheme.in].add(scheme.name.toLowerCase());
    }
    cache.set(plan, names);
  }
  return names;
}
