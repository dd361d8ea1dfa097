/**
 * Checks steering input against the plan being served: every rule names an operation the API has,
 * a status it declares and an example that exists, and no operation is named twice. Gathers every
 * problem (with its place, like `rules/3/status`) instead of stopping at the first.
 */
import { type MockPlan, type PlanOperation, responseFor, usualResponse } from '../plan';
import type { ProblemItem } from '../problem';
import { findOperation } from './find-operation';
import type { Rule, Scenario } from './model';

export function validateScenario(plan: MockPlan, scenario: Scenario): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const seen = new Map<PlanOperation, number>();
  scenario.rules.forEach((rule, index) => {
    const at = `rules/${index}`;
    const found = checkRule(plan, rule, at, errors);
    if (!found) return;
    const earlier = seen.get(found);
    if (earlier !== undefined) errors.push({ location: at, message: `names ${found.id} again (rules/${earlier} already does).`, code: 'duplicate' });
    else seen.set(found, index);
  });
  return errors;
}

/** One rule (an override, or a scenario's rule at `at`): its operation when it has one. */
export function checkRule(plan: MockPlan, rule: Rule, at: string, errors: ProblemItem[]): PlanOperation | null {
  const found = findOperation(plan, rule.endpoint, rule.method);
  if (!found.ok) {
    errors.push({ location: `${at}/${found.field}`, message: `${found.message} Available: ${found.available.join(', ')}.`, code: 'unknown-operation' });
    return null;
  }
  const op = found.operation;
  let responseStatus: string | undefined;
  if (rule.status !== undefined) {
    responseStatus = responseFor(op, rule.status)?.status;
    if (responseStatus === undefined) {
      errors.push({ location: `${at}/status`, message: `${op.id} declares no ${rule.status} response; it declares ${op.responses.map((r) => r.status).join(', ') || 'none'}.`, code: 'unknown-status' });
      return op;
    }
  } else {
    responseStatus = usualResponse(op)?.status;
  }
  if (rule.example !== undefined) {
    const response = op.responses.find((r) => r.status === responseStatus);
    const names = response ? [...new Set(response.contents.flatMap((m) => m.examples.map((e) => e.name)))] : [];
    if (!names.includes(rule.example)) {
      errors.push({
        location: `${at}/example`,
        message: `${op.id} ${responseStatus ?? ''} has no example named "${rule.example}"; it has ${names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none'}.`,
        code: 'unknown-example',
      });
    }
  }
  return op;
}
