// `airlock generations HOST [--profile PROFILE]`: every generation of the
// host's system profile, newest first, flagged current / booted / default
// (cli.md's fields); with --profile, or on a host that is not NixOS and has one
// profile, that Nix profile's generations instead. An unreachable host is a
// failure (exit 1): there is nothing to list.
import type { Command } from '../command';
import { RefusedError } from '../cli-error';
import { optionalString, positional } from '../options';
import { printJson } from '../output';
import { formatTable } from '../table';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/generations');
const profileUseCases = () => import('../../main/core/usecases/profiles');
import type { GenerationInfo } from '../../main/core/usecases/hosts';
import type { GenerationOrigin } from '../../main/core/usecases/generations';
import type { CommandContext } from '../command';
import type { ProfileGenerations } from '../../main/core/usecases/profiles';

function printProfileGenerations(ctx: CommandContext, listed: ProfileGenerations): void {
  if (ctx.global.json) return printJson(ctx, listed.generations);
  const rows = listed.generations.map((g) => [
    String(g.generation),
    g.current ? 'current' : '-',
    g.deployedBy ? `${g.deployedBy.operator}${g.deployedBy.bundle ? ` (${g.deployedBy.bundle})` : ''}` : '-',
    g.toplevel,
  ]);
  ctx.stdout.write(`profile ${listed.profile} on ${listed.host}\n`);
  ctx.stdout.write(formatTable(['GEN', 'FLAGS', 'DEPLOYED BY', 'TARGET'], rows));
}

const flags = (g: GenerationInfo): string =>
  [g.current ? 'current' : '', g.booted ? 'booted' : '', g.default ? 'default' : ''].filter(Boolean).join(',') || '-';

/** "operator@station", "(confirmed)" when it was confirmed healthy; "-" when no record says who made it. */
const byWhom = (o: GenerationOrigin | null | undefined): string =>
  o ? `${o.operator}@${o.station}${o.confirmed ? ' (confirmed)' : ''}` : '-';

export const generations: Command = {
  words: ['generations'],
  usage: 'generations HOST [--profile PROFILE] [--json]',
  summary:
    "a host's system generations (or a Nix profile's), newest first, with which one runs, was booted and boots next, and who deployed each",
  positionals: 1,
  options: { profile: { type: 'string' } },
  optionHelp: {
    profile: {
      value: 'PROFILE',
      does: "list this Nix profile's generations (its absolute path on the host) instead of the NixOS system's",
      default: "the NixOS system, or the host's only profile when it is not NixOS",
    },
  },
  async run(ctx) {
    const name = positional(ctx, 0, 'HOST');
    const { profileGenerationsFor } = await profileUseCases();
    const profile = await profileGenerationsFor(ctx.uc, name, optionalString(ctx, 'profile'));
    if (profile) return printProfileGenerations(ctx, profile);
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
