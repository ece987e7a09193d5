// Where each host stands against the site's records, as the engine decides it
// for every face: the generation last confirmed healthy (what an incident
// rollback returns it to) and the system the newest held bundle carries for it.
// The screens show these; they never re-derive them.
import { readHeldManifests } from '../cache/held-manifests';
import { listDeployments, type Deployment } from '../db/deployments';
import { listHostLocks, type HostLock } from '../db/host-locks';
import { getSite } from '../db/site-store';
import { lastKnownGood, type LastKnownGood } from '../operations/last-known-good';
import { latestBundleSystems, type LatestBundleSystem } from '../operations/latest-bundle-systems';
import type { UseCaseContext } from './context';

export type { LatestBundleSystem } from '../operations/latest-bundle-systems';
export type { LastKnownGood } from '../operations/last-known-good';
export type { Deployment } from '../db/deployments';
export type { HostLock } from '../db/host-locks';

/** What an incident rollback of `host` would go back to now, if anything was ever confirmed healthy before its latest change. */
export function lastKnownGoodOf(uc: UseCaseContext, host: string): LastKnownGood | null {
  return lastKnownGood(uc.db(), host) ?? null;
}

/**
 * Each host's system in the newest bundle of the site that the chosen offline
 * cache holds. Empty when no cache is chosen or its medium is out: "differs
 * from the latest bundle" is then unknown, not true.
 */
export async function latestBundleSystemsOf(uc: UseCaseContext): Promise<ReadonlyMap<string, LatestBundleSystem>> {
  const root = uc.cacheRoot();
  if (root === undefined) return new Map();
  try {
    const { manifests } = await readHeldManifests(await uc.cache());
    const bundles = manifests.map(({ name, manifest: m }) => ({ name, site: m.site, sequence: m.sequence, systems: m.systems }));
    return latestBundleSystems(bundles, getSite(uc.db())?.name);
  } catch {
    return new Map();
  }
}

/** A host's deployment records (deploys, switches, rollbacks), newest first: the Host screen's history and the Fleet's last one. */
export function deploymentRecordsOf(uc: UseCaseContext, filter: { readonly host?: string; readonly limit?: number }): Deployment[] {
  return listDeployments(uc.db(), filter);
}

/** Which hosts an operation holds now (deploy, rollback, incident…), by host: the Fleet shows them busy. */
export function hostsBusyNow(uc: UseCaseContext): ReadonlyMap<string, HostLock> {
  return new Map(listHostLocks(uc.db()).map((l) => [l.host, l]));
}
