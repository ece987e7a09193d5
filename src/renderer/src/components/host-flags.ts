// What a host is besides online or offline, for the Fleet: deploying (an
// operation works on it now), rolled back (its last deployment ended on the
// older generation), differing from the latest bundle (it runs something
// other than the newest held bundle's system for it). Pure, so the store's
// tests and the Fleet's filter share it.
import type { CacheStatusView, DeploymentView, HostSummary } from '../../../shared/schemas';

export type HostFlag = 'deploying' | 'rolled back' | 'differs from latest bundle';

/** Each host's system in the newest bundle the cache holds that carries one for it. */
export function latestSystems(bundles: CacheStatusView['bundles'], site: string | undefined): ReadonlyMap<string, string> {
  const systems = new Map<string, string>();
  const ours = bundles.filter((b) => site === undefined || b.site === site).sort((a, b) => a.sequence - b.sequence);
  for (const b of ours) for (const s of b.systems) systems.set(s.host, s.toplevel);
  return systems;
}

/** The host put itself back (magic rollback), or an operator rolled it back. */
export function wasRolledBack(d: DeploymentView | null): boolean {
  return d !== null && (d.outcome === 'rolled-back' || (d.kind === 'rollback' && d.outcome === 'succeeded'));
}

export function hostFlags(host: HostSummary, busy: ReadonlySet<string>, latest: ReadonlyMap<string, string>): HostFlag[] {
  const flags: HostFlag[] = [];
  // Busy in this window's own operations, or held by another Airlock process (a CLI deploy, another console).
  if (busy.has(host.name) || host.busyWith !== null) flags.push('deploying');
  if (wasRolledBack(host.lastDeployment)) flags.push('rolled back');
  const wanted = latest.get(host.name);
  if (wanted !== undefined && host.probe?.reachable && host.probe.current !== wanted) flags.push('differs from latest bundle');
  return flags;
}
