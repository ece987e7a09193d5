// A host's Nix profiles (issue 12), beside its NixOS system: which profile a
// verb acts on, its generations, and rolling it back. Without --profile a verb
// acts on the NixOS system, or, on a host that is not NixOS, on its only
// profile (cli.md). The profiles a host has are the ones deployments changed.
import { readHeldManifests } from '../cache/held-manifests';
import { listDeployments, recordedProfilePredecessor, recordedProfiles } from '../db/deployments';
import { requireHost, type HostRecord } from '../db/hosts';
import { rollbackHostProfile } from '../operations/profile-rollback';
import { remoteHostOf } from '../operations/remote-host-of';
import { listProfileGenerations } from '../remote/profile/profile-switch';
import { probeHost } from '../remote/probe-hosts';
import type { UseCaseContext } from './context';
import { BadInputError } from './refusals';
import { hostsContextOf, type RunHooks } from './run-hooks';
import type { HostOutcome } from '../operations/host-outcome';

/** One generation of a profile, newest first as `generations` lists them. */
export interface ProfileGenerationView {
  readonly generation: number;
  /** The store path this generation points at. */
  readonly toplevel: string;
  /** The profile points at it now. */
  readonly current: boolean;
  /** Who deployed it, by this station's records; null when none says. */
  readonly deployedBy: { readonly operator: string; readonly bundle: string | null; readonly confirmed: boolean } | null;
}

export interface ProfileGenerations {
  readonly host: string;
  readonly profile: string;
  readonly generations: readonly ProfileGenerationView[];
}

/** A profile the operator named: an absolute path on the host, one line, no spaces (nix-env takes it as one argument). */
export function validateProfilePath(profile: string): string {
  if (!/^\/[^\s\0]+$/.test(profile) || profile.endsWith('/') || profile.split('/').includes('..'))
    throw new BadInputError(
      `--profile must be the profile's absolute path on the host (e.g. /nix/var/nix/profiles/per-user/epics/ioc), not '${profile}'`,
    );
  return profile;
}

/**
 * The profile a verb acts on: the one named; else, when the host has exactly one
 * recorded profile and no NixOS system generation (one probe), that one; else
 * undefined: the NixOS system.
 */
export async function profileToActOn(uc: UseCaseContext, host: HostRecord, named?: string): Promise<string | undefined> {
  if (named !== undefined) return validateProfilePath(named);
  const known = recordedProfiles(uc.db(), host.name);
  if (known.length !== 1) return undefined;
  const probe = await probeHost(uc.transport, remoteHostOf(host));
  // No system-N-link: not NixOS (its /run/current-system may still read as a path, readlink -f names missing ones).
  return probe.reachable && probe.generations.length === 0 ? known[0] : undefined;
}

/** The generations of `profile` of host `name`, read from the host, newest first. */
export async function listProfileGenerationsOf(uc: UseCaseContext, name: string, profile: string): Promise<ProfileGenerations> {
  const host = requireHost(uc.db(), name);
  const generations = await listProfileGenerations(uc.transport, remoteHostOf(host), validateProfilePath(profile));
  const rows = listDeployments(uc.db(), { host: name, profile }).reverse();
  const madeBy = (n: number, target: string): ProfileGenerationView['deployedBy'] => {
    const d = rows.find((r) => r.kind === 'deploy' && r.toGeneration === n && r.toToplevel === target && r.outcome !== 'running');
    return d ? { operator: d.operator, bundle: d.bundle ?? null, confirmed: d.confirmed } : null;
  };
  return {
    host: name,
    profile,
    generations: [...generations]
      .reverse()
      .map((g) => ({ generation: g.number, toplevel: g.target, current: g.current, deployedBy: madeBy(g.number, g.target) })),
  };
}

/** The ACTIVATE the newest bundle in the cache gives this profile (run after a rollback); none when no bundle says. */
export async function profileActivateOf(uc: UseCaseContext, host: string, profile: string): Promise<string | undefined> {
  const layout = await uc.cache().catch(() => undefined);
  if (!layout) return undefined;
  const { manifests } = await readHeldManifests(layout);
  const newest = [...manifests].sort((a, b) => b.manifest.sequence - a.manifest.sequence);
  for (const m of newest) {
    const entry = m.manifest.profiles?.find((p) => p.host === host && p.profile === profile);
    if (entry) return entry.activate;
  }
  return undefined;
}

export interface ProfileRollbackRequest {
  readonly host: string;
  readonly profile: string;
  readonly to?: number;
  readonly reason?: string;
  /** 'switch': `switch --profile` to generation `to`. */
  readonly kind?: 'rollback' | 'switch';
}

/** Rolls one of the host's profiles back (to `to`, or what it was before, by the records), running the older path's ACTIVATE. */
export async function rollbackProfileOf(uc: UseCaseContext, req: ProfileRollbackRequest, hooks: RunHooks = {}): Promise<HostOutcome> {
  const host = requireHost(uc.db(), req.host);
  const profile = validateProfilePath(req.profile);
  const activate = await profileActivateOf(uc, host.name, profile);
  return rollbackHostProfile(hostsContextOf(uc, hooks), host, {
    profile,
    ...(req.to === undefined ? {} : { to: req.to }),
    ...(activate === undefined ? {} : { activate }),
    ...(req.reason === undefined ? {} : { reason: req.reason }),
    ...(req.kind === undefined ? {} : { kind: req.kind }),
  });
}

/** `generations HOST [--profile P]`: the named profile's generations, or the only profile's on a host that is not NixOS; null: list the system's. */
export async function profileGenerationsFor(uc: UseCaseContext, name: string, named?: string): Promise<ProfileGenerations | null> {
  const profile = await profileToActOn(uc, requireHost(uc.db(), name), named);
  return profile === undefined ? null : listProfileGenerationsOf(uc, name, profile);
}

/** One of a host's profiles as the Host screen shows it: its generations, or why they could not be read. */
export interface HostProfileView extends ProfileGenerations {
  /** Where "roll back" takes the profile: what it was before its current generation, by the records; null when none says. */
  readonly rollbackTo: number | null;
  /** Why the generations could not be read from the host; null when they were. */
  readonly error: string | null;
}

/** Every profile deployments gave host `name`, each with its generations read from the host (one unreadable profile does not hide the others). */
export async function listHostProfiles(uc: UseCaseContext, name: string): Promise<HostProfileView[]> {
  requireHost(uc.db(), name);
  const views: HostProfileView[] = [];
  for (const profile of recordedProfiles(uc.db(), name)) {
    try {
      const listed = await listProfileGenerationsOf(uc, name, profile);
      const current = listed.generations.find((g) => g.current);
      const before = current ? recordedProfilePredecessor(uc.db(), name, profile, current.generation) : undefined;
      const rollbackTo = before?.fromGeneration ?? null;
      // Only a generation the host still has: a cleaned one cannot be gone back to.
      const known = listed.generations.some((g) => g.generation === rollbackTo);
      views.push({ ...listed, rollbackTo: known ? rollbackTo : null, error: null });
    } catch (err) {
      views.push({ host: name, profile, generations: [], rollbackTo: null, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return views;
}
