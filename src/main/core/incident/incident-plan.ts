// Step 2 and 4 of an incident, before anything changes: for each host, its
// last known good generation, what changed since (the package diff, read on
// the host), whether a reboot will be needed, and preflight: reachable, and
// the target generation still there, still the system it was when it was
// confirmed (a generation deleted by hand, or its number reused by Nix, is
// caught here). A host that fails preflight is left out; the others go on.
// The operator may pick a host's target among its generations (a host with
// none confirmed healthy, or one whose record is wrong): the pick then goes
// through the same preflight, and the record says it was picked.
import type { HostRecord } from '../db/hosts';
import { mapLimit } from '../jobs/map-limit';
import type { HostsContext } from '../operations/deploy-context';
import { probeHost, runningGeneration, type HostProbe } from '../remote/probe-hosts';
import { remoteHostOf } from '../operations/remote-host-of';
import type { IncidentHostPlan, LastKnownGood, PickableGeneration, SystemRef } from '../db/incident-types';
import { lastKnownGood } from '../operations/last-known-good';
import { diffOnHost } from './diff-on-host';
import { incidentProfileOf, planProfileIncidentHost } from './incident-profile';

export interface PlanOptions {
  /** Per host: the deployment to go back before (the latest deployment's row); otherwise the host's latest change. */
  readonly before?: ReadonlyMap<string, number>;
  /** Per host: the generation the operator picked as its target, instead of the recorded last known good. */
  readonly picks?: ReadonlyMap<string, number>;
}

export function currentOf(p: HostProbe): SystemRef {
  const g = runningGeneration(p);
  return { generation: g?.generation ?? null, toplevel: p.current, kernelVersion: g?.kernelVersion ?? null };
}

/** Preflight of a target on a fresh probe: null when it can go ahead, else why not, in operator words. */
export function preflightProblem(host: string, probe: HostProbe, target: LastKnownGood | undefined): string | null {
  if (!probe.reachable) return `${host} is unreachable: ${probe.error ?? 'no answer'}; left out, nothing was done to it`;
  if (!target)
    return `${host} has no generation confirmed healthy before its latest change in the deployment records; left out unless you pick its target (in the app's plan, or \`--pick ${host}=GENERATION\`)`;
  const there = probe.generations.find((g) => g.generation === target.generation);
  if (!there) {
    return `${host}: its last known good generation ${target.generation} (${target.toplevel}) was deleted from the host; left out, nothing was done to it`;
  }
  if (there.toplevel !== target.toplevel) {
    return `${host}: generation ${target.generation} is now ${there.toplevel ?? 'unreadable'}, not the known good ${target.toplevel}; left out, nothing was done to it`;
  }
  return null;
}

/** What the host's generations offer the operator to pick from, newest first. */
export function choicesOf(probe: HostProbe): PickableGeneration[] {
  return probe.generations.flatMap((g) =>
    g.toplevel === null
      ? []
      : [{ generation: g.generation, toplevel: g.toplevel, date: g.date, current: g.current, nixosVersion: g.nixosVersion }],
  );
}

/** The operator's pick as a target: the system it is on the host now, recorded as picked at this moment. */
function pickedTarget(probe: HostProbe, generation: number, now: Date): LastKnownGood | string {
  const there = probe.generations.find((g) => g.generation === generation);
  if (!there?.toplevel) {
    const have = choicesOf(probe).map((g) => g.generation);
    return `${probe.name}: the picked generation ${generation} is not on the host (it has ${have.length > 0 ? have.join(', ') : 'none readable'}); left out, nothing was done to it`;
  }
  return { generation, toplevel: there.toplevel, deploymentId: null, confirmedAt: now.toISOString(), source: 'picked' };
}

export async function planIncidentHost(ctx: HostsContext, host: HostRecord, options: PlanOptions = {}): Promise<IncidentHostPlan> {
  const before = options.before?.get(host.name);
  const picked = options.picks?.get(host.name);
  ctx.onEvent?.({ host: host.name, phase: 'probing' });
  const probe = await probeHost(ctx.transport, remoteHostOf(host));
  // A host with no NixOS system and one profile: the profile goes back (the rule every verb follows).
  const profile = incidentProfileOf(ctx.db, host.name, probe);
  if (profile !== undefined) return planProfileIncidentHost(ctx, host, profile, { ...options, probe });
  const current = currentOf(probe);
  const fromPick = picked === undefined || !probe.reachable ? undefined : pickedTarget(probe, picked, new Date());
  const target =
    fromPick === undefined
      ? (lastKnownGood(ctx.db, host.name, before === undefined ? {} : { before }) ?? null)
      : typeof fromPick === 'string'
        ? null
        : fromPick;
  const problem = typeof fromPick === 'string' ? fromPick : preflightProblem(host.name, probe, target ?? undefined);
  const base = { host: host.name, current, target, problem, unchanged: false, diff: null, rebootNeeded: false, choices: choicesOf(probe) };
  if (problem !== null || target === null) return base;
  const unchanged = probe.current === target.toplevel && runningGeneration(probe)?.generation === target.generation;
  const targetKernel = probe.generations.find((g) => g.generation === target.generation)?.kernelVersion ?? null;
  const bootedKernel = probe.generations.find((g) => g.booted)?.kernelVersion ?? null;
  return {
    ...base,
    unchanged,
    diff: unchanged ? null : await diffOnHost(ctx, host, probe.current, target.toplevel),
    rebootNeeded: targetKernel !== null && bootedKernel !== null && targetKernel !== bootedKernel,
  };
}

/** The plan and preflight of every host, at most 8 probed at a time; nothing on any host changes. */
export function planIncident(ctx: HostsContext, hosts: readonly HostRecord[], options: PlanOptions = {}): Promise<IncidentHostPlan[]> {
  return mapLimit(hosts, 8, (h) => planIncidentHost(ctx, h, options));
}
