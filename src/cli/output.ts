// Printing: one JSON document with --json, human text otherwise.
import type { CommandContext } from './command';

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(ctx: CommandContext, line = ''): void {
  ctx.stdout.write(`${line}\n`);
}
