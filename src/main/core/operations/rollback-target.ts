// Where "Roll back" goes, decided once: the generation that ran before the
// running one, by the deployment records (not blindly number − 1). The
// command line's `rollback` and the Host screen's button both ask this, so the
// screen never promises a target the engine would not take.
import { runningGeneration } from '../../../shared/running-generation';
import { recordedPredecessor } from '../db/deployments';
import type { SiteDb } from '../db/open-database';
import type { HostProbe } from '../remote/probe-hosts';

export type RollbackTarget =
  | { readonly from: number; readonly to: number; readonly why: null }
  | { readonly from: number | null; readonly to: null; readonly why: string };

export function rollbackTarget(db: SiteDb, host: string, probe: Pick<HostProbe, 'reachable' | 'generations'>): RollbackTarget {
  if (!probe.reachable) return { from: null, to: null, why: `${host} could not be reached, so what it runs now is not known` };
  const current = runningGeneration(probe.generations);
  if (!current) return { from: null, to: null, why: 'its running system is none of its generations' };
  const record = recordedPredecessor(db, host, current.generation);
  if (!record || record.fromGeneration === null) {
    return { from: current.generation, to: null, why: `no deployment record says what ran before generation ${current.generation}` };
  }
  return { from: current.generation, to: record.fromGeneration, why: null };
}
