/**
 * Text or a value → a checked TestPlan, or a problem listing every violation by JSON pointer
 * (`/steps/2/expect/status`), with line:column when the text itself does not parse.
 */
import type { z } from 'zod';
import { fail, ok, type ProblemItem, problem, type Result } from '../../problem';
import { parseSpecText } from '../../spec/parse';
import { joinPointer } from '../../spec/pointer';
import { PLAN_INVALID } from './errors';
import { PLAN_LIMITS, type TestPlan, testPlanSchema } from './schema';

/** Characters of plan text accepted at most. */
export const MAX_PLAN_CHARS = 1_000_000;

/**
 * @example
 * const checked = parseTestPlan('name: smoke\nsteps:\n  - name: list\n    request: {path: /books}\n');
 * if (!checked.ok) console.log(checked.problem.errors); // [{ location: '/steps/0/...', message }]
 */
export function parseTestPlan(text: string): Result<TestPlan> {
  if (text.length > MAX_PLAN_CHARS) return fail(problem(PLAN_INVALID, `The plan is ${text.length} characters; at most ${MAX_PLAN_CHARS}.`, { errors: [{ location: '', message: 'is too long' }] }));
  const parsed = parseSpecText(text, 'the test plan');
  if (!parsed.ok) return fail(problem(PLAN_INVALID, parsed.problem.detail, { errors: parsed.problem.errors ?? [] }));
  return checkTestPlan(parsed.value.value);
}

/** A value already parsed (an MCP argument, a JSON body) → a checked TestPlan. */
export function checkTestPlan(value: unknown): Result<TestPlan> {
  const result = testPlanSchema.safeParse(value);
  if (result.success) return ok(result.data);
  const errors = issuesToItems(result.error.issues, []).slice(0, 50);
  const first = errors[0];
  const detail = `${errors.length} problem(s); the first: ${first.location || '(root)'} ${first.message}`;
  return fail(problem(PLAN_INVALID, detail, { errors }));
}

function issuesToItems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): ProblemItem[] {
  const out: ProblemItem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that came closest (fewest problems), not "invalid input".
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      if (best.length > 0 && !best.every((i) => i.code === 'unrecognized_keys' || i.code === 'invalid_type')) {
        out.push(...issuesToItems(best, path));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ location: pointer([...path, key]), code: 'unknown-property', message: 'is not a property of this object' });
      continue;
    }
    out.push({ location: pointer(path), code: issue.code, message: issue.message });
  }
  return out;
}

function pointer(path: readonly PropertyKey[]): string {
  return joinPointer(path.map(String));
}

export { PLAN_LIMITS };
