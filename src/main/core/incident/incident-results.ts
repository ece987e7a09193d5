// From plans and host outcomes to the per-host results an incident records:
// "rolled back" only when the host runs its last known good generation; a
// magic rollback (the target's checks failed) is a failure, said plainly.
import type { HostOutcome } from '../operations/host-outcome';
import type { HostProbe } from '../remote/probe-hosts';
import { currentOf } from './incident-plan';
import type { IncidentHostPlan, IncidentHostResult, IncidentHostStatus } from '../db/incident-types';

/** A host as preflight left it: left out with its problem, already there, or waiting to run. */
export function pendingResult(plan: IncidentHostPlan, canary: boolean): IncidentHostResult {
  const status: IncidentHostStatus = plan.problem !== null ? 'left-out' : plan.unchanged ? 'unchanged' : 'not-started';
  const what = plan.profile === undefined ? 'already runs' : `profile ${plan.profile} already is`;
  const reason = plan.problem ?? (plan.unchanged ? `${what} its last known good generation ${plan.target?.generation ?? ''}`.trim() : null);
  return {
    host: plan.host,
    ...(plan.profile === undefined ? {} : { profile: plan.profile }),
    status,
    reason,
    canary,
    before: plan.current,
    target: plan.target,
    after: null,
    deploymentId: null,
    health: [],
    rebootNeeded: plan.problem === null ? plan.rebootNeeded : null,
    diff: plan.diff,
  };
}

export function outcomeResult(pending: IncidentHostResult, o: HostOutcome): IncidentHostResult {
  const back = `the host's watchdog put back generation ${o.from.generation ?? '?'}`;
  const [status, reason]: [IncidentHostStatus, string | null] =
    o.outcome === 'succeeded'
      ? ['rolled-back', null]
      : o.outcome === 'unchanged'
        ? ['unchanged', o.reason]
        : o.outcome === 'cancelled'
          ? ['not-started', o.reason ?? 'cancelled']
          : o.outcome === 'rolled-back'
            ? ['failed', `${o.reason ?? 'not confirmed'}; ${back}`]
            : ['failed', o.reason];
  return {
    ...pending,
    status,
    reason,
    deploymentId: o.deploymentId,
    health: o.health,
    rebootNeeded: o.rebootNeeded ?? pending.rebootNeeded,
  };
}

export function notTouched(pending: IncidentHostResult, why: string): IncidentHostResult {
  return { ...pending, status: 'not-started', reason: why };
}

/** What each host runs at the end, from a probe after the run. */
export function withAfter(r: IncidentHostResult, probe: HostProbe): IncidentHostResult {
  return { ...r, after: probe.reachable ? currentOf(probe) : null };
}
