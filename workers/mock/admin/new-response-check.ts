/**
 * An override's literal body against the response it will be served as: the violations are not a
 * refusal (a test may want a broken body on purpose) but the admin call names them as warnings,
 * since everything else the mock sends validates against its schema.
 */
import { compileValidator } from '../../../src/json-schema';
import { type MockPlan, type PlanOperation, responseFor, usualResponse } from '../../../src/plan';
import type { ProblemItem } from '../../../src/problem';
import type { Rule } from '../../../src/scenarios';

const MAX_WARNINGS = 50;

/** Where `new_response` breaks the JSON schema of the response it answers as (`body/new_response/...`); `[]` when it fits or has none. */
export function newResponseWarnings(plan: MockPlan, op: PlanOperation, rule: Rule): ProblemItem[] {
  if (rule.new_response === undefined) return [];
  const response = rule.status === undefined ? usualResponse(op) : responseFor(op, rule.status);
  const key = response?.status;
  // Served without an Accept header, the literal goes out as the first declared media type.
  const media = response?.contents[0];
  if (media?.schema === undefined || !/json/.test(media.mediaType)) return [];
  const violations = compileValidator(media.schema, plan.schemas, 'body/new_response')(rule.new_response);
  const shown = violations.slice(0, MAX_WARNINGS).map((v) => ({ ...v, message: `${v.message} (the ${key} ${media.mediaType} schema of ${op.id}; served anyway)` }));
  if (violations.length > MAX_WARNINGS) shown.push({ location: 'body/new_response', code: 'more', message: `${violations.length - MAX_WARNINGS} more violation(s)` });
  return shown;
}
