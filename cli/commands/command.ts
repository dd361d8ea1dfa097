/**
 * One CLI command: its name (one or more words, e.g. `mcp rotate-secrets`), what it does, its
 * flags with their defaults, examples, and `run`. `--help` and argument parsing are the same
 * for every command (see help.ts and main.ts), so adding a command is one entry in index.ts.
 */
import { parseArgs } from 'node:util';

export interface Flag {
  type: 'string' | 'boolean';
  /** Shown in --help: `--port <port>`. */
  value?: string;
  /** The default as --help shows it (parsing leaves an absent flag undefined, so a command knows what was given). */
  default?: string;
  short?: string;
  description: string;
}

export interface Command {
  /** `mock`, or words such as `mcp rotate-secrets`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** What follows the name: `<spec file or URL>`. */
  args?: string;
  /** How many positionals it takes: [min, max]. */
  positionals?: [number, number];
  /** Paragraphs printed after the flags. */
  details?: string;
  flags: Record<string, Flag>;
  examples: string[];
  /** Exit code, or -1 when the command keeps the process serving. */
  run(input: CommandInput): Promise<number>;
}

export interface CommandInput {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A usage error: main prints it with the command's help and exits 2. */
export class UsageError extends Error {}

export function defineCommand(command: Command): Command {
  return command;
}

export function parseCommandArgs(command: Command, args: string[]): CommandInput {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, flag] of Object.entries(command.flags)) options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const [min, max] = command.positionals ?? [0, 0];
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new UsageError(`${command.name} takes ${expected} argument(s)${command.args ? `: ${command.args}` : ''}, got ${parsed.positionals.length}`);
  }
  // SAFETY: parseArgs' values hold strings and booleans only, as declared by the options above.
  return { flags: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}
