/**
 * Registers the five prompts (src/mcp/prompts): each reads the plan its arguments name and
 * builds its text from the analysis of that plan. A bad argument is an InvalidParams error
 * naming the field.
 */
import { type McpServer, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type PlanSourceDeps, planOfMock, planOfSpecUrl } from './plan-source';
import { PROMPTS, subjectOf } from './prompts';

export function registerPrompts(server: McpServer, deps: PlanSourceDeps): void {
  for (const prompt of PROMPTS) {
    server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema: z.object(prompt.argsSchema) }, async (args) => {
      // SAFETY: the SDK parsed the arguments with argsSchema: string fields as the shape declares.
      const parsed = args as Record<string, string | undefined>;
      const source = subjectOf(parsed);
      if (!source.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `${source.field}: ${source.message}`);
      const plan = source.subject.kind === 'mock' ? await planOfMock(deps, source.subject.name) : await planOfSpecUrl(deps, source.subject.url);
      if (!plan.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, plan.problem.detail ?? plan.problem.title);
      const outcome = prompt.build(plan.plan, parsed);
      if (!outcome.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `${outcome.field}: ${outcome.message}`);
      return { description: outcome.result.description, messages: outcome.result.messages.map((m) => ({ role: m.role, content: { type: m.content.type, text: m.content.text } })) };
    });
  }
}
