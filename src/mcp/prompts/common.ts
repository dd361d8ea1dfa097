/** Argument schemas and plan narrowing the five prompts share. */
import { z } from 'zod';
import type { MockPlan } from '../../plan';
import { analyzePlan, type PlanAnalysis } from '../../plan/analysis';
import type { PromptOutcome, PromptResult } from './types';

/** Whose plan a prompt reads: a running mock, or a spec not mocked yet. Exactly one is given. */
export const sourceArgs = {
  mock_name: z.string().min(1).max(200).optional().describe('Name of a running mock (see discover_mock_servers). Give this or spec_url.'),
  spec_url: z.string().url().max(2048).optional().describe('URL of an OpenAPI or Swagger document not mocked yet. Give this or mock_name.'),
};

export type Subject = { kind: 'mock'; name: string } | { kind: 'spec'; url: string };

/**
 * Where the caller must get the plan from: the mock's plan through its admin API, or the spec
 * compiled. Call it before `build` to know which plan to pass.
 */
export function subjectOf(args: { mock_name?: string; spec_url?: string }): { ok: true; subject: Subject } | { ok: false; field: string; message: string } {
  if (args.mock_name !== undefined && args.spec_url !== undefined) return { ok: false, field: 'spec_url', message: 'give mock_name or spec_url, not both.' };
  if (args.mock_name !== undefined) return { ok: true, subject: { kind: 'mock', name: args.mock_name } };
  if (args.spec_url !== undefined) return { ok: true, subject: { kind: 'spec', url: args.spec_url } };
  return { ok: false, field: 'mock_name', message: 'is required (or give spec_url).' };
}

/** `the mock \`shop\`` or `the API described at <url>`, for sentences. */
export function the(subject: Subject): string {
  return subject.kind === 'mock' ? `the mock \`${subject.name}\`` : `the API described at ${subject.url}`;
}

/** A short name for the prompt's description. */
export function nameOf(subject: Subject): string {
  return subject.kind === 'mock' ? subject.name : subject.url;
}
export const tagArg = z.string().min(1).max(200).optional().describe('Only the operations with this tag.');

/** The plan cut to one tag, or the reason it cannot be. */
export function narrow(plan: MockPlan, tag: string | undefined): { ok: true; plan: MockPlan } | { ok: false; field: string; message: string } {
  if (tag === undefined) return { ok: true, plan };
  const operations = plan.operations.filter((op) => op.tags.includes(tag));
  if (operations.length > 0) return { ok: true, plan: { ...plan, operations } };
  const known = [...new Set(plan.operations.flatMap((op) => op.tags))];
  return { ok: false, field: 'tag', message: `No operation has the tag "${tag}"; the tags are ${known.length > 0 ? known.join(', ') : 'none'}.` };
}

/** The prompt's subject, the plan narrowed to its tag, and that plan's analysis; or the argument at fault. */
export function prepare(
  plan: MockPlan,
  args: { mock_name?: string; spec_url?: string; tag?: string },
): { ok: true; subject: Subject; scope: MockPlan; analysis: PlanAnalysis } | { ok: false; field: string; message: string } {
  const source = subjectOf(args);
  if (!source.ok) return source;
  const narrowed = narrow(plan, args.tag);
  if (!narrowed.ok) return narrowed;
  return { ok: true, subject: source.subject, scope: narrowed.plan, analysis: analyzePlan(narrowed.plan) };
}

export function userPrompt(description: string, sections: string[]): PromptOutcome {
  const result: PromptResult = { description, messages: [{ role: 'user', content: { type: 'text', text: sections.filter((s) => s !== '').join('\n\n') } }] };
  return { ok: true, result };
}

/** A string argument that must hold a number in a range. */
export function numberArg(description: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number')
    .refine((s) => Number(s) >= min && Number(s) <= max, `must be between ${min} and ${max}`)
    .optional()
    .describe(description);
}
