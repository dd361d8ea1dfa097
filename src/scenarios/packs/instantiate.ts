/**
 * `instantiatePack`: a pack and a plan in, a concrete scenario out — checked with the same zod
 * schema and plan validation as `validate_scenario_config`, so what it returns can be deployed as is.
 */
import type { MockPlan, PlanOperation } from '../../plan';
import { findOperation } from '../find-operation';
import { type Rule, type Scenario, scenarioSchema } from '../model';
import { validateScenario } from '../validate';
import { label } from './targets';
import type { PackOptions, PackResult, PackTarget, RuleBody, ScenarioPack } from './types';

/** A rule names its operation by path template when that is unambiguous, else by its id. */
function endpointOf(plan: MockPlan, op: PlanOperation): string {
  const found = findOperation(plan, op.path, op.method);
  return found.ok && found.operation === op ? op.path : op.id;
}

function chosen(plan: MockPlan, options: PackOptions): { operations: PlanOperation[]; reason?: string } {
  let operations = plan.operations;
  if (options.tags && options.tags.length > 0) {
    const tags = new Set(options.tags);
    operations = operations.filter((op) => op.tags.some((t) => tags.has(t)));
    if (operations.length === 0) {
      const known = [...new Set(plan.operations.flatMap((op) => op.tags))];
      return { operations, reason: `No operation has the tag ${options.tags.join(' or ')}; the plan's tags are ${known.length > 0 ? known.join(', ') : 'none'}.` };
    }
  }
  if (options.operations && options.operations.length > 0) {
    const wanted = new Set(options.operations);
    const unknown = options.operations.filter((w) => !plan.operations.some((op) => op.id === w || op.operationId === w || label(op) === w));
    if (unknown.length > 0) return { operations: [], reason: `No operation is named ${unknown.join(', ')} (give operationIds or "METHOD /path").` };
    operations = operations.filter((op) => wanted.has(op.id) || (op.operationId !== undefined && wanted.has(op.operationId)) || wanted.has(label(op)));
    if (operations.length === 0) return { operations, reason: 'The operations named do not carry the tags asked for.' };
  }
  return { operations };
}

/**
 * One rule for every operation of the plan, all alike, says the same as the scenario's `default`
 * (which applies to every operation no rule names) and is far shorter for a large API.
 */
function collapsed(plan: MockPlan, operations: PlanOperation[], targets: PackTarget[], rules: Rule[]): { default?: RuleBody; rules: Rule[] } {
  const first = targets[0]?.rule;
  if (!first || operations.length !== plan.operations.length || rules.length !== plan.operations.length) return { rules };
  const same = JSON.stringify(first);
  return targets.every((t) => JSON.stringify(t.rule) === same) ? { default: first, rules: [] } : { rules };
}

/**
 * @example
 * const result = instantiatePack(rateLimiting, plan, { tags: ['orders'] });
 * if (result.ok) await admin.createScenario(result.scenario);
 * else console.log(result.reason); // why the plan offers nothing to target
 */
export function instantiatePack(pack: ScenarioPack, plan: MockPlan, options: PackOptions = {}): PackResult {
  const { operations, reason } = chosen(plan, options);
  if (reason) return { ok: false, pack: pack.uri, reason };
  const draft = pack.draft({ plan, operations, seed: options.seed ?? pack.slug, now: options.now ?? new Date() });
  if (!draft.ok) return { ok: false, pack: pack.uri, reason: draft.reason };
  const rules: Rule[] = draft.targets.flatMap((t) =>
    t.rule ? [{ endpoint: endpointOf(plan, t.operation), method: t.operation.method.toUpperCase() as Rule['method'], ...t.rule }] : [],
  );
  const candidate = {
    name: options.name ?? pack.slug,
    description: `${pack.title} (${pack.uri}): ${pack.description}`.slice(0, 2000),
    ...(draft.stateful ? { stateful: true } : {}),
    ...collapsed(plan, operations, draft.targets, rules),
  };
  const parsed = scenarioSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, pack: pack.uri, reason: `The scenario does not fit the scenario schema: ${parsed.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`).join('; ')}.` };
  }
  const scenario: Scenario = parsed.data;
  const problems = validateScenario(plan, scenario);
  if (problems.length > 0) {
    return { ok: false, pack: pack.uri, reason: `The scenario does not validate against this plan: ${problems.map((p) => `${p.location}: ${p.message}`).join('; ')}.` };
  }
  const targets = draft.targets.map((t) => ({ id: t.operation.id, method: t.operation.method.toUpperCase(), path: t.operation.path, why: t.why }));
  return { ok: true, pack: pack.uri, scenario, targets, notes: draft.notes };
}
