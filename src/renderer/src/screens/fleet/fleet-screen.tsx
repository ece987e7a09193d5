// Fleet: every host at a glance. The engine probes every host each interval
// while a window watches; this screen shows the latest answers.
import { useMemo } from 'react';
import { ErrorNote } from '../../components/error-note';
import { formatDuration } from '../../components/format';
import { useApp } from '../../store/use-app';
import { filterHosts } from './filter-hosts';
import { FleetFilters } from './fleet-filters';
import { FleetTable } from './fleet-table';

export function FleetScreen() {
  const hosts = useApp((s) => s.hosts);
  const filter = useApp((s) => s.hostFilter);
  const loaded = useApp((s) => s.hostsLoaded);
  const error = useApp((s) => s.hostsError);
  const interval = useApp((s) => s.settings?.probeIntervalMs);
  const goTo = useApp((s) => s.goTo);
  const shown = useMemo(() => filterHosts(hosts, filter), [hosts, filter]);
  return (
    <>
      <h1 id="screen-title">Fleet</h1>
      <p className="muted">
        {hosts.length} hosts{interval ? `, probed every ${formatDuration(interval)} while this window is open` : ''}.
      </p>
      <FleetFilters />
      <ErrorNote text={error} />
      {loaded && hosts.length === 0 ? (
        <p>
          No hosts yet.{' '}
          <button type="button" className="link" onClick={() => goTo('Settings')}>
            Add one in Settings
          </button>
        </p>
      ) : (
        <FleetTable hosts={shown} />
      )}
      {hosts.length > 0 && shown.length === 0 ? <p>No host matches this filter.</p> : null}
    </>
  );
}
