// What a host is besides online or offline, for the Fleet: deploying (an
// operation works on it now), rolled back (its last deployment ended on the
// older generation), differing from the latest bundle (it runs something
// other than the newest held bundle's system for it, as the engine says).
// Pure, so the store's tests and the Fleet's filter share it.
import type { DeploymentView, HostSummary } from '../../../shared/schemas';

export type HostFlag = 'deploying' | 'rolled back' | 'differs from latest bundle';

/** The host put itself back (magic rollback), or an operator rolled it back. */
export function wasRolledBack(d: DeploymentView | null): boolean {
  return d !== null && (d.outcome === 'rolled-back' || (d.kind === 'rollback' && d.outcome === 'succeeded'));
}

export function hostFlags(host: HostSummary, busy: ReadonlySet<string>): HostFlag[] {
  const flags: HostFlag[] = [];
  // Busy in this window's own operations, or held by another Airlock process (a CLI deploy, another console).
  if (busy.has(host.name) || host.busyWith !== null) flags.push('deploying');
  if (wasRolledBack(host.lastDeployment)) flags.push('rolled back');
  const wanted = host.latestBundleSystem?.toplevel;
  if (wanted !== undefined && host.probe?.reachable && host.probe.current !== wanted) flags.push('differs from latest bundle');
  return flags;
}
