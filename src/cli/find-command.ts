// Which command the leading words name, and when they name none, a usage error
// that says which word is unknown and what was probably meant (never the
// arguments after it: `unknown command 'depoly'`, not `'depoly plc1 --all'`).
import type { Command } from './command';
import { UsageError } from './cli-error';
import { closestName } from './did-you-mean';

export interface FoundCommand {
  readonly command: Command;
  readonly rest: readonly string[];
}

export function findCommand(commands: readonly Command[], words: readonly string[]): FoundCommand | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.words.every((w, i) => words[i] === w);
    if (matches && (!best || command.words.length > best.words.length)) best = command;
  }
  return best ? { command: best, rest: words.slice(best.words.length) } : undefined;
}

const quoted = (words: readonly string[]): string => `'${words.join(' ')}'`;

/** The commands under `prefix`, and the distinct words that may follow it. */
function nextWords(commands: readonly Command[], prefix: readonly string[]): string[] {
  const under = commands.filter((c) => c.words.length > prefix.length && prefix.every((w, i) => c.words[i] === w));
  return [...new Set(under.map((c) => c.words[prefix.length] as string))];
}

/** The usage error for words that name no command (or a command word where a sub-command was needed). */
export function unknownCommand(commands: readonly Command[], words: readonly string[]): UsageError {
  const prefix: string[] = [];
  for (const word of words) {
    if (!nextWords(commands, prefix).includes(word)) break;
    prefix.push(word);
  }
  const choices = nextWords(commands, prefix);
  const typed = words[prefix.length];
  if (typed === undefined || typed.startsWith('-')) {
    return new UsageError(
      `${quoted(prefix)} needs one of: ${choices.join(', ')}; run 'airlock help ${prefix.join(' ')}' for what each does`,
    );
  }
  const meant = closestName(typed, choices);
  const hint =
    meant === undefined ? `run 'airlock ${['help', ...prefix].join(' ')}' for the list` : `did you mean ${quoted([...prefix, meant])}?`;
  return new UsageError(`unknown command ${quoted([...prefix, typed])}; ${hint}`);
}

/** A command that takes no arguments, given a word where one of its sub-commands goes (`audit verfy`). */
export function mistypedSubcommand(commands: readonly Command[], found: FoundCommand): UsageError | undefined {
  const first = found.rest[0];
  const max = typeof found.command.positionals === 'number' ? found.command.positionals : found.command.positionals[1];
  if (max > 0 || first === undefined || first.startsWith('-')) return undefined;
  if (nextWords(commands, found.command.words).length === 0) return undefined;
  return unknownCommand(commands, [...found.command.words, ...found.rest]);
}
