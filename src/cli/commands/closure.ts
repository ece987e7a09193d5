// `airlock closure size HOST [GENERATION] [--top N]` and
// `airlock closure why HOST GENERATION PATH`: what a generation's closure
// weighs, which paths weigh most (alone: their unique size; and as NARs), and
// the chain of references that pulls a path in. Read on the host; from the
// offline cache's narinfos when the host is out of reach (the output says which).
import type { Command, CommandContext } from '../command';
import { positional, positiveInteger } from '../options';
import { printJson, printLine } from '../output';
import { formatTable } from '../table';
import { formatBytes } from '../../shared/format';
import type { ClosureReport, SizedPath } from '../../main/core/usecases/closures';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/closures');

const generationArg = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : positiveInteger(text, 'GENERATION must be a generation number (see airlock generations HOST)');

function sourceLine(r: { host: string; generation: number; toplevel: string; source: string; hostError?: string }): string {
  const from =
    r.source === 'host'
      ? `read on ${r.host}`
      : `read from the offline cache's narinfos (${r.host} is out of reach: ${r.hostError ?? 'unreachable'})`;
  return `${r.host} generation ${r.generation}: ${r.toplevel}, ${from}`;
}

const rows = (paths: readonly SizedPath[]): string[][] => paths.map((p) => [formatBytes(p.uniqueSize), formatBytes(p.narSize), p.path]);

function printReport(ctx: CommandContext, r: ClosureReport): void {
  if (ctx.global.json) return printJson(ctx, r);
  printLine(ctx, sourceLine(r));
  printLine(ctx, `closure: ${r.paths} paths, ${formatBytes(r.closureBytes)}`);
  printLine(ctx, '');
  printLine(ctx, 'largest by unique size (what would leave the closure with the path):');
  ctx.stdout.write(formatTable(['UNIQUE', 'NAR', 'PATH'], rows(r.byUniqueSize)));
  printLine(ctx, '');
  printLine(ctx, 'largest by NAR size:');
  ctx.stdout.write(formatTable(['UNIQUE', 'NAR', 'PATH'], rows(r.byNarSize)));
}

export const closureSize: Command = {
  words: ['closure', 'size'],
  usage: 'closure size HOST [GENERATION] [--top N] [--json]',
  summary: "a generation's closure size and its largest paths, by unique size and by NAR size (default: the running generation)",
  positionals: [1, 2],
  options: { top: { type: 'string' } },
  optionHelp: { top: { value: 'N', does: 'how many of the largest paths to list', default: '20' } },
  async run(ctx) {
    const name = positional(ctx, 0, 'HOST');
    const top = typeof ctx.options.top === 'string' ? positiveInteger(ctx.options.top, '--top must be a whole number, 1 or more') : 20;
    const { closureReport } = await useCases();
    printReport(ctx, await closureReport(ctx.uc, name, generationArg(ctx.positionals[1]), top));
  },
};

export const closureWhyCommand: Command = {
  words: ['closure', 'why'],
  usage: 'closure why HOST GENERATION PATH [--json]',
  summary: "the shortest chain of references from the generation's toplevel to PATH (a store path or a unique name fragment such as glibc)",
  positionals: 3,
  async run(ctx) {
    const name = positional(ctx, 0, 'HOST');
    const generation = generationArg(positional(ctx, 1, 'GENERATION'));
    const { closureWhy } = await useCases();
    const r = await closureWhy(ctx.uc, name, generation, positional(ctx, 2, 'PATH'));
    if (ctx.global.json) return printJson(ctx, r);
    printLine(ctx, sourceLine(r));
    r.chain.forEach((p, i) =>
      printLine(
        ctx,
        `${i === 0 ? '' : `${'  '.repeat(i - 1)}└─ `}${p.path}  (${formatBytes(p.narSize)}, unique ${formatBytes(p.uniqueSize)})`,
      ),
    );
  },
};

export const CLOSURE_COMMANDS: readonly Command[] = [closureSize, closureWhyCommand];
