// Where the fleet keeps its state: one folder (AIRLOCK_FLEET_DIR, default
// /tmp/airlock-fleet) holding the state file, the fleet's client key, the
// pinned known_hosts and one folder per host with its own nix/ and run/.
import { join, resolve } from 'node:path';

export const DEFAULT_FLEET_DIR = '/tmp/airlock-fleet';

export interface FleetPaths {
  readonly dir: string;
  readonly stateFile: string;
  readonly clientKey: string;
  readonly knownHosts: string;
  readonly hostsDir: string;
}

export function fleetDirFromEnv(): string {
  return resolve(process.env.AIRLOCK_FLEET_DIR ?? DEFAULT_FLEET_DIR);
}

export function fleetPaths(dir: string): FleetPaths {
  const root = resolve(dir);
  return {
    dir: root,
    stateFile: join(root, 'fleet.json'),
    clientKey: join(root, 'client', 'id_ed25519'),
    knownHosts: join(root, 'known_hosts'),
    hostsDir: join(root, 'hosts'),
  };
}

export interface HostPaths {
  readonly dir: string;
  /** Mounted at /nix inside the host: its store, db and profiles. */
  readonly nix: string;
  /** Mounted at /run inside the host: sshd config and keys, current-system, activation log. */
  readonly run: string;
  readonly hostKey: string;
  readonly sshdPidFile: string;
  readonly profiles: string;
}

export function hostPaths(hostDir: string): HostPaths {
  return {
    dir: hostDir,
    nix: join(hostDir, 'nix'),
    run: join(hostDir, 'run'),
    hostKey: join(hostDir, 'run', 'ssh_host_ed25519_key'),
    sshdPidFile: join(hostDir, 'run', 'sshd.pid'),
    profiles: join(hostDir, 'nix', 'var', 'nix', 'profiles'),
  };
}
