/** Every `mockloop` command; a new command is one more entry here. */
import type { Command } from './command';
import { compile } from './compile';
import { deploy, deployments, destroy, wrangler } from './deploy';
import { load } from './load';
import { mcpRotateSecrets } from './mcp-secrets';
import { mock } from './mock';
import { probe } from './probe';
import { run } from './run';

export const COMMANDS: readonly Command[] = [mock, compile, load, run, probe, deploy, deployments, destroy, wrangler, mcpRotateSecrets];

export { type Command, type CommandInput, defineCommand, type Flag, parseCommandArgs, UsageError } from './command';
export { commandHelp, overallHelp } from './help';
