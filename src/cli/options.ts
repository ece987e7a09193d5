// Reading typed values out of parsed options, with usage errors that say what is wrong.
import type { CommandContext } from './command';
import { UsageError } from './cli-error';

export function requiredString(ctx: CommandContext, name: string): string {
  const value = ctx.options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function positional(ctx: CommandContext, index: number, what: string): string {
  const value = ctx.positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

/** A whole number from 1 to 2^53−1; `mustBe` says what is expected, e.g. "--keep must be a whole number…". */
export function positiveInteger(text: string, mustBe: string): number {
  const n = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${mustBe}, not '${text}'`);
  return n;
}
