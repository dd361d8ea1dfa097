/**
 * mockloop CLI: finds the command (cli/commands) named by the first words, answers --help and
 * --version, parses the flags the command declares and runs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, type Command, commandHelp, overallHelp, parseCommandArgs, UsageError } from './commands';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The command whose name is the longest run of leading words of argv. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = COMMANDS.map((command) => ({ command, words: command.name.split(' ') }))
    .filter(({ words }) => words.every((word, i) => argv[i] === word))
    .sort((a, b) => b.words.length - a.words.length);
  const found = matches[0];
  return found ? { command: found.command, rest: argv.slice(found.words.length) } : undefined;
}

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v' || first === 'version') {
    console.log(VERSION);
    return 0;
  }
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const topic = first === 'help' ? findCommand(argv.slice(1)) : undefined;
    console.log(topic ? commandHelp(topic.command) : overallHelp(COMMANDS, VERSION));
    return first === undefined ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
    const hint = group.length > 0 ? `; did you mean ${group.map((g) => `"mockloop ${g}"`).join(' or ')}?` : '';
    console.error(`mockloop: unknown command "${argv.join(' ')}"${hint}\n\n${overallHelp(COMMANDS, VERSION)}`);
    return 2;
  }
  const { command, rest } = found;
  const flagArgs = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (flagArgs.includes('--help') || flagArgs.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`mockloop ${command.name}: ${error.message}\n(mockloop ${command.name} --help lists its flags)`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: the command serves until a signal stops it. Otherwise exit now: a failed start must not
    // hang on whatever it had begun.
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    console.error(`mockloop: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
