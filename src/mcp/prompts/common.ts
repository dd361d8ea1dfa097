/** Argument schemas and plan narrowing the five prompts share. */
import { z } from 'zod';
import type { MockPlan } from '../../plan';
import type { PromptOutcome, PromptResult } from './types';

export const mockNameArg = z.string().min(1).max(200).describe('Name of the mock whose plan the prompt analyses (see discover_mock_servers).');
export const tagArg = z.string().min(1).max(200).optional().describe('Only the operations with this tag.');

/** The plan cut to one tag, or the reason it cannot be. */
export function narrow(plan: MockPlan, tag: string | undefined): { ok: true; plan: MockPlan } | { ok: false; field: string; message: string } {
  if (tag === undefined) return { ok: true, plan };
  const operations = plan.operations.filter((op) => op.tags.includes(tag));
  if (operations.length > 0) return { ok: true, plan: { ...plan, operations } };
  const known = [...new Set(plan.operations.flatMap((op) => op.tags))];
  return { ok: false, field: 'tag', message: `No operation has the tag "${tag}"; the tags are ${known.length > 0 ? known.join(', ') : 'none'}.` };
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
