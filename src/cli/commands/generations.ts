// `airlock generations HOST`: every generation of the host's system profile,
// newest first, flagged current / booted / default (cli.md's fields). An
// unreachable host is a failure (exit 1): there is nothing to list.
import type { Command } from '../command';
import { RefusedError } from '../cli-error';
import { positional } from '../options';
import { printJson } from '../output';
import { formatTable } from '../table';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/generations');
import type { GenerationInfo } from '../../main/core/usecases/hosts';
import type { GenerationOrigin } from '../../main/core/usecases/generations';

const flags = (g: GenerationInfo): string =>
  [g.current ? 'current' : '', g.booted ? 'booted' : '', g.default ? 'default' : ''].filter(Boolean).join(',') || '-';

/** "operator@station", "(confirmed)" when it was confirmed healthy; "-" when no record says who made it. */
const byWhom = (o: GenerationOrigin | null | undefined): string =>
  o ? `${o.operator}@${o.station}${o.confirmed ? ' (confirmed)' : ''}` : '-';

export const generations: Command = {
  words: ['generations'],
  usage: 'generations HOST [--json]',
  summary: "a host's system generations, newest first, with which one runs, was booted and boots next, and who deployed each",
  positionals: 1,
  async run(ctx) {
    const name = positional(ctx, 0, 'HOST');
    const { listGenerations } = await useCases();
    const { probe, origins } = await listGenerations(ctx.uc, name);
    if (!probe.reachable) throw new RefusedError(`cannot list generations of ${name}: ${probe.error ?? 'unreachable'}`);
    if (ctx.global.json)
      return printJson(
        ctx,
        probe.generations.map((g) => ({ ...g, deployedBy: origins.get(g.generation) ?? null })),
      );
    const rows = probe.generations.map((g) => [
      String(g.generation),
      g.date ?? '-',
      flags(g),
      g.nixosVersion ?? '-',
      g.kernelVersion ?? '-',
      byWhom(origins.get(g.generation)),
      g.toplevel ?? '-',
    ]);
    ctx.stdout.write(formatTable(['GEN', 'DATE', 'FLAGS', 'NIXOS', 'KERNEL', 'DEPLOYED BY', 'TOPLEVEL'], rows));
  },
};
