/**
 * The five MCP prompts, each a pure function of a mock's plan and its string arguments. The MCP
 * worker fetches the plan of `mock_name` through the admin API and registers them in one loop.
 * @example
 * for (const p of PROMPTS) server.registerPrompt(p.name, { title: p.title, description: p.description, argsSchema: p.argsSchema }, async (args) => {
 *   const outcome = p.build(await planOf(args.mock_name), args);
 *   if (!outcome.ok) throw new McpError(ErrorCode.InvalidParams, `${outcome.field}: ${outcome.message}`);
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
export type { PromptDefinition, PromptMessage, PromptOutcome, PromptResult } from './types';
