// `airlock host probe [NAME…]`: one ssh round trip per host (in parallel),
// showing whether it answers, what it runs and whether it needs a reboot.
// Exit status: 0 even when some hosts are offline (cli.md does not say; a
// probe's job is to report the fleet's state, and offline is such a state,
// shown in the table and as reachable:false in --json). An unknown NAME is
// still a refusal (exit 1), before anything is probed.
import type { Command } from '../command';
import { printJson } from '../output';
import { formatTable } from '../table';
import { formatBytes } from '../../shared/format';
import { runningGeneration } from '../../shared/running-generation';
import type { HostProbe } from '../../main/core/usecases/hosts';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/hosts');

function state(p: HostProbe): string {
  if (!p.reachable) return 'offline';
  return p.rebootNeeded ? 'needs reboot' : 'online';
}

function row(p: HostProbe): string[] {
  const current = runningGeneration(p.generations);
  if (!p.reachable) return [p.name, state(p), '-', '-', '-', '-', p.error ?? ''];
  return [
    p.name,
    state(p),
    current ? String(current.generation) : '-',
    current?.nixosVersion ?? '-',
    current?.kernelVersion ?? '-',
    p.freeBytesNix === null ? '-' : formatBytes(p.freeBytesNix),
    p.error ?? '',
  ];
}

export const hostProbe: Command = {
  words: ['host', 'probe'],
  usage: 'host probe [NAME…] [--json]',
  summary: 'ask hosts (all, or those named) what they run: generations, NixOS and kernel versions, free space, reboot needed',
  positionals: [0, Number.MAX_SAFE_INTEGER],
  async run(ctx) {
    const { probeHosts } = await useCases();
    const probes = await probeHosts(ctx.uc, ctx.positionals);
    if (ctx.global.json) return printJson(ctx, probes);
    ctx.stdout.write(formatTable(['NAME', 'STATE', 'GENERATION', 'NIXOS', 'KERNEL', 'FREE /nix', 'NOTE'], probes.map(row)));
  },
};
