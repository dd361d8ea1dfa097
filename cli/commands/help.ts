/** --help text, made from the command definitions. */
import type { Command } from './command';

export function commandHelp(command: Command): string {
  const lines = [`Usage: mockloop ${command.name}${command.args ? ` ${command.args}` : ''}${Object.keys(command.flags).length ? ' [flags]' : ''}`, '', command.summary];
  const entries = Object.entries(command.flags);
  if (entries.length > 0) {
    lines.push('', 'Flags:');
    const labels = entries.map(([name, flag]) => `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` <${flag.value}>` : ''}`);
    const width = Math.max(...labels.map((l) => l.length));
    entries.forEach(([, flag], i) => {
      lines.push(`  ${labels[i].padEnd(width)}  ${flag.description}${flag.default !== undefined ? ` (default: ${flag.default})` : ''}`);
    });
    lines.push(`  ${'-h, --help'.padEnd(width)}  this help`);
  }
  if (command.details) lines.push('', command.details);
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export function overallHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `mockloop ${version}: OpenAPI / Swagger description in, mock API on Cloudflare Workers (locally on workerd) out.`,
    '',
    'Usage: mockloop <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'mockloop <command> --help shows its flags, defaults and examples; mockloop --version the version.',
  ].join('\n');
}
