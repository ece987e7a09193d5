// What a command is: its words (`nar dump`), its options, and what it does.
import type { ParseArgsConfig } from 'node:util';
import type { UseCaseContext } from '../main/core/usecases/context';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface GlobalOptions {
  readonly dataDir: string | undefined;
  readonly cache: string | undefined;
  readonly json: boolean;
}

export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly global: GlobalOptions;
  /** The engine's verbs run against this: the data folder and cache the global options name. */
  readonly uc: UseCaseContext;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** What `--help` says of one option: the value it takes (none for a switch), what it does, and its default. */
export interface OptionHelp {
  readonly value?: string;
  readonly does: string;
  readonly default?: string;
}

export type OptionHelps = Readonly<Record<string, OptionHelp>>;

export interface Command {
  /** The words that name it, e.g. ['nar', 'dump']. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  readonly options?: OptionSpec;
  /** One entry for each of `options` (test/cli/help.test.ts holds every command to it). */
  readonly optionHelp?: OptionHelps;
  /** Positional arguments: exactly this many, or [min, max]. */
  readonly positionals: number | readonly [number, number];
  run(ctx: CommandContext): Promise<void>;
}
