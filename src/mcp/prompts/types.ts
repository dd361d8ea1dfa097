/** What a prompt returns: the shape of MCP's `prompts/get` result, as plain data. */
import type { z } from 'zod';
import type { MockPlan } from '../../plan';

export interface PromptMessage {
  role: 'user' | 'assistant';
  content: { type: 'text'; text: string };
}

export interface PromptResult {
  description: string;
  messages: PromptMessage[];
}

/** MCP prompt arguments are strings: every field of the shape is a string schema, optional or not. */
export type PromptArgsShape = Record<string, z.ZodType<string> | z.ZodOptional<z.ZodType<string>>>;

export interface PromptDefinition<Shape extends PromptArgsShape = PromptArgsShape> {
  name: string;
  title: string;
  description: string;
  /** The raw zod shape `registerPrompt` takes as `argsSchema`. */
  argsSchema: Shape;
  /** The plan of the mock the arguments name (fetched by the caller) and the parsed arguments. */
  build(plan: MockPlan, args: z.infer<z.ZodObject<Shape>>): PromptOutcome;
}

/** An argument the plan cannot satisfy (an unknown tag, a base scenario that is not JSON) names its field. */
export type PromptOutcome = { ok: true; result: PromptResult } | { ok: false; field: string; message: string };
