/**
 * The five MCP prompts, each a pure function of a plan and its string arguments. Each takes
 * `mock_name` (a running mock: its plan comes from the admin API) or `spec_url` (a spec not mocked
 * yet: compile it); `subjectOf(args)` says which. The MCP worker registers them in one loop.
 * @example
 * for (const p of PROMPTS) server.registerPrompt(p.name, { title: p.title, description: p.description, argsSchema: p.argsSchema }, async (args) => {
 *   const source = subjectOf(args);
 *   if (!source.ok) throw new McpError(ErrorCode.InvalidParams, `${source.field} ${source.message}`);
 *   const plan = source.subject.kind === 'mock' ? await planOfMock(source.subject.name) : await compileUrl(source.subject.url);
 *   const outcome = p.build(plan, args);
 *   if (!outcome.ok) throw new McpError(ErrorCode.InvalidParams, `${outcome.field} ${outcome.message}`);
 *   return outcome.result;
 * });
 */
import { analyzeOpenapiForTesting } from './analyze-openapi';
import { generateErrorScenarios } from './error-scenarios';
import { generateScenarioConfig } from './generate-scenario';
import { optimizeScenarioForLoad } from './optimize-load';
import { generateSecurityTestScenarios } from './security-scenarios';
import type { PromptArgsShape, PromptDefinition } from './types';

// SAFETY: each definition's build takes its own argument shape; the registry is read only through
// argsSchema (which parses the arguments first) and build with those parsed arguments.
export const PROMPTS = [analyzeOpenapiForTesting, generateScenarioConfig, optimizeScenarioForLoad, generateErrorScenarios, generateSecurityTestScenarios] as unknown as readonly PromptDefinition<PromptArgsShape>[];

export { analyzeOpenapiForTesting, generateErrorScenarios, generateScenarioConfig, generateSecurityTestScenarios, optimizeScenarioForLoad };
export { scenarioJsonSchemaText } from './schema';
export { type Subject, subjectOf } from './common';
export type { PromptDefinition, PromptMessage, PromptOutcome, PromptResult } from './types';
