// A host's own Nix store (HOSTDIR/nix, mounted at /nix inside the host): a
// real store with its own database and profiles, filled with `nix copy`.
import { mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hostPaths } from './paths';
import { inHostNamespace, NIX_ENV, run } from './run';

/** Copies a closure from the machine's store into the host's; paths are not signed, so no signature check. */
export function copyClosureToHost(hostDir: string, storePath: string): void {
  run(['nix', 'copy', '--no-check-sigs', '--to', `local?root=${hostDir}`, storePath], { env: NIX_ENV });
  mkdirSync(hostPaths(hostDir).profiles, { recursive: true });
}

/** Makes `toplevel` the next generation of the host's system profile, with nix-env as NixOS does. */
export function setSystemProfile(hostDir: string, toplevel: string): void {
  run(inHostNamespace(hostDir, ['nix-env', '--profile', '/nix/var/nix/profiles/system', '--set', toplevel]), { env: NIX_ENV });
}

export interface Generation {
  readonly number: number;
  readonly link: string;
  readonly toplevel: string;
}

/** Generations as the host sees them, read without entering its namespace. */
export function systemGenerations(hostDir: string): Generation[] {
  const profiles = hostPaths(hostDir).profiles;
  return readdirSync(profiles)
    .map((name) => /^system-(\d+)-link$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ number: Number(m[1]), link: m[0], toplevel: readlinkSync(join(profiles, m[0])) }))
    .sort((a, b) => a.number - b.number);
}

/**
 * What the system profile points at. Resolved by hand: the links name
 * /nix/store paths as the host sees them, which outside its namespace would
 * resolve in the machine's store instead.
 */
export function profileTarget(hostDir: string): Generation {
  const profiles = hostPaths(hostDir).profiles;
  const link = readlinkSync(join(profiles, 'system'));
  const generation = systemGenerations(hostDir).find((g) => g.link === link);
  if (!generation) throw new Error(`${profiles}/system points at ${link}, which is not a generation`);
  return generation;
}

/** The target of /run/current-system or /run/booted-system on the host, if set. */
export function runLink(hostDir: string, name: 'current-system' | 'booted-system'): string | undefined {
  try {
    return readlinkSync(join(hostPaths(hostDir).run, name));
  } catch {
    return undefined;
  }
}
