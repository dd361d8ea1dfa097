/**
 * Registers tool definitions on an McpServer. Arguments are validated here with the tool's own
 * zod schema (not by the SDK) so that a bad argument becomes a problem naming the field and so
 * that every call, valid or not, is audited once.
 */
import type { CallToolResult, McpServer, ServerContext, StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { capProblem, type Problem, problem } from '../problem';
import type { AuditEntry, Caller } from './audit';
import { TOOL_FAILED, TOOL_INVALID_ARGUMENTS, TOOL_RESULT_TOO_LARGE } from './errors';
import { trackCall } from './inflight';
import { portableJsonSchema } from './portable-schema';
import { auditArguments, redactSecrets } from './redact';
import type { ToolCall, ToolDefinition, ToolOutcome } from './tool';

/** Results stay well under what clients accept in one answer (~100,000 characters). */
export const MAX_RESULT_CHARS = 60_000;

export interface RegisterOptions {
  caller: Caller;
  /** Values that must never reach the audit log even if a client pastes them into an argument. */
  secrets: readonly string[];
  audit(entry: AuditEntry): Promise<void>;
  now?: () => number;
}

export function registerTools(server: McpServer, tools: readonly ToolDefinition[], options: RegisterOptions): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: advertiseOnly(tool.input), outputSchema: advertiseOnly(tool.output), annotations: tool.annotations },
      // SAFETY: advertiseOnly passes the raw arguments through; they are parsed in callTool.
      (args: unknown, ctx: ServerContext) => callTool(tool, args, ctx, options),
    );
  }
}

async function callTool(tool: ToolDefinition, args: unknown, ctx: ServerContext, options: RegisterOptions): Promise<CallToolResult> {
  const now = options.now ?? Date.now;
  const started = now();
  let outcome: ToolOutcome<unknown>;
  const { args: renamed, deprecations } = renameArguments(args ?? {}, tool.renamed);
  const parsed = tool.input.safeParse(renamed);
  if (!parsed.success) {
    outcome = { ok: false, problem: invalidArguments(tool.name, parsed.error) };
  } else {
    const tracked = trackCall(options.caller.id, ctx.mcpReq.id, ctx.mcpReq.signal);
    try {
      outcome = await tool.run(parsed.data, toolCall(ctx, tracked.signal));
    } catch (error) {
      outcome = { ok: false, problem: problem(TOOL_FAILED, `${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`) };
    } finally {
      tracked.end();
    }
  }
  const result = withDeprecations(toResult(tool, outcome), deprecations);
  const failure = result.isError ? outcome : undefined;
  await options
    .audit({
      ts: started,
      tool: tool.name,
      caller: options.caller.id,
      arguments: auditArguments(args ?? {}, options.secrets),
      durationMs: Math.max(0, now() - started),
      outcome: result.isError ? 'error' : 'ok',
      error: failure && !failure.ok ? redactSecrets(`${failure.problem.title}: ${failure.problem.detail ?? ''}`, options.secrets).slice(0, 500) : null,
    })
    // The audit write must not turn a done deed into a failure the client would retry.
    .catch((error) => console.error(`audit write failed for ${tool.name}: ${error instanceof Error ? error.message : error}`));
  return result;
}

/** The release after which renamed arguments stop being accepted. */
export const RENAMED_ARGUMENTS_UNTIL = '0.2.0';

/** Old argument names moved to their new names (unless the new one is given too, which validation then refuses as unknown). */
function renameArguments(args: unknown, renamed: Readonly<Record<string, string>> | undefined): { args: unknown; deprecations: string[] } {
  if (!renamed || typeof args !== 'object' || args === null || Array.isArray(args)) return { args, deprecations: [] };
  const out: Record<string, unknown> = { ...args };
  const deprecations: string[] = [];
  for (const [old, current] of Object.entries(renamed)) {
    if (!(old in out) || current in out) continue;
    out[current] = out[old];
    delete out[old];
    deprecations.push(`The argument "${old}" is deprecated: call it "${current}" (the same name every tool uses). "${old}" is accepted until mockloop-edge ${RENAMED_ARGUMENTS_UNTIL}.`);
  }
  return { args: out, deprecations };
}

