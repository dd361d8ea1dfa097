/**
 * One MCP tool: zod input and output schemas, and a handler that returns a value with a short
 * summary, or a problem. `registerTool` (register.ts) does the rest the same way for every tool:
 * argument validation into problems naming the field, the audit record, bounded results.
 */
import type { z } from 'zod';
import type { Problem } from '../problem';

export type ToolOutcome<T> = { ok: true; value: T; summary: string } | { ok: false; problem: Problem };

export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** What a handler may use besides its arguments. */
export interface ToolCall {
  /** Sends an MCP progress notification when the client asked for them (a progress token); else nothing. */
  progress(step: ToolProgress): Promise<void>;
  signal: AbortSignal;
}

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations?: ToolAnnotations;
  /**
   * Arguments renamed in this release, old name → new name: the old one is still accepted (moved
   * to the new name before validation) and the result carries a deprecation note.
   */
  renamed?: Readonly<Record<string, string>>;
  run(args: z.output<I>, call: ToolCall): Promise<ToolOutcome<z.output<O>>>;
}

/** Keeps the input/output types of a definition tied together. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

export function done<T>(value: T, summary: string): ToolOutcome<T> {
  return { ok: true, value, summary };
}

export function failed<T = never>(problem: Problem): ToolOutcome<T> {
  return { ok: false, problem };
}
