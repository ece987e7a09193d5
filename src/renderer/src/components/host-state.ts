// A host's state in a word, from its last probe (pure, so the store's tests
// and the Fleet's filter share it).
import type { HostSummary } from '../../../shared/schemas';

export type HostState = 'online' | 'offline' | 'needs reboot' | 'not probed';

export function hostState(host: HostSummary): HostState {
  const p = host.probe;
  if (p === null) return 'not probed';
  if (!p.reachable) return 'offline';
  return p.rebootNeeded ? 'needs reboot' : 'online';
}
