// What `npm run fleet -- status` shows: each host, its port, whether its sshd
// runs, and which generation is current, booted and in the profile.
import { existsSync, readFileSync } from 'node:fs';
import { isAlive } from './host-process';
import { machinePidOf } from './systemd-host';
import { hostPaths } from './paths';
import { profileTarget, runLink, systemGenerations } from './host-store';
import type { FleetHost, FleetState } from './state';

export interface HostStatus {
  readonly name: string;
  readonly port: number;
  /** The listener's pid now: an activation may have restarted sshd since the fleet recorded it. */
  readonly sshdPid: number | undefined;
  readonly current: string;
  readonly booted: string;
  readonly profile: string;
  readonly generations: number;
}

function runningSshd(host: FleetHost): number | undefined {
  const file = hostPaths(host.dir).sshdPidFile;
  const written = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  // A systemd host's sshd writes the number its own PID namespace gave it.
  const pid = host.systemd && Number.isInteger(written) ? machinePidOf(host.mountNamespace, written) : written;
  return pid !== undefined && Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

function describe(host: FleetHost, target: string | undefined): string {
  if (!target) return 'none';
  const generation = systemGenerations(host.dir).find((g) => g.toplevel === target);
  const name = target.replace(/^\/nix\/store\/[a-z0-9]{32}-/, '');
  return generation ? `gen ${generation.number} (${name})` : `not a generation (${target})`;
}

export function hostStatus(host: FleetHost): HostStatus {
  // A nix-only host has no system profile.
  const profile = host.baseSystem ? profileTarget(host.dir).toplevel : undefined;
  return {
    name: host.name,
    port: host.port,
    sshdPid: runningSshd(host),
    current: describe(host, runLink(host.dir, 'current-system')),
    booted: describe(host, runLink(host.dir, 'booted-system')),
    profile: describe(host, profile),
    generations: systemGenerations(host.dir).length,
  };
}

export function formatStatus(state: FleetState): string {
  const lines = state.hosts.map((host) => {
    const s = hostStatus(host);
    return [
      `${s.name}  ${host.address}:${s.port}${host.link ? ` (${host.link.rate} link)` : ''}  sshd ${s.sshdPid ? `running (pid ${s.sshdPid})` : 'NOT RUNNING'}  ${host.hostKeyFingerprint}`,
      ...(host.systemd
        ? [`  systemd pid ${host.systemd.initPid} (machine ${host.systemd.machine}, systemd-nspawn pid ${host.systemd.nspawnPid})`]
        : []),
      `  current ${s.current}`,
      `  booted  ${s.booted}`,
      `  profile ${s.profile} of ${s.generations}`,
    ].join('\n');
  });
  return [`fleet in ${state.dir} (up since ${state.startedAt})`, ...lines].join('\n');
}
