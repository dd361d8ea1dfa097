/** Every `mockloop` command; a new command is one more entry here. */
import type { Command } from './command';
import { compile } from './compile';
import { deploy, deployments, destroy, wrangler } from './deploy';
import { mcpRotateSecrets } from './mcp-secrets';
import { mock } from './mock';
import { probe } from './probe';

export const COMMANDS: readonly Command[] = [mock, compile, deploy, deployments, destroy, wrangler, mcpRotateSecrets, probe];

export { type Command, type CommandInput, defineCommand, type Flag, parseCommandArgs, UsageError } from './command';
export { commandHelp, overallHelp } from './help';
