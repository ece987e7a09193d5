// Starting one simulated host: its own store with its base system booted,
// its sshd (behind a slow site link when asked), and the record `down` needs.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { startSshd } from './host-process';
import { copyClosureToHost, setSystemProfile } from './host-store';
import { NIX_ONLY_USER, prepareNixOnlyHost } from './nix-only-host';
import { fleetPaths, hostPaths } from './paths';
import { hostKeyFingerprint, hostPublicKey, prepareSshdRunDir } from './sshd-config';
import { createSiteLink, removeSiteLink, type SiteLink, type SiteLinkOptions } from './site-link';
import { buildStandInSystem } from './stand-in-system';
import { bootSystemdHost } from './systemd-host';
import type { FleetHost, FleetState } from './state';

/** Points /run/<name> at a store path, replacing the link in one rename. */
export function setRunLink(hostDir: string, name: 'current-system' | 'booted-system', target: string): void {
  const link = join(hostPaths(hostDir).run, name);
  rmSync(`${link}.new`, { force: true });
  symlinkSync(target, `${link}.new`);
  renameSync(`${link}.new`, link);
}

export function writeKnownHosts(file: string, hosts: readonly FleetHost[]): void {
  // ssh looks a host on port 22 up by its bare address, any other port as [address]:port.
  const name = (h: FleetHost): string => (h.port === 22 ? h.address : `[${h.address}]:${h.port}`);
  writeFileSync(file, hosts.map((h) => `${name(h)} ${h.hostPublicKey}\n`).join(''));
}

export interface StartHostOptions {
  readonly version?: string;
  readonly link?: SiteLinkOptions;
  /** Boot a real systemd as the host's PID 1, with sshd as a unit (systemd-host.ts). */
  readonly systemd?: boolean;
  /** Not NixOS: Nix and sshd only, and an unprivileged user who owns the Nix install (nix-only-host.ts). */
  readonly nixOnly?: boolean;
}

/** A NixOS host's generation 1, in its profile and booted. */
function bootBaseSystem(dir: string, name: string, version: string): string {
  const baseSystem = buildStandInSystem({ host: name, version });
  copyClosureToHost(dir, baseSystem);
  setSystemProfile(dir, baseSystem);
  setRunLink(dir, 'current-system', baseSystem);
  setRunLink(dir, 'booted-system', baseSystem);
  return baseSystem;
}

export async function startHost(state: FleetState, index: number, options: StartHostOptions): Promise<FleetHost> {
  const name = `host${index}`;
  const link = options.link ? createSiteLink(state.dir, name, options.link) : undefined;
  try {
    if (options.nixOnly && options.systemd) throw new Error('a nix-only host runs no systemd: give nixOnly or systemd, not both');
    return await startHostBehind(state, name, options.version ?? '24.05.1', link, options.systemd ?? false, options.nixOnly ?? false);
  } catch (err) {
    // Not yet in the state file, so `down` would never find it.
    if (link) removeSiteLink(link);
    throw err;
  }
}

async function startHostBehind(
  state: FleetState,
  name: string,
  version: string,
  link: SiteLink | undefined,
  systemd: boolean,
  nixOnly: boolean,
): Promise<FleetHost> {
  const paths = fleetPaths(state.dir);
  const dir = join(paths.hostsDir, name);
  const p = hostPaths(dir);
  mkdirSync(p.nix, { recursive: true });
  mkdirSync(p.run, { recursive: true });
  const baseSystem = nixOnly ? undefined : bootBaseSystem(dir, name, version);
  if (nixOnly) prepareNixOnlyHost(dir);
  // Behind a link the host has a network of its own, so it can have port 22 as a real one does.
  const address = link?.insideAddress ?? '127.0.0.1';
  const port = link ? 22 : await freePort();
  prepareSshdRunDir(dir, port, `${paths.clientKey}.pub`, address);
  const hostKey = { hostKeyFingerprint: hostKeyFingerprint(dir), hostPublicKey: hostPublicKey(dir) };
  // Last step: nothing may fail between starting sshd and recording its pid.
  const booted = systemd ? await bootSystemdHost(dir, port, address, link) : undefined;
  const sshd = booted ?? (await startSshd(dir, port, address, link));
  return {
    name,
    address,
    port,
    dir,
    sshdPid: sshd.pid,
    mountNamespace: sshd.mountNamespace,
    ...hostKey,
    clientKey: paths.clientKey,
    knownHosts: paths.knownHosts,
    ...(baseSystem ? { baseSystem } : {}),
    ...(nixOnly ? { user: NIX_ONLY_USER.name } : {}),
    ...(link ? { link } : {}),
    ...(booted ? { systemd: { nspawnPid: booted.nspawnPid, initPid: booted.initPid, machine: booted.machine } } : {}),
  };
}
