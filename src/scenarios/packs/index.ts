/**
 * The shipped scenario packs: templates for any plan, listed as MCP resources under stable
 * `scenario-pack://<category>/<slug>` URIs. `build(plan)` gives the scenario for that plan (or why
 * there is none) as JSON; `template()` describes the pack without a plan.
 */
import type { MockPlan } from '../../plan';
import { BUSINESS_LOGIC_PACKS } from './business-logic';
import { ERROR_SIMULATION_PACKS } from './error-simulation';
import { instantiatePack } from './instantiate';
import { PERFORMANCE_PACKS } from './performance';
import { SECURITY_PACKS } from './security';
import type { PackOptions, ScenarioPack } from './types';
import { type PackReference, parsePackUri } from './uri';

export const SCENARIO_PACKS: readonly ScenarioPack[] = [...ERROR_SIMULATION_PACKS, ...PERFORMANCE_PACKS, ...SECURITY_PACKS, ...BUSINESS_LOGIC_PACKS];

export interface PackResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: 'application/json';
  /** The pack without a plan: what it does and what it targets. */
  template(): string;
  /** The pack instantiated for a plan: `{ok, pack, scenario, targets, notes}` or `{ok: false, pack, reason}`. */
  build(plan: MockPlan, options?: PackOptions): string;
}

export function findPack(uri: string): ScenarioPack | undefined {
  return SCENARIO_PACKS.find((p) => p.uri === uri);
}

/**
 * @example
 * for (const r of PACK_RESOURCES) server.registerResource(r.name, r.uri, { description: r.description, mimeType: r.mimeType }, …);
 */
export const PACK_RESOURCES: readonly PackResource[] = SCENARIO_PACKS.map((pack) => ({
  uri: pack.uri,
  name: `${pack.category}/${pack.slug}`,
  title: pack.title,
  description: `${pack.description} Targets: ${pack.targeting}.`,
  mimeType: 'application/json',
  template: () =>
    JSON.stringify(
      {
        uri: pack.uri,
        category: pack.category,
        name: pack.slug,
        title: pack.title,
        description: pack.description,
        targets: pack.targeting,
        usage: `Read ${pack.uri}?mock=<name> (optionally &tags=a,b) for the scenario this pack makes from that mock's plan, ready for validate_scenario_config and deploy_scenario.`,
      },
      null,
      2,
    ),
  build: (plan, options) => JSON.stringify(instantiatePack(pack, plan, options), null, 2),
}));

/** Resolves `scenario-pack://…[?mock=…&tags=…]` against the shipped packs; null for an unknown URI. */
export function resolvePackUri(uri: string): PackReference | null {
  return parsePackUri(uri, SCENARIO_PACKS);
}

export { instantiatePack } from './instantiate';
export { PACK_URI_TEMPLATE } from './uri';
export type { PackReference } from './uri';
export type { PackCategory, PackOptions, PackResult, ScenarioPack, TargetSummary } from './types';
