// The `airlock` command: finds the command named by the leading words, parses
// its options, runs it, and maps the outcome to cli.md's exit statuses.
import { parseArgs } from 'node:util';
import type { Command, CommandContext } from './command';
import { UsageError } from './cli-error';
import { Refusal } from '../main/core/refusal-error';
import { dataDiskProblem } from '../main/core/db/disk-full';
import { resolveDataDir } from '../main/core/data-dir';
import { splitGlobalOptions } from './global-options';
import { COMMANDS } from './commands';
import { helpText } from './help';

function findCommand(words: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: Command | undefined;
  for (const command of COMMANDS) {
    const matches = command.words.every((w, i) => words[i] === w);
    if (matches && (!best || command.words.length > best.words.length)) best = command;
  }
  return best ? { command: best, rest: words.slice(best.words.length) } : undefined;
}

function checkPositionals(command: Command, count: number): void {
  const [min, max] = typeof command.positionals === 'number' ? [command.positionals, command.positionals] : command.positionals;
  if (count < min) throw new UsageError(`too few arguments\nusage: airlock ${command.usage}`);
  if (count > max) throw new UsageError(`too many arguments\nusage: airlock ${command.usage}`);
}

export async function runCli(
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<number> {
  let dataDir: string | undefined;
  try {
    const { global, help, rest } = splitGlobalOptions(argv, io.env);
    dataDir = global.dataDir;
    const found = findCommand(rest);
    if (help || rest.length === 0 || rest[0] === 'help') {
      io.stdout.write(helpText(COMMANDS, rest[0] === 'help' ? rest.slice(1) : rest));
      return 0;
    }
    if (!found) throw new UsageError(`unknown command '${rest.join(' ')}'; run 'airlock --help' for the list`);
    const { command } = found;
    const parsed = parseArgs({
      args: [...found.rest],
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    checkPositionals(command, parsed.positionals.length);
    const ctx: CommandContext = {
      positionals: parsed.positionals,
      options: parsed.values,
      global,
      stdout: io.stdout,
      stderr: io.stderr,
    };
    await command.run(ctx);
    return 0;
  } catch (caught) {
    // A full data disk surfaces from SQLite as "disk I/O error": said here once, for every command.
    const err = (/^(SQLITE_|ENOSPC)/.test(String((caught as { code?: unknown } | null | undefined)?.code)) && dataDiskProblem(caught, resolveDataDir(dataDir))) || caught;
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`airlock: ${message}\n`);
    if (usage) return 2;
    // An expected refusal (any Refusal of the engine, or the CLI's own RefusedError) is its words alone.
    if (!(err instanceof Refusal) && io.env.AIRLOCK_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
}
