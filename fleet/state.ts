// The fleet's state file: what `down`, `reboot` and the tests need to find
// every host and every process the fleet started. Validated on read, because
// `down` kills by the pids it finds here.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { fleetPaths } from './paths';
import { SiteLinkSchema } from './site-link';

export const FleetHostSchema = z.object({
  name: z.string().regex(/^host\d+$/),
  /** 127.0.0.1, or the host's end of its slow site link. */
  address: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
  port: z.number().int().min(1).max(65535),
  dir: z.string().startsWith('/'),
  sshdPid: z.number().int().min(2),
  /** "mnt:[4026532177]": the host's private mount namespace, to find all its processes. */
  mountNamespace: z.string().regex(/^mnt:\[\d+\]$/),
  hostKeyFingerprint: z.string().startsWith('SHA256:'),
  hostPublicKey: z.string().startsWith('ssh-ed25519 '),
  clientKey: z.string().startsWith('/'),
  knownHosts: z.string().startsWith('/'),
  /** Generation 1 of a NixOS host; a nix-only host has none. */
  baseSystem: z.string().startsWith('/nix/store/').optional(),
  /** A nix-only host's unprivileged SSH user (nix-only-host.ts); absent on NixOS hosts, reached as root. */
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/)
    .optional(),
  /** Present when the host sits behind a slow site link: what `down` must remove. */
  link: SiteLinkSchema.optional(),
  /** Present when the host boots a real systemd (systemd-host.ts): what `down` must kill first. */
  systemd: z
    .object({
      nspawnPid: z.number().int().min(2),
      /** The host's PID 1, as the machine numbers it. */
      initPid: z.number().int().min(2),
      machine: z.string().regex(/^airlock-[0-9a-f]{10}$/),
    })
    .optional(),
});
export type FleetHost = Readonly<z.infer<typeof FleetHostSchema>>;

export const FleetStateSchema = z.object({
  version: z.literal(1),
  dir: z.string(),
  startedAt: z.string(),
  hosts: z.array(FleetHostSchema),
});
export type FleetState = Readonly<z.infer<typeof FleetStateSchema>>;

export function readFleetState(dir: string): FleetState | undefined {
  const file = fleetPaths(dir).stateFile;
  if (!existsSync(file)) return undefined;
  const parsed = FleetStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a fleet state file: ${parsed.error.message}`);
  return parsed.data;
}

/** Written whole and renamed, so a crash never leaves half a list of pids. */
export function writeFleetState(state: FleetState): void {
  const file = fleetPaths(state.dir).stateFile;
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function replaceHost(state: FleetState, host: FleetHost): FleetState {
  return { ...state, hosts: state.hosts.map((h) => (h.name === host.name ? host : h)) };
}