function withDeprecations(result: CallToolResult, deprecations: string[]): CallToolResult {
  if (deprecations.length === 0) return result;
  return {
    ...result,
    content: [...result.content, ...deprecations.map((text) => ({ type: 'text' as const, text: `Deprecated: ${text}` }))],
    _meta: { ...result._meta, 'mockloop/deprecations': deprecations },
  };
}

function toResult(tool: ToolDefinition, outcome: ToolOutcome<unknown>): CallToolResult {
  if (!outcome.ok) return errorResult(outcome.problem);
  const checked = tool.output.safeParse(outcome.value);
  if (!checked.success) return errorResult(problem(TOOL_FAILED, `${tool.name} produced a result outside its output schema: ${checked.error.issues[0]?.message}`));
  const json = JSON.stringify(checked.data);
  if (json.length > MAX_RESULT_CHARS) {
    return errorResult(problem(TOOL_RESULT_TOO_LARGE, `The result of ${tool.name} has ${json.length} characters (at most ${MAX_RESULT_CHARS}); ask for fewer items with "limit" and page with "offset".`));
  }
  // SAFETY: every output schema is a z.object, so the parsed value is a plain record.
  return { content: [{ type: 'text', text: outcome.summary }], structuredContent: checked.data as Record<string, unknown> };
}

/** A tool error: a one-line reason first (what most clients show), then the problem as JSON. */
export function errorResult(p: Problem): CallToolResult {
  const capped = capProblem({ ...p, ...(p.detail && p.detail.length > MAX_ERROR_DETAIL ? { detail: `${p.detail.slice(0, MAX_ERROR_DETAIL)}…` } : {}) }, MAX_ERROR_ITEMS);
  return { isError: true, content: [{ type: 'text', text: capped.detail ?? capped.title }, { type: 'text', text: JSON.stringify(capped) }] };
}

/** A tool error stays short: the first problems, a count of the rest, a detail of bounded length. */
const MAX_ERROR_ITEMS = 10;
const MAX_ERROR_DETAIL = 1_000;

function invalidArguments(tool: string, error: z.ZodError): Problem {
  const errors = error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path.map(String), ...(unknownKeys.length === 1 ? unknownKeys : [])];
    return { location: path.join('.') || '(arguments)', message: issue.message, code: issue.code };
  });
  const named = errors.map((e) => `${e.location}: ${e.message}`).join('; ');
  return problem(TOOL_INVALID_ARGUMENTS, `Invalid arguments for ${tool}: ${named}`, { errors });
}

function toolCall(ctx: ServerContext, signal: AbortSignal): ToolCall {
  const token = ctx.mcpReq._meta?.progressToken;
  return {
    signal,
    async progress(step) {
      if (token === undefined) return;
      await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, ...step } });
    },
  };
}

/**
 * The tool's zod schema as the SDK needs it for `tools/list`: its JSON Schema in a form every
 * client reads (portableJsonSchema), with a validator that lets every value through, so callTool
 * answers bad input itself (and checks results against the zod output schema in toResult).
 */
function advertiseOnly(schema: z.ZodType): StandardSchemaWithJSON {
  // SAFETY: zod 4 implements Standard JSON Schema: its `~standard` carries `jsonSchema`.
  const { jsonSchema } = schema['~standard'] as unknown as StandardSchemaWithJSON['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: 'mockloop',
      validate: (value: unknown) => ({ value }),
      jsonSchema: {
        input: (options) => portableJsonSchema(jsonSchema.input(options)),
        output: (options) => portableJsonSchema(jsonSchema.output(options)),
      },
    },
  };
}
