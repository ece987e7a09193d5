// `airlock --help`: every command with its usage, or those under the given words.
import type { Command } from './command';

export function helpText(commands: readonly Command[], words: readonly string[]): string {
  const shown = commands.filter((c) => words.every((w, i) => c.words[i] === w));
  const list = shown.length > 0 ? shown : commands;
  const lines = list.map((c) => `  airlock ${c.usage}\n      ${c.summary}`);
  return [
    'airlock: offline Nix binary cache and NixOS deployment for air-gapped sites',
    '',
    ...lines,
    '',
    'Global options (anywhere): --data-dir DIR (AIRLOCK_DATA_DIR), --cache DIR (AIRLOCK_CACHE), --json',
    'Exit status: 0 done, 1 refused or failed, 2 usage error.',
    '',
  ].join('\n');
}
