// The test fleet's lifecycle, for tests, the demo and `npm run fleet`:
// start N simulated hosts, reboot one, stop them all (by pid), run commands
// on them over real SSH, as the spec test-fleet.md describes.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopHostProcesses, startSshd } from './host-process';
import { profileTarget } from './host-store';
import { fleetPaths, hostPaths } from './paths';
import { requireRoot } from './run';
import { ensureClientKey } from './sshd-config';
import { removeSiteLink, type SiteLinkOptions } from './site-link';
import { setRunLink, startHost, writeKnownHosts } from './start-host';
import { bootSystemdHost, stopSystemdHost } from './systemd-host';
import { readFleetState, replaceHost, writeFleetState, type FleetHost, type FleetState } from './state';

export { runOnHost, type RemoteResult, type RunOnHostOptions } from './ssh';
export type { FleetHost, FleetState } from './state';
export type { SiteLink, SiteLinkOptions } from './site-link';
export { setRunLink } from './start-host';

export interface StartFleetOptions {
  readonly dir: string;
  /** NixOS version of every host's base system (generation 1). */
  readonly version?: string;
  /** Put every host behind its own slow site link (netns + veth + tbf), e.g. `{ rate: '50mbit' }`. */
  readonly link?: SiteLinkOptions;
  /** Every host boots a real systemd (systemd-nspawn) that runs its sshd as a unit. */
  readonly systemd?: boolean;
  /** Every host is not NixOS: Nix and sshd only, with an unprivileged user (nix-only-host.ts). */
  readonly nixOnly?: boolean;
}

/**
 * Starts `n` hosts, each with generation 1 of its own base system booted.
 * Wipes host folders of a previous fleet in `dir`; refuses while one runs.
 */
export async function startFleet(n: number, options: StartFleetOptions): Promise<FleetState> {
  requireRoot();
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error(`host count must be 1..50, got ${n}`);
  const paths = fleetPaths(options.dir);
  if (readFleetState(paths.dir)) throw new Error(`a fleet is already up in ${paths.dir}: run \`npm run fleet -- down\` first`);
  rmSync(paths.hostsDir, { recursive: true, force: true });
  mkdirSync(paths.hostsDir, { recursive: true });
  ensureClientKey(paths.clientKey);
  let state: FleetState = { version: 1, dir: paths.dir, startedAt: new Date().toISOString(), hosts: [] };
  try {
    for (let i = 1; i <= n; i++) {
      const host = await startHost(state, i, options);
      // Saved after every host, so a failure half-way still leaves `down` every pid.
      state = { ...state, hosts: [...state.hosts, host] };
      writeFleetState(state);
      writeKnownHosts(paths.knownHosts, state.hosts);
    }
  } catch (err) {
    await stopFleet(paths.dir).catch(() => undefined);
    throw err;
  }
  return state;
}

/** Every process of one host, by pid: a systemd host's PID 1 first, which takes its whole PID namespace along. */
function stopHost(host: FleetHost): Promise<number[]> {
  if (host.systemd) return stopSystemdHost(host.mountNamespace, host.systemd.initPid, host.systemd.nspawnPid);
  return stopHostProcesses(host.mountNamespace, [host.sshdPid]);
}

export function loadFleet(dir: string): FleetState {
  const state = readFleetState(dir);
  if (!state) throw new Error(`no fleet is up in ${fleetPaths(dir).dir} (no ${fleetPaths(dir).stateFile}): run \`npm run fleet -- up N\``);
  return state;
}

export function fleetHost(state: FleetState, name: string): FleetHost {
  const host = state.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no host ${name} in the fleet (hosts: ${state.hosts.map((h) => h.name).join(', ')})`);
  return host;
}

/**
 * Stops every process of every host, by pid, removes the site links the state
 * file names, and forgets the fleet. Returns the pids signalled.
 */
export async function stopFleet(dir: string): Promise<number[]> {
  requireRoot();
  const state = readFleetState(dir);
  if (!state) return [];
  const stopped: number[] = [];
  for (const host of state.hosts) {
    try {
      stopped.push(...(await stopHost(host)));
    } finally {
      if (host.link) removeSiteLink(host.link);
    }
  }
  rmSync(fleetPaths(dir).stateFile, { force: true });
  return stopped;
}

/**
 * "Reboots" a host (test-fleet.md): everything it runs stops, /run/booted-system
 * and /run/current-system follow the system profile, sshd starts again on the
 * same address and port with the same host key.
 */
export async function rebootHost(dir: string, name: string): Promise<FleetHost> {
  requireRoot();
  const state = loadFleet(dir);
  const host = fleetHost(state, name);
  await stopHost(host);
  // A nix-only host has no system to boot into: a reboot only restarts it.
  if (host.baseSystem) {
    const generation = profileTarget(host.dir);
    setRunLink(host.dir, 'booted-system', generation.toplevel);
    setRunLink(host.dir, 'current-system', generation.toplevel);
  }
  if (!existsSync(join(hostPaths(host.dir).run, 'sshd_config'))) throw new Error(`${host.dir}/run/sshd_config is gone`);
  // The site link stays: a reboot restarts the host, not the network between it and the machine.
  if (host.systemd) {
    const booted = await bootSystemdHost(host.dir, host.port, host.address, host.link);
    const systemd = { nspawnPid: booted.nspawnPid, initPid: booted.initPid, machine: booted.machine };
    const rebooted: FleetHost = { ...host, sshdPid: booted.pid, mountNamespace: booted.mountNamespace, systemd };
    writeFleetState(replaceHost(state, rebooted));
    return rebooted;
  }
  const sshd = await startSshd(host.dir, host.port, host.address, host.link);
  const rebooted: FleetHost = { ...host, sshdPid: sshd.pid, mountNamespace: sshd.mountNamespace };
  writeFleetState(replaceHost(state, rebooted));
  return rebooted;
}
