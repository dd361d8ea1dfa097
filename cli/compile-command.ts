/** `mockloop compile <spec> [--json]`: what will be mocked, or why not. */
import type { MockPlan } from '../src/plan';
import type { Problem } from '../src/problem';
import { compileSpecAt } from './spec-source';

export async function compileCommand(spec: string, json: boolean): Promise<number> {
  const outcome = await compileSpecAt(spec);
  if (!outcome.ok) {
    if (json) console.log(JSON.stringify(outcome.problem, null, 2));
    else console.error(formatProblem(outcome.problem));
    return 1;
  }
  if (json) console.log(JSON.stringify(outcome.plan));
  else console.log(describePlan(outcome.plan));
  return 0;
}

/** Problems shown by the CLI; the rest are counted (`--json` has the first 20 in full). */
export const SHOWN_PROBLEMS = 5;

export function formatProblem(p: Problem): string {
  const lines = [`error: ${p.title}${p.detail ? ` — ${clip(p.detail)}` : ''}`];
  const items = p.errors ?? [];
  for (const item of items.slice(0, SHOWN_PROBLEMS)) {
    const position = item.line !== undefined ? `line ${item.line}, column ${item.column ?? 1}` : '';
    const where = [item.location, position && (item.location ? `(${position})` : position)].filter(Boolean).join(' ');
    lines.push(`  at ${where}: ${clip(item.message)}`);
  }
  const more = Math.max(0, items.length - SHOWN_PROBLEMS) + (typeof p.moreErrors === 'number' ? p.moreErrors : 0);
  if (more > 0) lines.push(`  … and ${more} more problem(s)`);
  return lines.join('\n');
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describePlan(plan: MockPlan): string {
  const lines = [
    `${plan.title} ${plan.apiVersion} (from ${plan.specVersion}), plan ${plan.version}`,
    `base path: ${plan.basePath || '/'}; ${plan.operations.length} operation(s), ${Object.keys(plan.schemas).length} schema(s)`,
    '',
  ];
  for (const op of plan.operations) {
    const responses = op.responses.map((r) => `${r.status}${r.contents.length > 0 ? ` [${r.contents.map((c) => c.mediaType).join(', ')}]` : ''}`);
    const secured = op.security.length > 0 && op.security.every((alt) => alt.length > 0) ? ' (auth)' : '';
    lines.push(`  ${op.method.toUpperCase().padEnd(7)} ${op.path}  ${op.id}${secured}`);
    lines.push(`          ${responses.join('; ') || 'no responses (answers 204)'}`);
  }
  if (plan.warnings.length > 0) {
    lines.push('', `${plan.warnings.length} warning(s):`);
    for (const w of plan.warnings) lines.push(`  ${w.location}: ${w.message}`);
  }
  return lines.join('\n');
}
