// The Fleet in one line: how many hosts are in each state, each a button that
// filters the table to them (the filter matches state words).
import type { HostSummary } from '../../../../shared/schemas';
import type { HostFlag } from '../../components/host-flags';
import { hostState } from '../../components/host-state';
import { useApp } from '../../store/use-app';

const ORDER = ['online', 'needs reboot', 'offline', 'not probed', 'deploying', 'rolled back', 'differs from latest bundle'] as const;

export function countStates(hosts: readonly HostSummary[], flagsOf: (h: HostSummary) => readonly HostFlag[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of hosts) for (const s of [hostState(h), ...flagsOf(h)]) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

export function FleetCounts({ counts }: { readonly counts: ReadonlyMap<string, number> }) {
  const setFilter = useApp((s) => s.setHostFilter);
  const shown = ORDER.filter((s) => (counts.get(s) ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="counts" aria-label="Hosts by state">
      {shown.map((s) => (
        <li key={s}>
          <button type="button" className="link" onClick={() => setFilter({ text: s })}>
            {counts.get(s)} {s}
          </button>
        </li>
      ))}
    </ul>
  );
}
