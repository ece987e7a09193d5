// One row per host: a tick to deploy to it, its state in words and colours
// (online or offline, and deploying, rolled back, differing from the latest
// bundle), current generation, NixOS and kernel versions, last deployment,
// tags. The name opens the Host screen.
import { memo } from 'react';
import type { HostSummary } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { useNow } from '../../components/use-now';
import type { HostFlag } from '../../components/host-flags';
import { hostState } from '../../components/host-state';
import { HostStateBadge } from '../../components/host-state-badge';
import { RebootControl } from '../../components/reboot-control';
import { useApp } from '../../store/use-app';
import { currentGeneration } from './filter-hosts';
import { ProbeAge } from './probe-age';
import { useRowWindow } from './use-row-window';

/** Up to this many hosts every row is rendered; above it only those in view (see use-row-window.ts). */
const WINDOW_ABOVE = 100;

const OUTCOME_WORDS = {
  running: 'running',
  succeeded: 'succeeded',
  'rolled-back': 'rolled back',
  failed: 'failed',
  cancelled: 'cancelled',
  inhibited: 'inhibited',
} as const;

function LastDeployment({ host }: { readonly host: HostSummary }) {
  const d = host.lastDeployment;
  if (!d) return <>none</>;
  const to = d.toGeneration === null ? '' : ` → ${d.toGeneration}`;
  return (
    <>
      <span className={d.outcome === 'succeeded' ? 'outcome-ok' : d.outcome === 'running' ? '' : 'outcome-failed'}>
        {OUTCOME_WORDS[d.outcome]}
      </span>{' '}
      {d.kind}
      {to}
      <div className="muted small">{formatTime(d.finishedAt ?? d.startedAt)}</div>
    </>
  );
}

interface RowProps {
  readonly host: HostSummary;
  readonly flags: readonly HostFlag[];
  readonly index: number;
  readonly probing: boolean;
  /** The clock the probe ages are read against (ticks every few seconds). */
  readonly now: number;
  readonly intervalMs: number | undefined;
}

// A row kept by a new filter is not rendered again: its host object is the same, and its flags say the same.
const sameRow = (a: RowProps, b: RowProps): boolean =>
  a.host === b.host &&
  a.index === b.index &&
  a.flags.join('|') === b.flags.join('|') &&
  a.probing === b.probing &&
  a.now === b.now &&
  a.intervalMs === b.intervalMs;

const FleetRow = memo(function FleetRow({ host, flags, index, probing, now, intervalMs }: RowProps) {
  const openHost = useApp((s) => s.openHost);
  const selected = useApp((s) => s.selectedHosts.includes(host.name));
  const toggle = useApp((s) => s.toggleHostSelected);
  const g = currentGeneration(host);
  const p = host.probe;
  // An offline host keeps what it said when last seen, greyed.
  const old = p !== null && !p.reachable ? 'stale' : undefined;
  return (
    <tr data-row aria-rowindex={index + 2}>
      <th scope="row">
        <button type="button" className="link" onClick={() => openHost(host.name)}>
          {host.name}
        </button>
      </th>
      <td>
        <input type="checkbox" aria-label={`Select ${host.name}`} checked={selected} onChange={() => toggle(host.name)} />
      </td>
      <td>
        <div className="states">
          <HostStateBadge state={hostState(host)} />
          {flags.map((f) => (
            <HostStateBadge key={f} state={f} />
          ))}
        </div>
        {p && !p.reachable && p.error ? <div className="muted small">{p.error}</div> : null}
        <RebootControl host={host} busy={flags.includes('deploying')} sayFailure />
      </td>
      <td className={old}>{g ? `generation ${g.generation}` : '–'}</td>
      <td className={old}>{g?.nixosVersion ?? '–'}</td>
      <td className={old}>{g?.kernelVersion ?? '–'}</td>
      <td>
        <LastDeployment host={host} />
      </td>
      <td>{host.tags.length ? host.tags.join(', ') : '–'}</td>
      <td>
        {host.address}:{host.port}
      </td>
      <td>
        <ProbeAge probe={p} probing={probing} now={now} intervalMs={intervalMs} />
      </td>
    </tr>
  );
}, sameRow);

export function FleetTable({
  hosts,
  flagsOf,
}: {
  readonly hosts: readonly HostSummary[];
  readonly flagsOf: (h: HostSummary) => readonly HostFlag[];
}) {
  const windowed = hosts.length > WINDOW_ABOVE;
  const now = useNow(5_000);
  const probing = useApp((s) => s.probingHosts);
  const intervalMs = useApp((s) => s.settings?.probeIntervalMs);
  const selected = useApp((s) => s.selectedHosts);
  const setSelected = useApp((s) => s.setHostsSelected);
  const allSelected = hosts.length > 0 && hosts.every((h) => selected.includes(h.name));
  const view = useRowWindow(hosts.length, windowed);
  const shown = hosts.slice(view.start, view.end);
  const table = (
    <table aria-label="Hosts" aria-rowcount={hosts.length + 1}>
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">
            <label className="small">
              <input
                type="checkbox"
                aria-label="Select all hosts shown"
                checked={allSelected}
                onChange={() =>
                  setSelected(
                    allSelected ? selected.filter((n) => !hosts.some((h) => h.name === n)) : [...selected, ...hosts.map((h) => h.name)],
                  )
                }
              />{' '}
              Deploy
            </label>
          </th>
          <th scope="col">State</th>
          <th scope="col">Current</th>
          <th scope="col">NixOS</th>
          <th scope="col">Kernel</th>
          <th scope="col">Last deployment</th>
          <th scope="col">Tags</th>
          <th scope="col">Address</th>
          <th scope="col">Last probe</th>
        </tr>
      </thead>
      <tbody>
        {view.start > 0 ? <tr aria-hidden="true" style={{ height: view.start * view.rowPx }} /> : null}
        {shown.map((h, i) => (
          <FleetRow
            key={h.name}
            host={h}
            flags={flagsOf(h)}
            index={view.start + i}
            probing={probing.has(h.name)}
            now={now}
            intervalMs={intervalMs}
          />
        ))}
        {view.end < hosts.length ? <tr aria-hidden="true" style={{ height: (hosts.length - view.end) * view.rowPx }} /> : null}
      </tbody>
    </table>
  );
  return windowed ? (
    <div ref={view.ref} className="table-window">
      {table}
    </div>
  ) : (
    table
  );
}
