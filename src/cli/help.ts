// `airlock --help`: every command with its usage, or those under the given words;
// `airlock help deploy` / `airlock deploy --help`: one command, every option with
// what it does and its default.
import type { Command } from './command';

const GLOBAL_LINES = [
  'Global options (anywhere): --data-dir DIR (AIRLOCK_DATA_DIR), --cache DIR (AIRLOCK_CACHE), --json, --help, --version',
  'Exit status: 0 done, 1 refused or failed, 2 usage error.',
];

/** The options every command accepts, for "did you mean" among them. */
export const GLOBAL_OPTION_NAMES: readonly string[] = ['--data-dir', '--cache', '--json', '--help', '--version'];

export function helpText(commands: readonly Command[], words: readonly string[]): string {
  const shown = commands.filter((c) => words.every((w, i) => c.words[i] === w));
  const list = shown.length > 0 ? shown : commands;
  const lines = list.map((c) => `  airlock ${c.usage}\n      ${c.summary}`);
  return ['airlock: offline Nix binary cache and NixOS deployment for air-gapped sites', '', ...lines, '', ...GLOBAL_LINES, ''].join('\n');
}

export function commandHelp(commands: readonly Command[], command: Command): string {
  const rows = Object.entries(command.options ?? {}).map(([name, spec]) => {
    const help = command.optionHelp?.[name];
    const flag = `--${name}${help?.value ? ` ${help.value}` : ''}`;
    const notes = [spec.multiple ? 'may be given more than once' : '', help?.default ? `default: ${help.default}` : ''].filter(Boolean);
    return [flag, `${help?.does ?? ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  const related = commands.filter((c) => c !== command && command.words.every((w, i) => c.words[i] === w));
  return [
    `usage: airlock ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    '',
    ...(rows.length > 0
      ? ['Options:', ...rows.map(([flag, does]) => `  ${flag.padEnd(width)}  ${does}`), '']
      : ['It takes no options of its own.', '']),
    ...(related.length > 0 ? [`See also: ${related.map((c) => `airlock ${c.words.join(' ')}`).join(', ')}`, ''] : []),
    ...GLOBAL_LINES,
    '',
  ].join('\n');
}
