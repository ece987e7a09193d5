// The `airlock` command: finds the command named by the leading words, parses
// its options, runs it, and maps the outcome to cli.md's exit statuses.
import { parseArgs } from 'node:util';
import type { Command, CommandContext } from './command';
import { RefusedError, UsageError } from './cli-error';
import { splitGlobalOptions } from './global-options';
import { COMMANDS } from './commands';
import { helpText } from './help';
import { createUseCaseContext } from '../main/core/usecases/context';
import { isBadInput } from '../main/core/usecases/refusals';

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
  try {
    const { global, help, rest } = splitGlobalOptions(argv, io.env);
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
    const uc = createUseCaseContext({ ...(global.dataDir ? { dataDir: global.dataDir } : {}), ...(global.cache ? { cacheRoot: global.cache } : {}), env: io.env });
    const ctx: CommandContext = {
      positionals: parsed.positionals,
      options: parsed.values,
      global,
      uc,
      stdout: io.stdout,
      stderr: io.stderr,
    };
    try {
      await command.run(ctx);
    } finally {
      uc.close();
    }
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || isBadInput(err) || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`airlock: ${message}\n`);
    if (usage) return 2;
    if (!(err instanceof RefusedError) && io.env.AIRLOCK_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
}
