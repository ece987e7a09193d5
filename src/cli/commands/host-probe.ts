// `airlock host probe [NAME…]`: one ssh round trip per host (in parallel),
// showing whether it answers, what it runs and whether it needs a reboot.
// Exit status: 0 even when some hosts are offline (cli.md does not say; a
// probe's job is to report the fleet's state, and offline is such a state,
// shown in the table and as reachable:false in --json). An unknown NAME is
// still a refusal (exit 1), before anything is probed.
import type { Command } from '../command';
import { printJson } from '../output';
import { commandDataDir, openDataDatabase, withDatabase } from '../site-context';
import { formatTable } from '../table';
import { listHosts, requireHost } from '../../main/core/db/hosts';
import { probeHosts, remoteHostOf, type HostProbe } from '../../main/core/remote/probe-hosts';
import { createSshTransport } from '../../main/core/remote/ssh-transport';

function state(p: HostProbe): string {
  if (!p.reachable) return 'offline';
  return p.rebootNeeded ? 'needs reboot' : 'online';
}

/** Binary units, as df -h shows them. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function row(p: HostProbe): string[] {
  const current = p.generations.find((g) => g.current);
  if (!p.reachable) return [p.name, state(p), '-', '-', '-', '-', p.error ?? ''];
  return [p.name, state(p), current ? String(current.generation) : '-', current?.nixosVersion ?? '-', current?.kernelVersion ?? '-', formatBytes(p.freeBytesNix), p.error ?? ''];
}

export const hostProbe: Command = {
  words: ['host', 'probe'],
  usage: 'host probe [NAME…] [--json]',
  summary: 'ask hosts (all, or those named) what they run: generations, NixOS and kernel versions, free space, reboot needed',
  positionals: [0, Number.MAX_SAFE_INTEGER],
  async run(ctx) {
    const dataDir = commandDataDir(ctx);
    await withDatabase(openDataDatabase(ctx), async (db) => {
      const names = [...new Set(ctx.positionals)];
      const hosts = names.length === 0 ? listHosts(db) : names.map((name) => requireHost(db, name));
      const probes = await probeHosts(createSshTransport(dataDir), hosts.map(remoteHostOf));
      if (ctx.global.json) return printJson(ctx, probes);
      ctx.stdout.write(formatTable(['NAME', 'STATE', 'GENERATION', 'NIXOS', 'KERNEL', 'FREE /nix', 'NOTE'], probes.map(row)));
    });
  },
};
