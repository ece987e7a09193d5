// The `airlock` command: finds the command named by the leading words, parses
// its options, runs it, and maps the outcome to cli.md's exit statuses.
// Start-up is kept small (issue 15): what loads here, and the command modules,
// are words and argument checks; the engine (the use-case context with SQLite
// and SSH, the codecs) is imported only once a command runs, so `--help` and
// `--version` answer in tens of milliseconds (test/cli/startup-modules.test.ts).
import { parseArgs } from 'node:util';
import type { Command, CommandContext } from './command';
import { UsageError } from './cli-error';
import { splitGlobalOptions } from './global-options';
import { COMMANDS } from './commands';
import { commandHelp, GLOBAL_OPTION_NAMES, helpText } from './help';
import { findCommand, mistypedSubcommand, unknownCommand, type FoundCommand } from './find-command';
import { closestName } from './did-you-mean';
import type { UseCaseContext } from '../main/core/usecases/context';
import { explainFailure, isBadInput, NoSiteError, Refusal } from '../main/core/usecases/refusals';
import { airlockVersion } from '../main/core/usecases/version';

function checkPositionals(command: Command, count: number): void {
  const [min, max] = typeof command.positionals === 'number' ? [command.positionals, command.positionals] : command.positionals;
  if (count < min) throw new UsageError(`too few arguments\nusage: airlock ${command.usage}`);
  if (count > max) throw new UsageError(`too many arguments\nusage: airlock ${command.usage}`);
}

function unknownOption(typed: string, known: readonly string[], helpCommand: string): UsageError {
  const name = typed.split('=')[0] as string;
  const meant = name.startsWith('--') ? closestName(name, known) : undefined;
  return new UsageError(
    `unknown option '${name}'; ${meant === undefined ? `run '${helpCommand}' for the options` : `did you mean '${meant}'?`}`,
  );
}

function parseOptions({ command, rest }: FoundCommand): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: [...rest], options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    const typed = /'(-[^']*)'/.exec((err as Error).message)?.[1];
    if ((err as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || typed === undefined) throw err;
    const known = [...Object.keys(command.options ?? {}).map((o) => `--${o}`), ...GLOBAL_OPTION_NAMES];
    throw unknownOption(typed, known, `airlock ${command.words.join(' ')} --help`);
  }
}

export async function runCli(
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<number> {
  let uc: UseCaseContext | undefined;
  try {
    const { global, help, version, rest } = splitGlobalOptions(argv, io.env);
    if (version) {
      io.stdout.write(`airlock ${airlockVersion()}\n`);
      return 0;
    }
    if (help || rest.length === 0 || rest[0] === 'help') {
      const words = rest[0] === 'help' ? rest.slice(1) : rest;
      const named = findCommand(COMMANDS, words);
      io.stdout.write(named ? commandHelp(COMMANDS, named.command) : helpText(COMMANDS, words));
      return 0;
    }
    if (rest[0]?.startsWith('-')) throw unknownOption(rest[0], GLOBAL_OPTION_NAMES, 'airlock --help');
    const found = findCommand(COMMANDS, rest);
    if (!found) throw unknownCommand(COMMANDS, rest);
    const mistyped = mistypedSubcommand(COMMANDS, found);
    if (mistyped) throw mistyped;
    const { command } = found;
    const parsed = parseOptions(found);
    checkPositionals(command, parsed.positionals.length);
    // Imported and built only now (opened on first use): help, version and usage errors load no engine.
    const { createUseCaseContext } = await import('../main/core/usecases/context');
    uc = createUseCaseContext({
      ...(global.dataDir ? { dataDir: global.dataDir } : {}),
      ...(global.cache ? { cacheRoot: global.cache } : {}),
      env: io.env,
    });
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
  } catch (caught) {
    // A full data disk surfaces from SQLite as "disk I/O error": said here once, for every command.
    const err = uc ? explainFailure(caught, uc.dataDir) : caught;
    const usage = err instanceof UsageError || isBadInput(err) || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = err instanceof NoSiteError ? noSiteAdvice(err, uc?.dataDir) : err instanceof Error ? err.message : String(err);
    io.stderr.write(`airlock: ${message}\n`);
    if (usage) return 2;
    // An expected refusal (any Refusal of the engine, or the CLI's own RefusedError) is its words alone.
    if (!(err instanceof Refusal) && io.env.AIRLOCK_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
}

/** The engine says there is no site; the command line says which command sets one up. */
function noSiteAdvice(err: NoSiteError, dataDir: string | undefined): string {
  return `no site here yet (${err.dataDir ?? dataDir ?? 'this data folder'}): run \`airlock site init --name SITE --trust PUBKEY\` first, or pass the right --data-dir`;
}
