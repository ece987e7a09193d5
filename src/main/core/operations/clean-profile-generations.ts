// Cleaning the old generations of a host's Nix profiles (issue 12), under the
// same policy as its system's (clean-policy.ts): kept, always, the newest N,
// the one the profile points at, and every known good generation of that
// profile. The profiles are the ones deployments changed. Used by
// clean-generations.ts inside its host lock; the caller audits.
import { recordedProfiles } from '../db/deployments';
import type { HostRecord } from '../db/hosts';
import { deleteProfileGenerations } from '../remote/delete-profile-generations';
import { listProfileGenerations } from '../remote/profile/profile-switch';
import type { GenerationInfo } from '../remote/probe-hosts';
import { planGenerationClean, type CleanPlan } from './clean-policy';
import type { HostsContext } from './deploy-context';
import { protectedProfileGenerations } from './profile-last-known-good';
import { protectProfileLastKnownGood } from './protect-profile-last-known-good';
import { remoteHostOf } from './remote-host-of';

export interface ProfileClean {
  readonly profile: string;
  readonly plan: CleanPlan;
}

/** Each recorded profile's plan, read on the host; changes nothing. */
export async function planProfileCleans(ctx: HostsContext, host: HostRecord, keep: number): Promise<ProfileClean[]> {
  const cleans: ProfileClean[] = [];
  for (const profile of recordedProfiles(ctx.db, host.name)) {
    const generations = await listProfileGenerations(ctx.transport, remoteHostOf(host), profile);
    // A profile has no booted or next-boot generation: what it points at is its current one.
    const asInfo: GenerationInfo[] = generations.map((g) => ({
      generation: g.number,
      date: null,
      toplevel: g.target,
      current: g.current,
      booted: false,
      default: false,
      nixosVersion: null,
      kernelVersion: null,
    }));
    const lkg = new Set(protectedProfileGenerations(ctx.db, host.name, profile).map((g) => g.generation));
    cleans.push({ profile, plan: planGenerationClean(asInfo, keep, lkg) });
  }
  return cleans;
}

/** DESTRUCTIVE: refreshes each profile's known good roots, then deletes what its plan lets go. */
export async function deleteProfileCleans(ctx: HostsContext, host: HostRecord, cleans: readonly ProfileClean[]): Promise<void> {
  for (const c of cleans) {
    await protectProfileLastKnownGood(ctx, remoteHostOf(host), c.profile);
    await deleteProfileGenerations(
      ctx.transport,
      remoteHostOf(host),
      c.profile,
      c.plan.deleted.map((g) => g.generation),
    );
  }
}
