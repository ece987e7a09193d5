// An incident on a host with no NixOS system (issue 12): the same rule as
// every verb (usecases/profiles.ts profileToActOn): a host whose probe finds
// no system generation and whose records name exactly one profile goes back
// on that profile, to the profile's last known good generation, running that
// generation's ACTIVATE. Plan, preflight, run and the final look at the host
// mirror the system's (incident-plan.ts, incident-host.ts).
import { recordedProfiles } from '../db/deployments';
import type { HostRecord } from '../db/hosts';
import type { IncidentHostPlan, LastKnownGood, PickableGeneration, SystemRef } from '../db/incident-types';
import type { SiteDb } from '../db/open-database';
import type { HostsContext } from '../operations/deploy-context';
import type { HostOutcome } from '../operations/host-outcome';
import { profileLastKnownGood } from '../operations/profile-last-known-good';
import { rollbackHostProfile } from '../operations/profile-rollback';
import { remoteHostOf } from '../operations/remote-host-of';
import type { HostProbe } from '../remote/probe-hosts';
import { listProfileGenerations, type ProfileGeneration } from '../remote/profile/profile-switch';
import { diffOnHost } from './diff-on-host';

/** The profile an incident acts on for `host`: its only recorded one, when the probe finds no NixOS system; else undefined. */
export function incidentProfileOf(db: SiteDb, host: string, probe: HostProbe): string | undefined {
  const known = recordedProfiles(db, host);
  return known.length === 1 && probe.reachable && probe.generations.length === 0 ? known[0] : undefined;
}

const refOf = (g: ProfileGeneration | undefined): SystemRef => ({ generation: g?.number ?? null, toplevel: g?.target ?? null });

function preflight(
  host: string,
  profile: string,
  generations: readonly ProfileGeneration[],
  target: LastKnownGood | undefined,
): string | null {
  if (!target)
    return `${host}: profile ${profile} has no generation confirmed healthy before its latest change in the deployment records; left out unless you pick its target (\`--pick ${host}=GENERATION\`)`;
  const there = generations.find((g) => g.number === target.generation);
  if (!there)
    return `${host}: the last known good generation ${target.generation} of profile ${profile} (${target.toplevel}) was deleted from the host; left out, nothing was done to it`;
  if (there.target !== target.toplevel)
    return `${host}: generation ${target.generation} of profile ${profile} is now ${there.target}, not the known good ${target.toplevel}; left out, nothing was done to it`;
  return null;
}

export interface ProfilePlanOptions {
  readonly probe: HostProbe;
  readonly before?: ReadonlyMap<string, number>;
  readonly picks?: ReadonlyMap<string, number>;
}

/** The plan and preflight of a profile's incident rollback on `host`; nothing changes. */
export async function planProfileIncidentHost(
  ctx: HostsContext,
  host: HostRecord,
  profile: string,
  options: ProfilePlanOptions,
): Promise<IncidentHostPlan> {
  const empty = { host: host.name, profile, unchanged: false, diff: null, rebootNeeded: false } as const;
  let generations: ProfileGeneration[];
  try {
    generations = await listProfileGenerations(ctx.transport, remoteHostOf(host), profile);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ...empty, current: refOf(undefined), target: null, problem: `${why}; left out, nothing was done to it`, choices: [] };
  }
  const now = generations.find((g) => g.current);
  const choices: PickableGeneration[] = [...generations]
    .reverse()
    .map((g) => ({ generation: g.number, toplevel: g.target, date: null, current: g.current, nixosVersion: null }));
  const picked = options.picks?.get(host.name);
  const before = options.before?.get(host.name);
  const pickedThere = picked === undefined ? undefined : generations.find((g) => g.number === picked);
  const target: LastKnownGood | undefined =
    picked === undefined
      ? profileLastKnownGood(ctx.db, host.name, profile, before === undefined ? {} : { before })
      : pickedThere && {
          generation: pickedThere.number,
          toplevel: pickedThere.target,
          deploymentId: null,
          confirmedAt: new Date().toISOString(),
          source: 'picked',
        };
  const problem =
    picked !== undefined && !pickedThere
      ? `${host.name}: the picked generation ${picked} is not a generation of profile ${profile} (it has ${generations.map((g) => g.number).join(', ') || 'none'}); left out, nothing was done to it`
      : preflight(host.name, profile, generations, target);
  const base = { ...empty, current: refOf(now), target: target ?? null, problem, choices };
  if (problem !== null || !target) return base;
  const unchanged = now?.number === target.generation;
  return { ...base, unchanged, diff: unchanged ? null : await diffOnHost(ctx, host, now?.target ?? null, target.toplevel) };
}

export interface ProfileIncidentOptions {
  readonly incidentId: number;
  readonly reason: string;
  /** The ACTIVATE the bundles give this profile, run from the target after the rollback. */
  readonly activate?: string;
}

/** Puts `profile` back on its known good generation and runs its ACTIVATE, under the host's lock, checking the target again there. */
export function rollbackProfileToLastKnownGood(
  ctx: HostsContext,
  host: HostRecord,
  profile: string,
  target: LastKnownGood,
  options: ProfileIncidentOptions,
): Promise<HostOutcome> {
  return rollbackHostProfile(ctx, host, {
    profile,
    to: target.generation,
    toplevel: target.toplevel,
    reason: `incident ${options.incidentId}: ${options.reason}`,
    ...(options.activate === undefined ? {} : { activate: options.activate }),
  });
}

/** What the profile points at at the end; null when the host could not be read. */
export async function profileNow(ctx: HostsContext, host: HostRecord, profile: string): Promise<SystemRef | null> {
  try {
    return refOf((await listProfileGenerations(ctx.transport, remoteHostOf(host), profile)).find((g) => g.current));
  } catch {
    return null;
  }
}
