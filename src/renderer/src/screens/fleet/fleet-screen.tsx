// Fleet: every host at a glance. The engine probes every host each interval
// while a window watches; this screen shows the latest answers.
import { useCallback, useMemo } from 'react';
import type { HostSummary } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { formatDuration } from '../../../../shared/format';
import { hostFlags } from '../../components/host-flags';
import { busyHosts } from '../../store/operations-slice';
import { useApp } from '../../store/use-app';
import { filterHosts } from './filter-hosts';
import { FleetFilters } from './fleet-filters';
import { FleetTable } from './fleet-table';
import { countStates, FleetCounts } from './fleet-counts';

export function FleetScreen() {
  const hosts = useApp((s) => s.hosts);
  const filter = useApp((s) => s.hostFilter);
  const loaded = useApp((s) => s.hostsLoaded);
  const error = useApp((s) => s.hostsError);
  const interval = useApp((s) => s.settings?.probeIntervalMs);
  const goTo = useApp((s) => s.goTo);
  const operations = useApp((s) => s.operations);
  const selected = useApp((s) => s.selectedHosts);
  const deploySelected = useApp((s) => s.deploySelectedHosts);
  const busy = useMemo(() => busyHosts(operations), [operations]);
  const flagsOf = useCallback((h: HostSummary) => hostFlags(h, busy), [busy]);
  const shown = useMemo(() => filterHosts(hosts, filter, flagsOf), [hosts, filter, flagsOf]);
  const counts = useMemo(() => countStates(hosts, flagsOf), [hosts, flagsOf]);
  return (
    <>
      <h1 id="screen-title">Fleet</h1>
      <p className="muted">
        {hosts.length} hosts{interval ? `, probed every ${formatDuration(interval)} while this window is open` : ''}.
      </p>
      <FleetCounts counts={counts} />
      <FleetFilters />
      <div className="toolbar">
        <button type="button" onClick={deploySelected} disabled={selected.length === 0}>
          Deploy to {selected.length} selected host{selected.length === 1 ? '' : 's'}
        </button>
      </div>
      <ErrorNote text={error} />
      {loaded && hosts.length === 0 ? (
        <p>
          No hosts yet.{' '}
          <button type="button" className="link" onClick={() => goTo('Settings')}>
            Add one in Settings
          </button>
        </p>
      ) : (
        <FleetTable hosts={shown} flagsOf={flagsOf} />
      )}
      {hosts.length > 0 && shown.length === 0 ? <p>No host matches this filter.</p> : null}
    </>
  );
}
